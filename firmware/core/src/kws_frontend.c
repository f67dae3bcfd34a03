/*
 * kws_frontend: streaming MFCC, float32, docs/SPEC.md section 2.
 *
 * Real FFT of size N = KWS_FE_FFT_SIZE as a complex radix-2 FFT of size N/2
 * on the even/odd samples packed as (re, im), followed by the usual split
 * step. All arithmetic is float; build with -ffp-contract=off so that no
 * fused multiply-adds change rounding relative to the Java reference.
 *
 * Memory: one cosine table of N/2 entries (sin(2 pi k/N) is read from it by
 * quarter-wave symmetry) and the FFT buffer; no power-spectrum array: the
 * split step writes the power of the bins the mel filters use (only those)
 * over the FFT output it has consumed (kws_fe_power_inplace).
 */
#include "kws_frontend.h"

#include <math.h>
#include <string.h>

#define KWS_FE_N KWS_FE_FFT_SIZE
#define KWS_FE_M (KWS_FE_FFT_SIZE / 2) /* complex FFT size */

typedef char kws_fe_fft_pow2[((KWS_FE_N & (KWS_FE_N - 1)) == 0 && KWS_FE_N >= 16) ? 1 : -1];
typedef char kws_fe_window_fits[(KWS_FE_WINDOW_SAMPLES <= KWS_FE_N) ? 1 : -1];
typedef char kws_fe_bins_ok[(KWS_FE_NUM_BINS == KWS_FE_N / 2 + 1) ? 1 : -1];
typedef char kws_fe_hop_ok[(KWS_FE_HOP_SAMPLES >= 1 && KWS_FE_HOP_SAMPLES <= KWS_FE_WINDOW_SAMPLES) ? 1 : -1];

void kws_frontend_init(kws_frontend_t *fe)
{
    /* Twiddles from the first octant only (small arguments keep cosf/sinf at
     * full precision), the rest by symmetry. */
    const float step = 6.28318530717958647692f / (float)KWS_FE_N;
    int k, j;
    memset(fe, 0, sizeof *fe);
    for (k = 0; k <= KWS_FE_N / 8; k++) {
        float a = step * (float)k;
        float c = cosf(a);
        float s = sinf(a);
        fe->cos_tw[k] = c;
        fe->cos_tw[KWS_FE_N / 4 - k] = s;
        fe->cos_tw[KWS_FE_N / 4 + k] = -s;
        if (k > 0) {
            fe->cos_tw[KWS_FE_N / 2 - k] = -c;
        }
    }
    /* bins the mel filters read */
    fe->bin_lo = KWS_FE_NUM_BINS;
    fe->bin_hi = 0;
    for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
        uint32_t lo = (uint32_t)kws_fe_mel_start[j];
        uint32_t hi = lo + (uint32_t)kws_fe_mel_len[j];
        fe->bin_lo = lo < fe->bin_lo ? lo : fe->bin_lo;
        fe->bin_hi = hi > fe->bin_hi ? hi : fe->bin_hi;
    }
}

void *kws_frontend_scratch(kws_frontend_t *fe, size_t *bytes)
{
    if (bytes != NULL) {
        *bytes = sizeof fe->buf;
    }
    return fe->buf;
}

/* sin(2 pi k / N), 0 <= k < N/2, from the cosine table */
static inline float kws_fe_sin(const kws_frontend_t *fe, uint32_t k)
{
    return k <= KWS_FE_N / 4 ? fe->cos_tw[KWS_FE_N / 4 - k] : fe->cos_tw[k - KWS_FE_N / 4];
}

/* In-place complex FFT of size M on x = (re, im) pairs, forward
 * (exp(-2*pi*i*n*k/M)). Twiddles W_M^j = W_N^(2j). */
static void kws_fe_cfft(const kws_frontend_t *fe, float *x)
{
    uint32_t i, j, len;
    /* bit-reversal permutation */
    for (i = 1, j = 0; i < KWS_FE_M; i++) {
        uint32_t bit = KWS_FE_M >> 1;
        for (; j & bit; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            float tr = x[2 * i], ti = x[2 * i + 1];
            x[2 * i] = x[2 * j];
            x[2 * i + 1] = x[2 * j + 1];
            x[2 * j] = tr;
            x[2 * j + 1] = ti;
        }
    }
    for (len = 2; len <= KWS_FE_M; len <<= 1) {
        uint32_t half = len >> 1;
        uint32_t tw_step = KWS_FE_N / len; /* W_len^m = W_N^(m * N / len) */
        uint32_t m, start;
        for (m = 0; m < half; m++) {
            float wr = fe->cos_tw[m * tw_step];
            float wi = -kws_fe_sin(fe, m * tw_step);
            for (start = m; start < KWS_FE_M; start += len) {
                float *a = x + 2 * start;
                float *b = x + 2 * (start + half);
                float br = b[0] * wr - b[1] * wi;
                float bi = b[0] * wi + b[1] * wr;
                b[0] = a[0] - br;
                b[1] = a[1] - bi;
                a[0] = a[0] + br;
                a[1] = a[1] + bi;
            }
        }
    }
}

/* Power of bin k (1..M-1) of the real signal whose FFT of the packed even/odd
 * samples is z (M complex values). */
static inline float kws_fe_power_bin(const kws_frontend_t *fe, const float *z, uint32_t k)
{
    float a = z[2 * k], b = z[2 * k + 1];
    float c = z[2 * (KWS_FE_M - k)], d = z[2 * (KWS_FE_M - k) + 1];
    float er = 0.5f * (a + c);
    float ei = 0.5f * (b - d);
    float or_ = 0.5f * (b + d);
    float oi = -0.5f * (a - c);
    float wr = fe->cos_tw[k];
    float wi = -kws_fe_sin(fe, k);
    float yr = er + (wr * or_ - wi * oi);
    float yi = ei + (wr * oi + wi * or_);
    return yr * yr + yi * yi;
}

/* Where kws_fe_power_inplace leaves the power of bin k (0..M): in the float
 * slot of z[M - k].re, bin 0 in z[0].im. */
#define KWS_FE_PIDX(k) ((k) == 0 ? 1u : 2u * (KWS_FE_M - (uint32_t)(k)))

/* Power spectrum in place over z: bins k and M-k read only z[k] and z[M-k],
 * so each pair is computed, then written over those two values. Only pairs
 * with a bin in [bin_lo, bin_hi) are computed. */
static void kws_fe_power_inplace(const kws_frontend_t *fe, float *z)
{
    uint32_t k;
    const float r0 = z[0] + z[1];
    const float rm = z[0] - z[1];
    z[KWS_FE_PIDX(0)] = r0 * r0;
    z[KWS_FE_PIDX(KWS_FE_M)] = rm * rm;
    for (k = 1; k <= KWS_FE_M / 2; k++) {
        const int need_k = k >= fe->bin_lo && k < fe->bin_hi;
        const int need_mk = KWS_FE_M - k >= fe->bin_lo && KWS_FE_M - k < fe->bin_hi && k != KWS_FE_M / 2;
        float pk = 0.0f, pmk = 0.0f;
        if (need_k) {
            pk = kws_fe_power_bin(fe, z, k);
        }
        if (need_mk) {
            pmk = kws_fe_power_bin(fe, z, KWS_FE_M - k);
        }
        if (need_k) {
            z[KWS_FE_PIDX(k)] = pk;
        }
        if (need_mk) {
            z[KWS_FE_PIDX(KWS_FE_M - k)] = pmk;
        }
    }
}

void kws_frontend_compute_frame(kws_frontend_t *fe, const float *window_samples, float *mfcc_out)
{
    float logmel[KWS_FE_MEL_BANDS];
    const float floor_e = (float)KWS_FE_LOG_FLOOR;
    int n, j, k;
    for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) {
        fe->buf[n] = window_samples[n] * kws_fe_window[n];
    }
    for (n = KWS_FE_WINDOW_SAMPLES; n < KWS_FE_N; n++) {
        fe->buf[n] = 0.0f;
    }
    kws_fe_cfft(fe, fe->buf);
    kws_fe_power_inplace(fe, fe->buf);
    for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
        const float *w = kws_fe_mel_weights + kws_fe_mel_offset[j];
        const uint32_t start = (uint32_t)kws_fe_mel_start[j];
        const int len = kws_fe_mel_len[j];
        float e = 0.0f;
        int i = 0;
        if (start == 0 && len > 0) {
            e += w[0] * fe->buf[KWS_FE_PIDX(0)];
            i = 1;
        }
        {
            /* P(start + i) at buf[2 (M - start - i)]: a pointer walking down by 2 */
            const float *p = fe->buf + KWS_FE_PIDX(start + (uint32_t)i);
            for (; i < len; i++, p -= 2) {
                e += w[i] * *p;
            }
        }
        logmel[j] = logf(e > floor_e ? e : floor_e);
    }
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        const float *d = kws_fe_dct + k * KWS_FE_MEL_BANDS;
        float c = 0.0f;
        for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
            c += d[j] * logmel[j];
        }
        mfcc_out[k] = c;
    }
}

void kws_frontend_push(kws_frontend_t *fe, const int16_t *pcm, size_t n, kws_frame_cb cb, void *user)
{
    size_t used = 0;
    while (used < n) {
        size_t room = (size_t)KWS_FE_WINDOW_SAMPLES - fe->fill;
        size_t take = n - used < room ? n - used : room;
        memcpy(fe->pcm + fe->fill, pcm + used, take * sizeof(int16_t));
        fe->fill += (uint32_t)take;
        used += take;
        if (fe->fill == KWS_FE_WINDOW_SAMPLES) {
            int i;
            for (i = 0; i < KWS_FE_WINDOW_SAMPLES; i++) {
                fe->buf[i] = (float)fe->pcm[i] / 32768.0f;
            }
            kws_frontend_compute_frame(fe, fe->buf, fe->mfcc);
            if (cb != NULL) {
                cb(fe->frame_index, fe->mfcc, user);
            }
            fe->frame_index++;
            memmove(fe->pcm, fe->pcm + KWS_FE_HOP_SAMPLES,
                    (size_t)(KWS_FE_WINDOW_SAMPLES - KWS_FE_HOP_SAMPLES) * sizeof(int16_t));
            fe->fill = KWS_FE_WINDOW_SAMPLES - KWS_FE_HOP_SAMPLES;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Feature window                                                           */

void kws_feature_window_init(kws_feature_window_t *w)
{
    memset(w, 0, sizeof *w);
}

void kws_feature_window_push(kws_feature_window_t *w, const float *mfcc)
{
    memcpy(w->frames[w->next], mfcc, sizeof w->frames[0]);
    w->next = (w->next + 1u) % KWS_FE_FRAMES;
    if (w->count < KWS_FE_FRAMES) {
        w->count++;
    }
}

int kws_feature_window_full(const kws_feature_window_t *w)
{
    return w->count >= KWS_FE_FRAMES;
}

/* Per-coefficient mean over the window (zeros when CMS is off). */
static void kws_fw_mean(const kws_feature_window_t *w, float *mean)
{
    uint32_t t, slot;
    int k;
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        mean[k] = 0.0f;
    }
    if (!KWS_FE_CMS) {
        return;
    }
    /* summed oldest first */
    for (t = 0, slot = w->next; t < KWS_FE_FRAMES; t++, slot = (slot + 1u) % KWS_FE_FRAMES) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            mean[k] += w->frames[slot][k];
        }
    }
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        mean[k] /= (float)KWS_FE_FRAMES;
    }
}

void kws_feature_window_features(const kws_feature_window_t *w, float *out)
{
    float mean[KWS_FE_NUM_COEFFS];
    uint32_t t, slot;
    int k;
    kws_fw_mean(w, mean);
    /* oldest first: the slot the next push would overwrite */
    for (t = 0, slot = w->next; t < KWS_FE_FRAMES; t++, slot = (slot + 1u) % KWS_FE_FRAMES) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            out[t * KWS_FE_NUM_COEFFS + k] = w->frames[slot][k] - mean[k];
        }
    }
}

int8_t kws_frontend_quantize_value(float c)
{
    float v = c / (float)KWS_FE_INPUT_SCALE;
    float r;
    int32_t q;
    if (!(v == v)) { /* NaN */
        v = 0.0f;
    }
    if (v > 1000.0f) {
        v = 1000.0f;
    }
    if (v < -1000.0f) {
        v = -1000.0f;
    }
    r = roundf(v); /* half away from zero */
    q = (int32_t)r + (int32_t)(KWS_FE_INPUT_ZERO_POINT);
    if (q < -128) {
        q = -128;
    }
    if (q > 127) {
        q = 127;
    }
    return (int8_t)q;
}

void kws_feature_window_quantize(const kws_feature_window_t *w, int8_t *out)
{
    float mean[KWS_FE_NUM_COEFFS];
    uint32_t t, slot;
    int k;
    kws_fw_mean(w, mean);
    for (t = 0, slot = w->next; t < KWS_FE_FRAMES; t++, slot = (slot + 1u) % KWS_FE_FRAMES) {
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            out[t * KWS_FE_NUM_COEFFS + k] = kws_frontend_quantize_value(w->frames[slot][k] - mean[k]);
        }
    }
}
