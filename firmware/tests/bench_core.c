/*
 * Instruction counts of the core on the emulated Cortex-M4F (QEMU mps2-an386,
 * -icount shift=0, see harness/kws_test_m4.c). Prints one markdown table row per item.
 *
 *  - frontend: init, one hop (kws_frontend_push of KWS_FE_HOP_SAMPLES samples that
 *    completes one frame), kws_feature_window_quantize;
 *  - kernels of a DS-CNN-S-shaped network with synthetic weights (SPEC section 3
 *    default architecture: conv 10x4 s2 64ch, 4 x (dw 3x3 + pw 64), avgpool, FC 12,
 *    softmax), one row per layer with MACs and instructions per MAC;
 *  - the model in MODEL_DIR (kws_model_layers), whole inference.
 */
#include <stdio.h>
#include <string.h>

#include "kws_frontend.h"
#include "kws_model_data.h"
#include "kws_nn.h"
#include "kws_test.h"

#ifndef KWS_BENCH_LABELS
#define KWS_BENCH_LABELS 12
#endif
#define CH 64
#define OH 25
#define OW 5

static kws_frontend_t g_fe;
static kws_feature_window_t g_win;
static int8_t g_in[49 * 10];
static int8_t g_arena[KWS_NN_ARENA_BYTES(OH * OW * CH)];
static int8_t g_w_conv[CH * 10 * 4];
static int8_t g_w_dw[4][3 * 3 * CH];
static int8_t g_w_pw[4][CH * CH];
static int8_t g_w_fc[KWS_BENCH_LABELS * CH];
static int32_t g_bias[CH];
static int32_t g_mult[CH];
static int32_t g_shift[CH];
static int32_t g_lut[256];
static kws_layer_t g_layers[12];

static uint32_t g_rng = 12345u;
static int8_t rnd8(void)
{
    g_rng = g_rng * 1664525u + 1013904223u;
    return (int8_t)(g_rng >> 24);
}

static void fill(int8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = rnd8();
    }
}

static kws_layer_t base(kws_op_t op, int ih, int iw, int ic, int oh, int ow, int oc)
{
    kws_layer_t l;
    memset(&l, 0, sizeof l);
    l.op = op;
    l.in_h = (int16_t)ih; l.in_w = (int16_t)iw; l.in_c = (int16_t)ic;
    l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.out_c = (int16_t)oc;
    l.k_h = 1; l.k_w = 1; l.stride_h = 1; l.stride_w = 1;
    l.in_zp = -5; l.out_zp = -128; l.act_min = -128; l.act_max = 127;
    l.bias = g_bias; l.multiplier = g_mult; l.shift = g_shift;
    return l;
}

static int build_dscnn(void)
{
    int n = 0, b, i;
    for (i = 0; i < CH; i++) {
        g_bias[i] = 100 * i - 3000;
        g_mult[i] = 1500000000 + 1000 * i;
        g_shift[i] = -8;
    }
    for (i = 0; i < 256; i++) {
        g_lut[i] = (int32_t)(1048576 >> (i / 16));
    }
    fill(g_w_conv, sizeof g_w_conv);
    fill((int8_t *)g_w_dw, sizeof g_w_dw);
    fill((int8_t *)g_w_pw, sizeof g_w_pw);
    fill(g_w_fc, sizeof g_w_fc);
    fill(g_in, sizeof g_in);

    g_layers[n] = base(KWS_OP_CONV2D, 49, 10, 1, OH, OW, CH);
    g_layers[n].k_h = 10; g_layers[n].k_w = 4; g_layers[n].stride_h = 2; g_layers[n].stride_w = 2;
    g_layers[n].pad_h = 4; g_layers[n].pad_w = 1; g_layers[n].weights = g_w_conv;
    n++;
    for (b = 0; b < 4; b++) {
        g_layers[n] = base(KWS_OP_DWCONV2D, OH, OW, CH, OH, OW, CH);
        g_layers[n].k_h = 3; g_layers[n].k_w = 3; g_layers[n].pad_h = 1; g_layers[n].pad_w = 1;
        g_layers[n].in_zp = -128; g_layers[n].weights = g_w_dw[b];
        n++;
        g_layers[n] = base(KWS_OP_CONV2D, OH, OW, CH, OH, OW, CH);
        g_layers[n].in_zp = -128; g_layers[n].weights = g_w_pw[b];
        n++;
    }
    g_layers[n] = base(KWS_OP_AVGPOOL, OH, OW, CH, 1, 1, CH);
    g_layers[n].k_h = OH; g_layers[n].k_w = OW; g_layers[n].stride_h = OH; g_layers[n].stride_w = OW;
    g_layers[n].bias = NULL; g_layers[n].multiplier = NULL; g_layers[n].shift = NULL;
    n++;
    g_layers[n] = base(KWS_OP_FC, 1, 1, CH, 1, 1, KWS_BENCH_LABELS);
    g_layers[n].in_zp = -128; g_layers[n].out_zp = 0; g_layers[n].weights = g_w_fc;
    n++;
    g_layers[n] = base(KWS_OP_SOFTMAX, 1, 1, KWS_BENCH_LABELS, 1, 1, KWS_BENCH_LABELS);
    g_layers[n].bias = NULL; g_layers[n].multiplier = NULL; g_layers[n].shift = NULL;
    g_layers[n].lut = g_lut;
    n++;
    return n;
}

static unsigned long layer_macs(const kws_layer_t *l)
{
    unsigned long out = (unsigned long)kws_layer_out_bytes(l);
    switch (l->op) {
    case KWS_OP_CONV2D:
        return out * (unsigned long)(l->k_h * l->k_w * l->in_c);
    case KWS_OP_DWCONV2D:
        return out * (unsigned long)(l->k_h * l->k_w);
    case KWS_OP_AVGPOOL:
        return (unsigned long)kws_layer_in_bytes(l);
    case KWS_OP_FC:
        return (unsigned long)(kws_layer_in_bytes(l) * (size_t)l->out_c);
    default:
        return 0;
    }
}

static const char *op_name(kws_op_t op)
{
    switch (op) {
    case KWS_OP_CONV2D: return "CONV_2D";
    case KWS_OP_DWCONV2D: return "DEPTHWISE_CONV_2D";
    case KWS_OP_AVGPOOL: return "AVERAGE_POOL_2D";
    case KWS_OP_FC: return "FULLY_CONNECTED";
    case KWS_OP_SOFTMAX: return "SOFTMAX";
    }
    return "?";
}

static void row(const char *what, unsigned long long instr, unsigned long macs)
{
    if (macs > 0) {
        printf("| %s | %llu | %lu | %.2f |\n", what, instr, macs, (double)instr / (double)macs);
    } else {
        printf("| %s | %llu | | |\n", what, instr);
    }
}

static void on_frame(uint32_t k, const float *mfcc, void *user)
{
    (void)k;
    kws_feature_window_push((kws_feature_window_t *)user, mfcc);
}

int main(void)
{
    static int16_t pcm[KWS_FE_WINDOW_SAMPLES + 8 * KWS_FE_HOP_SAMPLES];
    static int8_t q[KWS_FE_FRAMES * KWS_FE_NUM_COEFFS];
    char name[96];
    uint64_t t0, t1, best;
    unsigned long total_macs = 0;
    unsigned long long total_instr = 0;
    int i, n, rep;
    const int8_t *cur;
    kws_nn_ctx_t scratch;

    printf("| item | instructions | MACs | instr/MAC |\n| --- | ---: | ---: | ---: |\n");
    for (i = 0; i < (int)(sizeof pcm / sizeof pcm[0]); i++) {
        g_rng = g_rng * 1664525u + 1013904223u;
        pcm[i] = (int16_t)((int32_t)(g_rng >> 16) - 32768) / 8;
    }
    t0 = kws_test_instructions();
    kws_frontend_init(&g_fe);
    t1 = kws_test_instructions();
    row("kws_frontend_init (memset, mel bin range; twiddles are a flash table)", (unsigned long long)(t1 - t0), 0);
    kws_feature_window_init(&g_win);
    kws_frontend_push(&g_fe, pcm, KWS_FE_WINDOW_SAMPLES, on_frame, &g_win);
    best = ~(uint64_t)0;
    for (rep = 0; rep < 8; rep++) {
        t0 = kws_test_instructions();
        kws_frontend_push(&g_fe, pcm + KWS_FE_WINDOW_SAMPLES + rep * KWS_FE_HOP_SAMPLES, KWS_FE_HOP_SAMPLES,
                          on_frame, &g_win);
        t1 = kws_test_instructions();
        best = t1 - t0 < best ? t1 - t0 : best;
    }
    row("frontend hop (push 320 samples -> 1 MFCC frame), min of 8", (unsigned long long)best, 0);
    t0 = kws_test_instructions();
    kws_feature_window_quantize(&g_win, q);
    t1 = kws_test_instructions();
    row("kws_feature_window_quantize (CMS + int8, 49x10)", (unsigned long long)(t1 - t0), 0);

    n = build_dscnn();
    cur = g_in;
    scratch.buf = g_arena + 2 * OH * OW * CH;
    scratch.size = sizeof g_arena - 2 * OH * OW * CH;
    for (i = 0; i < n; i++) {
        int8_t *out = g_arena + (size_t)(i & 1) * (OH * OW * CH);
        unsigned long macs = layer_macs(&g_layers[i]);
        t0 = kws_test_instructions();
        (void)kws_layer_run(&scratch, &g_layers[i], cur, out);
        t1 = kws_test_instructions();
        snprintf(name, sizeof name, "DS-CNN-S layer %d %s %dx%dx%d -> %dx%dx%d", i, op_name(g_layers[i].op),
                 g_layers[i].in_h, g_layers[i].in_w, g_layers[i].in_c, g_layers[i].out_h, g_layers[i].out_w,
                 g_layers[i].out_c);
        row(name, (unsigned long long)(t1 - t0), macs);
        total_macs += macs;
        total_instr += (unsigned long long)(t1 - t0);
        cur = out;
    }
    row("DS-CNN-S whole inference (sum of layers)", total_instr, total_macs);
    t0 = kws_test_instructions();
    cur = kws_model_run(g_layers, n, g_in, g_arena, sizeof g_arena, NULL, NULL);
    t1 = kws_test_instructions();
    row("DS-CNN-S kws_model_run", (unsigned long long)(t1 - t0), total_macs);
    if (cur == NULL) {
        printf("kws_model_run failed\n");
        return 1;
    }
    {
        static int8_t arena[KWS_NN_ARENA_BYTES(KWS_MODEL_MAX_TENSOR_BYTES)];
        unsigned long macs = 0;
        for (i = 0; i < KWS_MODEL_NUM_LAYERS; i++) {
            macs += layer_macs(&kws_model_layers[i]);
        }
        t0 = kws_test_instructions();
        cur = kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, q, arena, sizeof arena, NULL, NULL);
        t1 = kws_test_instructions();
        snprintf(name, sizeof name, "MODEL_DIR model %s, kws_model_run", KWS_MODEL_ID);
        row(name, (unsigned long long)(t1 - t0), macs);
        if (cur == NULL) {
            printf("kws_model_run (MODEL_DIR) failed\n");
            return 1;
        }
    }
    return 0;
}
