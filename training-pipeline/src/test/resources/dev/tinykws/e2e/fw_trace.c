/*
 * fw_trace: the firmware's own frontend, feature window and int8 model (kws_frontend,
 * kws_nn, the generated tables) on a 16 kHz mono PCM16 WAV, printing what the DET lines
 * do not show: for every inference (same schedule as kws_app: k + 1 >= frames and
 * (k + 1 - frames) % stride == 0, t_ms = (k*hop + window)*1000/16000)
 *
 *   I <t_ms> <int8 softmax, one per label> | <int8 model input, frames*coeffs values>
 *
 * and, with -f, every raw MFCC frame as "F <k> <coefficients, %.9g>".
 * Used by the end-to-end tests to locate a Java/C difference (docs/end-to-end.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kws_frontend.h"
#include "kws_model_data.h"
#include "kws_nn.h"

typedef struct {
    kws_feature_window_t window;
    int8_t input[KWS_FE_FRAMES * KWS_FE_NUM_COEFFS];
    int8_t arena[2 * KWS_MODEL_MAX_TENSOR_BYTES];
    int print_frames;
} trace_t;

static kws_frontend_t g_fe;
static trace_t g_trace;

static void on_frame(uint32_t k, const float *mfcc, void *user)
{
    trace_t *t = (trace_t *)user;
    int i;
    if (t->print_frames) {
        printf("F %lu", (unsigned long)k);
        for (i = 0; i < KWS_FE_NUM_COEFFS; i++) {
            printf(" %.9g", (double)mfcc[i]);
        }
        printf("\n");
    }
    kws_feature_window_push(&t->window, mfcc);
    if (k + 1u >= KWS_FE_FRAMES && (k + 1u - KWS_FE_FRAMES) % KWS_DET_STRIDE_FRAMES == 0u) {
        const int8_t *s;
        unsigned long t_ms = ((unsigned long)k * KWS_FE_HOP_SAMPLES + KWS_FE_WINDOW_SAMPLES) * 1000ul / 16000ul;
        kws_feature_window_quantize(&t->window, t->input);
        s = kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, t->input, t->arena, sizeof t->arena, NULL, NULL);
        if (s == NULL) {
            fprintf(stderr, "fw_trace: kws_model_run failed\n");
            exit(1);
        }
        printf("I %lu", t_ms);
        for (i = 0; i < KWS_MODEL_NUM_LABELS; i++) {
            printf(" %d", s[i]);
        }
        printf(" |");
        for (i = 0; i < KWS_FE_FRAMES * KWS_FE_NUM_COEFFS; i++) {
            printf(" %d", t->input[i]);
        }
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char hdr[12];
    unsigned char ch[8];
    int16_t pcm[4096];
    unsigned char raw[8192];
    size_t n;
    unsigned long left;
    const char *path = argc > 1 ? argv[argc - 1] : NULL;

    if (argc < 2) {
        fprintf(stderr, "usage: fw_trace [-f] IN.wav\n");
        return 2;
    }
    g_trace.print_frames = argc > 2 && strcmp(argv[1], "-f") == 0;
    f = fopen(path, "rb");
    if (f == NULL || fread(hdr, 1, 12, f) != 12 || memcmp(hdr, "RIFF", 4) != 0 || memcmp(hdr + 8, "WAVE", 4) != 0) {
        fprintf(stderr, "fw_trace: %s is not a WAV file\n", path);
        return 2;
    }
    for (;;) { /* skip to the data chunk (the test writes 16 kHz mono PCM16) */
        if (fread(ch, 1, 8, f) != 8) {
            fprintf(stderr, "fw_trace: no data chunk in %s\n", path);
            return 2;
        }
        left = ch[4] | ((unsigned long)ch[5] << 8) | ((unsigned long)ch[6] << 16) | ((unsigned long)ch[7] << 24);
        if (memcmp(ch, "data", 4) == 0) {
            break;
        }
        if (fseek(f, (long)(left + (left & 1u)), SEEK_CUR) != 0) {
            return 2;
        }
    }
    kws_frontend_init(&g_fe);
    kws_feature_window_init(&g_trace.window);
    while (left >= 2 && (n = fread(raw, 1, left < sizeof raw ? left : sizeof raw, f)) >= 2) {
        size_t i;
        for (i = 0; i + 1 < n; i += 2) {
            pcm[i / 2] = (int16_t)(uint16_t)(raw[i] | (raw[i + 1] << 8));
        }
        kws_frontend_push(&g_fe, pcm, n / 2, on_frame, &g_trace);
        left -= n;
    }
    fclose(f);
    return 0;
}
