/*
 * kws_frontend built for other FFT sizes and windows than the default configuration
 * (tests/fe_alt/kws_frontend_data.h, sizes from -DKWS_FE_FFT_SIZE / _WINDOW_SAMPLES /
 * _HOP_SAMPLES; the Makefile builds several), against a plain reference written here:
 * window, packed complex FFT of size M = N/2 as the textbook radix-2 decimation-in-time
 * loop (bit-reversal permutation, then log2(M) stages of butterflies with the twiddles
 * read from the same quarter-wave table), split step for every bin 0..M, mel, log, DCT,
 * each in the float operations and order the frontend promises.
 *
 * The MFCC of every frame must be identical (== on floats: bit for bit up to the sign of
 * zero, the one difference the frontend's comments allow) on all three entries:
 * kws_frontend_push (PCM: the fused window load when KWS_WINDOW_SAMPLES == 5M/4, the plain
 * load otherwise, odd windows included), kws_frontend_compute_frame on a separate buffer
 * (window straight into bit-reversed order) and on a window inside fe->buf (the overlap
 * branch: window in place, then the bit-reversal permutation). Each mel layout moves
 * bin_lo/bin_hi: filters below fs/4 only, over every bin 0..M, and in the middle; so
 * both power paths (kws_fe_power_inplace for even log2(M), with its fast and general
 * loops; kws_fe_last_stage_power for odd log2(M), with and without the upper half) run.
 */
#include <math.h>
#include <string.h>

#include "kws_frontend.h"
#include "kws_test.h"

#define N KWS_FE_FFT_SIZE
#define M (KWS_FE_FFT_SIZE / 2)
#define W KWS_FE_WINDOW_SAMPLES
#define B KWS_FE_MEL_BANDS
#define FRAMES 12

float kws_fe_window[W];
int16_t kws_fe_mel_start[B];
int16_t kws_fe_mel_len[B];
int16_t kws_fe_mel_offset[B];
float kws_fe_mel_weights[KWS_FE_MEL_WEIGHTS_COUNT];
float kws_fe_dct[KWS_FE_NUM_COEFFS * B];
float kws_fe_fft_cos[N / 4 + 1];

static kws_frontend_t g_fe;
static int16_t g_pcm[W + (FRAMES - 1) * KWS_FE_HOP_SAMPLES];
static float g_mfcc_push[FRAMES][KWS_FE_NUM_COEFFS];
static float g_mfcc_ref[FRAMES][KWS_FE_NUM_COEFFS];

static void fill_tables(uint32_t *s)
{
    const double pi = 3.14159265358979323846;
    int n, k;
    for (n = 0; n < W; n++) {
        kws_fe_window[n] = (float)(0.5 - 0.5 * cos(2.0 * pi * n / W));
    }
    for (k = 0; k <= N / 4; k++) {
        kws_fe_fft_cos[k] = (float)cos(2.0 * pi * k / N);
    }
    /* exact, as the Java table has them (stages 1-2 and the -j trick rely on it) */
    kws_fe_fft_cos[0] = 1.0f;
    kws_fe_fft_cos[N / 4] = 0.0f;
    for (k = 0; k < KWS_FE_NUM_COEFFS * B; k++) {
        kws_fe_dct[k] = (float)tu_rand_range(s, -1000, 1000) / 1000.0f;
    }
}

/* B overlapping filters over bins [lo, hi], random positive weights. */
static void set_mel(uint32_t *s, int lo, int hi)
{
    const int span = hi - lo + 1;
    int j, i;
    for (j = 0; j < B; j++) {
        int start = lo + j * span / (B + 1);
        int len = 2 * span / (B + 1) + 1;
        if (start + len - 1 > hi) {
            len = hi - start + 1;
        }
        if (j == B - 1) {
            len = hi - start + 1; /* the last one reaches hi */
        }
        kws_fe_mel_start[j] = (int16_t)start;
        kws_fe_mel_len[j] = (int16_t)len;
        kws_fe_mel_offset[j] = (int16_t)(j * KWS_FE_NUM_BINS);
        for (i = 0; i < len; i++) {
            kws_fe_mel_weights[j * KWS_FE_NUM_BINS + i] = (float)tu_rand_range(s, 1, 1000) / 997.0f;
        }
    }
}

/* cos / sin(2 pi k / N), 0 <= k < N/2, by the table's symmetries (as the frontend reads them) */
static float ref_cos(uint32_t k)
{
    return k <= N / 4 ? kws_fe_fft_cos[k] : -kws_fe_fft_cos[N / 2 - k];
}

static float ref_sin(uint32_t k)
{
    return k <= N / 4 ? kws_fe_fft_cos[N / 4 - k] : kws_fe_fft_cos[k - N / 4];
}

/* The plain pipeline on W windowed samples x (already multiplied by the window). */
static void ref_mfcc(const float *x, float *mfcc)
{
    static float z[2 * M];
    static float p[M + 1];
    float logmel[B];
    uint32_t i, j, len, k;
    int b, c;
    for (i = 0; i < 2 * M; i++) {
        z[i] = i < (uint32_t)W ? x[i] : 0.0f;
    }
    /* bit-reversal permutation */
    for (i = 0, j = 0; i < M; i++) {
        if (i < j) {
            float tr = z[2 * i], ti = z[2 * i + 1];
            z[2 * i] = z[2 * j];
            z[2 * i + 1] = z[2 * j + 1];
            z[2 * j] = tr;
            z[2 * j + 1] = ti;
        }
        k = M >> 1;
        while (k >= 1 && (j & k)) {
            j ^= k;
            k >>= 1;
        }
        j |= k;
    }
    /* radix-2 DIT stages: butterflies (g + m, g + m + half) with W_len^m = W_N^(m N / len) */
    for (len = 2; len <= M; len *= 2) {
        const uint32_t half = len / 2;
        uint32_t m, g;
        for (m = 0; m < half; m++) {
            const uint32_t t = m * (N / len);
            const float wr = ref_cos(t), wi = -ref_sin(t);
            for (g = 0; g < M; g += len) {
                float *a = z + 2 * (g + m), *bb = z + 2 * (g + m + half);
                const float tr = bb[0] * wr - bb[1] * wi;
                const float ti = bb[0] * wi + bb[1] * wr;
                bb[0] = a[0] - tr;
                bb[1] = a[1] - ti;
                a[0] = a[0] + tr;
                a[1] = a[1] + ti;
            }
        }
    }
    /* split step: power of every bin */
    {
        const float r0 = z[0] + z[1], rm = z[0] - z[1];
        p[0] = r0 * r0;
        p[M] = rm * rm;
    }
    for (k = 1; k < M; k++) {
        float a = z[2 * k], bq = z[2 * k + 1];
        float cq = z[2 * (M - k)], d = z[2 * (M - k) + 1];
        float er = 0.5f * (a + cq);
        float ei = 0.5f * (bq - d);
        float or_ = 0.5f * (bq + d);
        float oi = -0.5f * (a - cq);
        float wr = ref_cos(k), wi = -ref_sin(k);
        float yr = er + (wr * or_ - wi * oi);
        float yi = ei + (wr * oi + wi * or_);
        p[k] = yr * yr + yi * yi;
    }
    for (b = 0; b < B; b++) {
        float e = 0.0f;
        for (i = 0; i < (uint32_t)kws_fe_mel_len[b]; i++) {
            e += kws_fe_mel_weights[kws_fe_mel_offset[b] + (int)i] * p[kws_fe_mel_start[b] + (int)i];
        }
        logmel[b] = logf(e > KWS_FE_LOG_FLOOR ? e : KWS_FE_LOG_FLOOR);
    }
    for (c = 0; c < KWS_FE_NUM_COEFFS; c++) {
        float v = 0.0f;
        for (b = 0; b < B; b++) {
            v += kws_fe_dct[c * B + b] * logmel[b];
        }
        mfcc[c] = v;
    }
}

static void collect(uint32_t frame_index, const float *mfcc, void *user)
{
    (void)user;
    if (frame_index < FRAMES) {
        memcpy(g_mfcc_push[frame_index], mfcc, sizeof g_mfcc_push[0]);
    }
}

static int same(const float *a, const float *b)
{
    int k;
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        if (!(a[k] == b[k])) {
            return 0;
        }
    }
    return 1;
}

/* One signal (kind 0 random full scale, 1 quiet tone + noise, 2 silence then a burst), one mel
 * layout: every entry point against the reference, frame by frame. */
static void check_signal(uint32_t *s, int kind, const char *layout)
{
    static float xs[W];   /* samples as floats (pcm / 32768) */
    static float xw[W];   /* windowed, for the reference */
    float out[KWS_FE_NUM_COEFFS];
    size_t n = sizeof g_pcm / sizeof g_pcm[0], i, pos;
    int f, bad = 0;
    for (i = 0; i < n; i++) {
        int v;
        if (kind == 0) {
            v = tu_rand_range(s, -32768, 32767);
        } else if (kind == 1) {
            v = (int)(3000.0 * sin(0.37 * (double)i)) + tu_rand_range(s, -40, 40);
        } else {
            v = i < n / 2 ? 0 : tu_rand_range(s, -2000, 2000);
        }
        g_pcm[i] = (int16_t)v;
    }
    kws_frontend_init(&g_fe);
    memset(g_mfcc_push, 0x7f, sizeof g_mfcc_push);
    /* uneven pieces, so frames complete in the middle of a push */
    for (pos = 0; pos < n;) {
        size_t take = (size_t)tu_rand_range(s, 1, 3 * KWS_FE_HOP_SAMPLES);
        if (take > n - pos) {
            take = n - pos;
        }
        kws_frontend_push(&g_fe, g_pcm + pos, take, collect, NULL);
        pos += take;
    }
    TU_CHECK_INT(g_fe.frame_index, FRAMES);
    for (f = 0; f < FRAMES; f++) {
        const int16_t *frame = g_pcm + (size_t)f * KWS_FE_HOP_SAMPLES;
        for (i = 0; i < (size_t)W; i++) {
            xs[i] = (float)frame[i] / 32768.0f;
            xw[i] = xs[i] * kws_fe_window[i];
        }
        ref_mfcc(xw, g_mfcc_ref[f]);
        if (!same(g_mfcc_push[f], g_mfcc_ref[f])) {
            bad |= 1;
        }
        kws_frontend_compute_frame(&g_fe, xs, out); /* separate buffer */
        if (!same(out, g_mfcc_ref[f])) {
            bad |= 2;
        }
        memcpy(g_fe.buf, xs, sizeof xs); /* in fe->buf at its start: the overlap branch */
        kws_frontend_compute_frame(&g_fe, g_fe.buf, out);
        if (!same(out, g_mfcc_ref[f])) {
            bad |= 4;
        }
        memcpy(g_fe.buf + (N - W), xs, sizeof xs); /* ... and at its end */
        kws_frontend_compute_frame(&g_fe, g_fe.buf + (N - W), out);
        if (!same(out, g_mfcc_ref[f])) {
            bad |= 8;
        }
        if (bad) {
            TU_FAIL("N %d W %d mel %s signal %d frame %d: differs from the plain radix-2 reference "
                    "(push %d, compute_frame %d, overlap at 0 %d, overlap at end %d; c0 %.9g vs %.9g)",
                    N, W, layout, kind, f, bad & 1, (bad >> 1) & 1, (bad >> 2) & 1, (bad >> 3) & 1,
                    (double)g_mfcc_push[f][0], (double)g_mfcc_ref[f][0]);
            return;
        }
    }
}

static void check_layout(uint32_t *s, int lo, int hi, const char *layout, uint32_t want_lo, uint32_t want_hi)
{
    int kind;
    set_mel(s, lo, hi);
    kws_frontend_init(&g_fe);
    TU_CHECK_INT(g_fe.bin_lo, want_lo);
    TU_CHECK_INT(g_fe.bin_hi, want_hi);
    for (kind = 0; kind < 3; kind++) {
        check_signal(s, kind, layout);
    }
}

/* filters below fs/4 (bin_hi <= M/2 + 1): power_inplace's fast loop, last stage without the upper half */
static void test_mel_below_quarter_rate(void)
{
    uint32_t s = 0x51u + N;
    fill_tables(&s);
    check_layout(&s, 1, M / 2, "1..M/2", 1, M / 2 + 1);
}

/* filters over every bin, 0 (DC) to M (Nyquist): the general loop / the upper half */
static void test_mel_every_bin(void)
{
    uint32_t s = 0x52u + N;
    fill_tables(&s);
    check_layout(&s, 0, M, "0..M", 0, M + 1);
}

/* filters in the middle, reaching into the upper half but not to M */
static void test_mel_middle(void)
{
    uint32_t s = 0x53u + N;
    fill_tables(&s);
    check_layout(&s, 3, M - 2, "3..M-2", 3, M - 1);
}

int main(void)
{
    printf("test_frontend_alt: N %d, window %d, hop %d (log2(M) %s, %s window load)\n", N, W,
           KWS_FE_HOP_SAMPLES, (M & 0x55555555u) ? "even" : "odd",
           (W == 5 * M / 4 && M % 8 == 0) ? "fused" : "plain");
    TU_RUN(test_mel_below_quarter_rate);
    TU_RUN(test_mel_every_bin);
    TU_RUN(test_mel_middle);
    return TU_SUMMARY("test_frontend_alt");
}
