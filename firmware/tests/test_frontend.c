/*
 * Host tests for kws_frontend.
 *
 * Tolerances (docs/SPEC.md section 2, docs/firmware-core.md):
 *   float MFCC (raw and after CMS) vs the reference: within 1e-3 absolute;
 *   int8 features: identical for >= 99% of values, never more than 1 apart.
 * References: GOLDEN_DIR/golden_frontend.h (the Java reference,
 * FrontendGoldenWriter through GoldenMain) and a double-precision plain DFT
 * computed here from the same tables. (Other FFT sizes and window shapes, and
 * the code paths the default configuration does not compile, are checked bit
 * for bit against a plain radix-2 FFT by test_frontend_alt.)
 */
#include <string.h>

#include "kws_frontend.h"
#include "golden_frontend.h"
#include "kws_test.h"

#define MFCC_TOL 1e-3
#define NFEAT (KWS_FE_FRAMES * KWS_FE_NUM_COEFFS)
#define PI_D 3.14159265358979323846

typedef char golden_len_ok[(GOLDEN_FE_NUM_SAMPLES >=
                            KWS_FE_WINDOW_SAMPLES + (KWS_FE_FRAMES - 1) * KWS_FE_HOP_SAMPLES) ? 1 : -1];

static kws_frontend_t g_fe;   /* test-only statics: the structs are large */
static kws_frontend_t g_fe2;

/* ------------------------------------------------------------------------ */
/* Double-precision reference frame: plain DFT, same tables                 */

static void ref_frame(const float *x, double *mfcc)
{
    static double cs[KWS_FE_FFT_SIZE], sn[KWS_FE_FFT_SIZE];
    static int init;
    double y[KWS_FE_WINDOW_SAMPLES];
    double p[KWS_FE_NUM_BINS];
    double logmel[KWS_FE_MEL_BANDS];
    int n, b, j, k;
    if (!init) {
        for (n = 0; n < KWS_FE_FFT_SIZE; n++) {
            cs[n] = cos(2.0 * PI_D * n / KWS_FE_FFT_SIZE);
            sn[n] = sin(2.0 * PI_D * n / KWS_FE_FFT_SIZE);
        }
        init = 1;
    }
    for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) {
        y[n] = (double)x[n] * (double)kws_fe_window[n];
    }
    for (b = 0; b < KWS_FE_NUM_BINS; b++) {
        double re = 0.0, im = 0.0;
        for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) {
            int idx = (int)(((long)n * b) % KWS_FE_FFT_SIZE);
            re += y[n] * cs[idx];
            im -= y[n] * sn[idx];
        }
        p[b] = re * re + im * im;
    }
    for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
        double e = 0.0;
        for (n = 0; n < kws_fe_mel_len[j]; n++) {
            e += (double)kws_fe_mel_weights[kws_fe_mel_offset[j] + n] * p[kws_fe_mel_start[j] + n];
        }
        logmel[j] = log(e > (double)KWS_FE_LOG_FLOOR ? e : (double)KWS_FE_LOG_FLOOR);
    }
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        double c = 0.0;
        for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
            c += (double)kws_fe_dct[k * KWS_FE_MEL_BANDS + j] * logmel[j];
        }
        mfcc[k] = c;
    }
}

static double max_abs_diff_frame(const float *x)
{
    float got[KWS_FE_NUM_COEFFS];
    double ref[KWS_FE_NUM_COEFFS];
    double worst = 0.0;
    int k;
    kws_frontend_compute_frame(&g_fe, x, got);
    ref_frame(x, ref);
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        double d = fabs((double)got[k] - ref[k]);
        worst = d > worst ? d : worst;
    }
    return worst;
}

static void test_compute_frame_matches_double_dft(void)
{
    static float x[KWS_FE_WINDOW_SAMPLES];
    uint32_t s = 77u;
    int n, trial;
    double worst = 0.0, d;
    kws_frontend_init(&g_fe);

    memset(x, 0, sizeof x); /* silence: every band at the log floor */
    d = max_abs_diff_frame(x);
    TU_CHECK_NEAR(d, 0.0, MFCC_TOL);

    x[100] = 0.5f; /* impulse */
    d = max_abs_diff_frame(x);
    TU_CHECK_NEAR(d, 0.0, MFCC_TOL);
    worst = d > worst ? d : worst;

    for (trial = 0; trial < 6; trial++) { /* tones + noise at several levels */
        double f = 100.0 + 600.0 * trial;
        double amp = trial % 2 ? 0.9 : 0.05;
        for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) {
            double noise = ((double)tu_rand_range(&s, -1000, 1000)) / 1000.0 * 0.003;
            double v = amp * sin(2.0 * PI_D * f * n / KWS_FE_SAMPLE_RATE) + noise;
            x[n] = (float)(int)(v * 32767.0) / 32768.0f;
        }
        d = max_abs_diff_frame(x);
        TU_CHECK_NEAR(d, 0.0, MFCC_TOL);
        worst = d > worst ? d : worst;
    }
    printf("  compute_frame vs double DFT: max |diff| %.2e (tol %.0e)\n", worst, MFCC_TOL);
}

/* ------------------------------------------------------------------------ */
/* Streaming                                                                */

typedef struct {
    float mfcc[KWS_FE_FRAMES + 8][KWS_FE_NUM_COEFFS];
    uint32_t count;
    uint32_t bad_index;
    kws_feature_window_t win;
} collect_t;

static void collect_cb(uint32_t frame_index, const float *mfcc, void *user)
{
    collect_t *c = (collect_t *)user;
    if (frame_index != c->count) {
        c->bad_index++;
    }
    if (c->count < KWS_FE_FRAMES + 8) {
        memcpy(c->mfcc[c->count], mfcc, sizeof c->mfcc[0]);
    }
    kws_feature_window_push(&c->win, mfcc);
    c->count++;
}

/* Pushes samples in blocks whose sizes cycle through sizes[]. */
static void push_blocks(kws_frontend_t *fe, const int16_t *pcm, size_t n, const size_t *sizes, int nsizes,
                        collect_t *c)
{
    size_t pos = 0;
    int i = 0;
    while (pos < n) {
        size_t b = sizes[i++ % nsizes];
        if (b > n - pos) {
            b = n - pos;
        }
        kws_frontend_push(fe, pcm + pos, b, collect_cb, c);
        pos += b;
    }
}

static void test_block_size_invariance(void)
{
    static collect_t a, b;
    static const size_t whole[] = {GOLDEN_FE_NUM_SAMPLES};
    static const size_t odd[] = {1, 7, 0, 333, 2, 640, 319, 321, 1000};
    static const size_t hop[] = {KWS_FE_HOP_SAMPLES};
    const size_t *variants[2] = {odd, hop};
    const int nvar[2] = {9, 1};
    int v, c;
    for (c = 0; c < GOLDEN_FE_NUM_CASES; c++) {
        memset(&a, 0, sizeof a);
        kws_frontend_init(&g_fe);
        push_blocks(&g_fe, golden_fe_samples[c], GOLDEN_FE_NUM_SAMPLES, whole, 1, &a);
        TU_CHECK_INT(a.count, 1 + (GOLDEN_FE_NUM_SAMPLES - KWS_FE_WINDOW_SAMPLES) / KWS_FE_HOP_SAMPLES);
        TU_CHECK_INT(a.bad_index, 0);
        for (v = 0; v < 2; v++) {
            memset(&b, 0, sizeof b);
            kws_frontend_init(&g_fe2);
            push_blocks(&g_fe2, golden_fe_samples[c], GOLDEN_FE_NUM_SAMPLES, variants[v], nvar[v], &b);
            TU_CHECK_INT(b.count, a.count);
            TU_CHECK_INT(b.bad_index, 0);
            TU_CHECK(memcmp(a.mfcc, b.mfcc, sizeof a.mfcc) == 0);
        }
    }
    /* an empty push does nothing */
    memset(&a, 0, sizeof a);
    kws_frontend_init(&g_fe);
    kws_frontend_push(&g_fe, golden_fe_samples[0], 0, collect_cb, &a);
    kws_frontend_push(&g_fe, golden_fe_samples[0], KWS_FE_WINDOW_SAMPLES - 1, collect_cb, &a);
    TU_CHECK_INT(a.count, 0);
    kws_frontend_push(&g_fe, golden_fe_samples[0] + KWS_FE_WINDOW_SAMPLES - 1, 1, collect_cb, &a);
    TU_CHECK_INT(a.count, 1);
    kws_frontend_push(&g_fe, golden_fe_samples[0] + KWS_FE_WINDOW_SAMPLES, KWS_FE_HOP_SAMPLES, NULL, NULL);
    TU_CHECK_INT(g_fe.frame_index, 2);
}

/* ------------------------------------------------------------------------ */
/* Golden (Java reference)                                                 */

static void test_golden_mfcc_features_int8(void)
{
    static collect_t col;
    static const size_t blocks[] = {160, 97, 1024};
    float feats[NFEAT];
    int8_t q[NFEAT];
    double worst_mfcc = 0.0, worst_feat = 0.0;
    long same = 0, total = 0;
    int max_off = 0;
    int c, i, t, k;
    for (c = 0; c < GOLDEN_FE_NUM_CASES; c++) {
        memset(&col, 0, sizeof col);
        kws_feature_window_init(&col.win);
        kws_frontend_init(&g_fe);
        push_blocks(&g_fe, golden_fe_samples[c], GOLDEN_FE_NUM_SAMPLES, blocks, 3, &col);
        TU_CHECK(col.count >= KWS_FE_FRAMES);
        for (t = 0; t < KWS_FE_FRAMES; t++) {
            for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
                double d = fabs((double)col.mfcc[t][k] - (double)golden_fe_mfcc[c][t * KWS_FE_NUM_COEFFS + k]);
                worst_mfcc = d > worst_mfcc ? d : worst_mfcc;
                if (d > MFCC_TOL) {
                    TU_FAIL_("case %d frame %d coeff %d: mfcc %.6f, golden %.6f", c, t, k, col.mfcc[t][k],
                             golden_fe_mfcc[c][t * KWS_FE_NUM_COEFFS + k]);
                }
            }
        }
        /* the model window = the first KWS_FE_FRAMES frames of the clip */
        kws_feature_window_init(&col.win);
        for (t = 0; t < KWS_FE_FRAMES; t++) {
            kws_feature_window_push(&col.win, col.mfcc[t]);
        }
        TU_CHECK(kws_feature_window_full(&col.win));
        kws_feature_window_features(&col.win, feats);
        kws_feature_window_quantize(&col.win, q);
        for (i = 0; i < NFEAT; i++) {
            double d = fabs((double)feats[i] - (double)golden_fe_features[c][i]);
            int off = abs((int)q[i] - (int)golden_fe_int8[c][i]);
            worst_feat = d > worst_feat ? d : worst_feat;
            if (d > MFCC_TOL) {
                TU_FAIL_("case %d feature %d: %.6f, golden %.6f", c, i, feats[i], golden_fe_features[c][i]);
            }
            same += off == 0;
            total++;
            max_off = off > max_off ? off : max_off;
        }
    }
    printf("  golden (%d clips): max |mfcc diff| %.2e, max |feature diff| %.2e, int8 identical %ld/%ld "
           "(%.2f%%), max int8 diff %d\n",
           GOLDEN_FE_NUM_CASES, worst_mfcc, worst_feat, same, total, 100.0 * (double)same / (double)total,
           max_off);
    TU_CHECK(same * 100 >= total * 99);
    TU_CHECK(max_off <= 1);
}

/* ------------------------------------------------------------------------ */
/* Feature window and quantization                                          */

static void test_feature_window_ring_and_cms(void)
{
    static kws_feature_window_t w;
    float frame[KWS_FE_NUM_COEFFS];
    float out[NFEAT];
    int t, k;
    kws_feature_window_init(&w);
    TU_CHECK(!kws_feature_window_full(&w));
    for (t = 0; t < 60; t++) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            frame[k] = (float)(t * 4 + k);
        }
        kws_feature_window_push(&w, frame);
        TU_CHECK_INT(kws_feature_window_full(&w), t + 1 >= KWS_FE_FRAMES);
    }
    kws_feature_window_features(&w, out);
    /* oldest first: frames 60-49 .. 59; mean of t over those = 59 - (49-1)/2 */
    for (t = 0; t < KWS_FE_FRAMES; t++) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            double raw = (double)((60 - KWS_FE_FRAMES + t) * 4 + k);
            double mean = (double)((59 - (KWS_FE_FRAMES - 1) / 2.0) * 4 + k);
            double expected = KWS_FE_CMS ? raw - mean : raw;
            TU_CHECK_NEAR(out[t * KWS_FE_NUM_COEFFS + k], expected, 1e-4);
        }
    }
}

static int ref_quantize(float c)
{
    float v = c / (float)KWS_FE_INPUT_SCALE;
    double r = v >= 0 ? floor((double)v + 0.5) : -floor(-(double)v + 0.5);
    double q = r + KWS_FE_INPUT_ZERO_POINT;
    return q < -128 ? -128 : (q > 127 ? 127 : (int)q);
}

static void test_quantize_rounding_and_clamp(void)
{
    const float s = (float)KWS_FE_INPUT_SCALE;
    int m, halves = 0;
    for (m = -140; m <= 140; m++) {
        float c = ((float)m + 0.5f) * s;
        float v = c / s;
        if (v == (float)m + 0.5f) { /* an exact half: away from zero */
            int away = (m >= 0 ? m + 1 : m) + KWS_FE_INPUT_ZERO_POINT;
            away = away < -128 ? -128 : (away > 127 ? 127 : away);
            TU_CHECK_INT(kws_frontend_quantize_value(c), away);
            halves++;
        }
        TU_CHECK_INT(kws_frontend_quantize_value(c), ref_quantize(c));
        TU_CHECK_INT(kws_frontend_quantize_value((float)m * s * 1.37f), ref_quantize((float)m * s * 1.37f));
    }
    TU_CHECK(halves > 100);
    TU_CHECK_INT(kws_frontend_quantize_value(1e30f), 127);
    TU_CHECK_INT(kws_frontend_quantize_value(-1e30f), -128);
    TU_CHECK_INT(kws_frontend_quantize_value(0.0f), KWS_FE_INPUT_ZERO_POINT);
    TU_CHECK_INT(kws_frontend_quantize_value(-0.0f), KWS_FE_INPUT_ZERO_POINT);
}

static void test_quantize_window_matches_features(void)
{
    static kws_feature_window_t w;
    float frame[KWS_FE_NUM_COEFFS];
    float f[NFEAT];
    int8_t q[NFEAT];
    uint32_t s = 99u;
    int t, k, i;
    kws_feature_window_init(&w);
    for (t = 0; t < KWS_FE_FRAMES + 3; t++) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            frame[k] = (float)tu_rand_range(&s, -3000, 3000) / 200.0f;
        }
        kws_feature_window_push(&w, frame);
    }
    kws_feature_window_features(&w, f);
    kws_feature_window_quantize(&w, q);
    for (i = 0; i < NFEAT; i++) {
        TU_CHECK_INT(q[i], kws_frontend_quantize_value(f[i]));
    }
}

int main(void)
{
    TU_RUN(test_compute_frame_matches_double_dft);
    TU_RUN(test_block_size_invariance);
    TU_RUN(test_golden_mfcc_features_int8);
    TU_RUN(test_feature_window_ring_and_cms);
    TU_RUN(test_quantize_rounding_and_clamp);
    TU_RUN(test_quantize_window_matches_features);
    return TU_SUMMARY("test_frontend");
}
