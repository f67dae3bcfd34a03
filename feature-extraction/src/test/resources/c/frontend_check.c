/* Test program for the generated frontend C (FrontendCWriterTest / FrontendGoldenWriterTest).
 * Mode "tables": prints every table value as raw float bits so Java can compare bit for bit.
 * Mode "golden": recomputes the MFCC of each golden clip in C from the generated tables
 * (naive DFT in double, everything else in float as the firmware will) and checks it
 * against golden_frontend.h with the SPEC tolerances. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kws_frontend_data.h"
#include "golden_frontend.h"

_Static_assert(KWS_FE_NUM_BINS == KWS_FE_FFT_SIZE / 2 + 1, "bins");
_Static_assert(KWS_FE_FRAMES == 1 + (GOLDEN_FE_NUM_SAMPLES - KWS_FE_WINDOW_SAMPLES) / KWS_FE_HOP_SAMPLES, "frames");
_Static_assert(GOLDEN_FE_FRONTEND_HASH == KWS_FRONTEND_HASH, "golden and tables from the same config");

static uint32_t bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static void print_tables(void) {
    int i;
    printf("hash %08x\n", (unsigned) KWS_FRONTEND_HASH);
    printf("logfloor %08x\nscale %08x\nzp %d\ncms %d\n", (unsigned) bits(KWS_FE_LOG_FLOOR),
           (unsigned) bits(KWS_FE_INPUT_SCALE), KWS_FE_INPUT_ZERO_POINT, KWS_FE_CMS);
    for (i = 0; i < KWS_FE_WINDOW_SAMPLES; i++) printf("w %08x\n", (unsigned) bits(kws_fe_window[i]));
    for (i = 0; i < KWS_FE_MEL_BANDS; i++)
        printf("m %d %d %d\n", kws_fe_mel_start[i], kws_fe_mel_len[i], kws_fe_mel_offset[i]);
    for (i = 0; i < KWS_FE_MEL_WEIGHTS_COUNT; i++) printf("mw %08x\n", (unsigned) bits(kws_fe_mel_weights[i]));
    for (i = 0; i < KWS_FE_NUM_COEFFS * KWS_FE_MEL_BANDS; i++) printf("d %08x\n", (unsigned) bits(kws_fe_dct[i]));
    for (i = 0; i <= KWS_FE_FFT_SIZE / 4; i++) printf("c %08x\n", (unsigned) bits(kws_fe_fft_cos[i]));
}

static double cos_t[KWS_FE_FFT_SIZE], sin_t[KWS_FE_FFT_SIZE];

static void mfcc_frame(const float *x, float *out) {
    float y[KWS_FE_WINDOW_SAMPLES];
    float power[KWS_FE_NUM_BINS];
    float logmel[KWS_FE_MEL_BANDS];
    int n, b, j, k;
    for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) y[n] = x[n] * kws_fe_window[n];
    for (b = 0; b < KWS_FE_NUM_BINS; b++) {
        double re = 0, im = 0;
        for (n = 0; n < KWS_FE_WINDOW_SAMPLES; n++) {
            int idx = (int) (((long) b * n) % KWS_FE_FFT_SIZE);
            re += y[n] * cos_t[idx];
            im -= y[n] * sin_t[idx];
        }
        power[b] = (float) (re * re + im * im);
    }
    for (j = 0; j < KWS_FE_MEL_BANDS; j++) {
        float e = 0.0f;
        for (n = 0; n < kws_fe_mel_len[j]; n++)
            e += kws_fe_mel_weights[kws_fe_mel_offset[j] + n] * power[kws_fe_mel_start[j] + n];
        logmel[j] = logf(fmaxf(e, KWS_FE_LOG_FLOOR));
    }
    for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
        float c = 0.0f;
        for (j = 0; j < KWS_FE_MEL_BANDS; j++) c += kws_fe_dct[k * KWS_FE_MEL_BANDS + j] * logmel[j];
        out[k] = c;
    }
}

static int check_golden(void) {
    static float x[GOLDEN_FE_NUM_SAMPLES];
    static float feat[KWS_FE_FRAMES * KWS_FE_NUM_COEFFS];
    int c, i, t, k, failures = 0;
    long same = 0, total = 0;
    double max_err = 0;
    for (i = 0; i < KWS_FE_FFT_SIZE; i++) {
        cos_t[i] = cos(2.0 * 3.14159265358979323846 * i / KWS_FE_FFT_SIZE);
        sin_t[i] = sin(2.0 * 3.14159265358979323846 * i / KWS_FE_FFT_SIZE);
    }
    for (c = 0; c < GOLDEN_FE_NUM_CASES; c++) {
        for (i = 0; i < GOLDEN_FE_NUM_SAMPLES; i++) x[i] = golden_fe_samples[c][i] / 32768.0f;
        for (t = 0; t < KWS_FE_FRAMES; t++) mfcc_frame(x + t * KWS_FE_HOP_SAMPLES, feat + t * KWS_FE_NUM_COEFFS);
        for (i = 0; i < KWS_FE_FRAMES * KWS_FE_NUM_COEFFS; i++) {
            double err = fabs((double) feat[i] - golden_fe_mfcc[c][i]);
            if (err > max_err) max_err = err;
            if (err > 1e-3) failures++;
        }
#if KWS_FE_CMS
        for (k = 0; k < KWS_FE_NUM_COEFFS; k++) {
            float sum = 0.0f, mean;
            for (t = 0; t < KWS_FE_FRAMES; t++) sum += feat[t * KWS_FE_NUM_COEFFS + k];
            mean = sum / KWS_FE_FRAMES;
            for (t = 0; t < KWS_FE_FRAMES; t++) feat[t * KWS_FE_NUM_COEFFS + k] -= mean;
        }
#endif
        for (i = 0; i < KWS_FE_FRAMES * KWS_FE_NUM_COEFFS; i++) {
            long q = lroundf(feat[i] / KWS_FE_INPUT_SCALE) + KWS_FE_INPUT_ZERO_POINT;
            int d;
            if (q < -128) q = -128;
            if (q > 127) q = 127;
            d = (int) q - golden_fe_int8[c][i];
            if (d == 0) same++;
            if (d > 1 || d < -1) failures++;
            total++;
            if (fabs((double) feat[i] - golden_fe_features[c][i]) > 2e-3) failures++;
        }
    }
    printf("max_abs_mfcc_err %.3g\nint8_identical %ld/%ld\nfailures %d\n", max_err, same, total, failures);
    return failures == 0 && same * 100 >= total * 99 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "tables") == 0) {
        print_tables();
        return 0;
    }
    return check_golden();
}
