/*
 * Host tests for kws_nn.
 *
 * 1. Hand-computed cases for every kernel and for the requantization edge
 *    cases (saturation, negative rounding, positive and negative shifts).
 * 2. Randomized layers against a naive reference written from docs/SPEC.md
 *    section 3 (exercises padding, strides, odd channel counts, K % 4 tails,
 *    the direct path above KWS_NN_COL_MAX and the depthwise chunking).
 * 3. The model in MODEL_DIR against GOLDEN_DIR/golden_nn.h, bit for bit, for
 *    every layer output (golden_nn.h comes from the Java int8 reference).
 */
#include <string.h>

#include "kws_nn.h"
#include "kws_model_data.h"
#include "kws_model_arena.h"
#include "golden_nn.h"
#include "kws_test.h"

/* Kernel scratch as large as any kernel may ask for (KWS_NN_SCRATCH_MAX_BYTES). */
static int32_t g_scratch[KWS_NN_SCRATCH_MAX_BYTES / 4];
static const kws_nn_ctx_t g_ctx = {g_scratch, sizeof g_scratch};

#define Q30 (INT32_C(1) << 30)

/* ------------------------------------------------------------------------ */
/* Requantization                                                           */

static void test_mbqm_saturation(void)
{
    /* SaturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN) = INT32_MAX */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(INT32_MIN, INT32_MIN, 0), INT32_MAX);
    /* then RoundingDivideByPOT(INT32_MAX, 1) = 1073741823 + (1 > 0) */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(INT32_MIN, INT32_MIN, -1), 1073741824);
    /* 2^30 << 1 wraps to INT32_MIN (as Java int arithmetic), then saturates */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(Q30, INT32_MIN, 1), INT32_MAX);
    /* INT32_MIN * INT32_MAX: exact -2^31 + 1 -> -(2^31 - 1) */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(INT32_MIN, INT32_MAX, 0), -INT32_MAX);
    /* (2^31-1)^2 / 2^31 = 2147483646.5000000005 -> 2147483646 (trunc of +nudge) */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(INT32_MAX, INT32_MAX, 0), 2147483646);
    /* then a shift by 31: 0.99999... rounds to 1 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(INT32_MAX, INT32_MAX, -31), 1);
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(12345, 0, 0), 0);
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(0, INT32_MAX, -5), 0);
}

static void test_mbqm_doubling_high_mul_rounding(void)
{
    /* multiplier 2^30 = 0.5: x/2 rounded by the nudge, then truncated */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(1, Q30, 0), 1);   /*  0.5 ->  1 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(3, Q30, 0), 2);   /*  1.5 ->  2 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-1, Q30, 0), 0);  /* -0.5 ->  0 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-3, Q30, 0), -1); /* -1.5 -> -1 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-4, Q30, 0), -2);
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(18, Q30, 0), 9);
}

static void test_mbqm_negative_rounding_by_pot(void)
{
    /* multiplier INT32_MAX is the identity for small x; shift -e divides by
     * 2^e rounding half away from zero */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(3, INT32_MAX, -1), 2);   /*  1.5  */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-3, INT32_MAX, -1), -2); /* -1.5  */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(5, INT32_MAX, -2), 1);   /*  1.25 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-5, INT32_MAX, -2), -1); /* -1.25 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(6, INT32_MAX, -2), 2);   /*  1.5  */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-6, INT32_MAX, -2), -2); /* -1.5  */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-7, INT32_MAX, -2), -2); /* -1.75 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-1, INT32_MAX, -1), -1); /* -0.5  */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(1, INT32_MAX, -1), 1);   /*  0.5  */
    /* double rounding: -49 * 0.5 = -24.5 -> -24 (nudge), / 4 = -6 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-49, Q30, -2), -6);
    /* -98 * 0.5 -> -49, / 4 = -12.25 -> -12 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-98, Q30, -2), -12);
    /* -100 * 0.5 -> -50, / 4 = -12.5 -> -13 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-100, Q30, -2), -13);
}

static void test_mbqm_positive_shift(void)
{
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(3, Q30, 2), 6);    /* 12 * 0.5 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-3, Q30, 2), -6);
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(16, INT32_MAX, 3), 128);
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(5, Q30, 1), 5);    /* 10 * 0.5 */
    TU_CHECK_INT(kws_multiply_by_quantized_multiplier(-46, Q30, 1), -46);
}

/* Random and extreme (x, M, shift) against the literal SPEC form (ref_requant below). */
static int32_t ref_requant(int64_t acc, int32_t m, int32_t shift);
static void test_mbqm_random_vs_literal_spec(void)
{
    static const int32_t edge[] = {INT32_MIN, INT32_MIN + 1, -1073741825, -1073741824, -65537, -3, -2, -1,
                                   0, 1, 2, 3, 65535, 1073741823, 1073741824, INT32_MAX - 1, INT32_MAX};
    const int ne = (int)(sizeof edge / sizeof edge[0]);
    uint32_t s = 0x5eed5u;
    int i, j, sh, bad = 0;
    for (i = 0; i < ne; i++) {
        for (j = 0; j < ne; j++) {
            for (sh = -31; sh <= 3; sh++) {
                if (kws_multiply_by_quantized_multiplier(edge[i], edge[j], sh) != ref_requant(edge[i], edge[j], sh) &&
                    bad++ < 5) {
                    TU_FAIL_("mbqm(%ld, %ld, %d)", (long)edge[i], (long)edge[j], sh);
                }
            }
        }
    }
    for (i = 0; i < 200000; i++) {
        int32_t x = (int32_t)tu_rand_u32(&s);
        int32_t m = (int32_t)tu_rand_u32(&s);
        int32_t shift = tu_rand_range(&s, -31, 2);
        if (i & 1) {
            x >>= tu_rand_range(&s, 0, 30); /* small accumulators too */
        }
        if (kws_multiply_by_quantized_multiplier(x, m, shift) != ref_requant(x, m, shift) && bad++ < 5) {
            TU_FAIL_("mbqm(%ld, %ld, %d)", (long)x, (long)m, (int)shift);
        }
    }
    TU_CHECK_INT(bad, 0);
}

/* The one-SMLAL path (0 < m, -31 <= shift <= -2): every x in a window around 0
 * (where both rounding steps hit exact ties) and near the int32 limits, for
 * multipliers that make ties frequent (2^30 = 0.5, 3*2^29, 1, ...). */
static void test_mbqm_fast_path_ties(void)
{
    static const int32_t ms[] = {1, 2, 3, Q30 - 1, Q30, Q30 + 1, 3 * (Q30 / 2), INT32_MAX - 1, INT32_MAX};
    static const int32_t shifts[] = {-2, -3, -4, -5, -7, -8, -11, -16, -24, -30, -31};
    const int nm = (int)(sizeof ms / sizeof ms[0]);
    const int ns = (int)(sizeof shifts / sizeof shifts[0]);
    int i, j, bad = 0;
    int32_t x;
    for (i = 0; i < nm; i++) {
        for (j = 0; j < ns; j++) {
            for (x = -4100; x <= 4100; x++) {
                int32_t xs[3];
                int k;
                xs[0] = x;
                xs[1] = INT32_MIN + 4100 + x;
                xs[2] = x * 4093; /* larger accumulators, still hitting ties for m = 2^30 */
                for (k = 0; k < 3; k++) {
                    if (kws_multiply_by_quantized_multiplier(xs[k], ms[i], shifts[j]) !=
                            ref_requant(xs[k], ms[i], shifts[j]) &&
                        bad++ < 5) {
                        TU_FAIL_("mbqm(%ld, %ld, %d)", (long)xs[k], (long)ms[i], (int)shifts[j]);
                    }
                }
            }
        }
    }
    TU_CHECK_INT(bad, 0);
}

/* ------------------------------------------------------------------------ */
/* Hand-computed kernel cases                                               */

static kws_layer_t layer_zero(kws_op_t op)
{
    kws_layer_t l;
    memset(&l, 0, sizeof l);
    l.op = op;
    l.stride_h = 1;
    l.stride_w = 1;
    l.act_min = -128;
    l.act_max = 127;
    return l;
}

/* 3x3x1 input, 3x3 kernel, stride 2, SAME (pad 1): out 2x2x3. */
static void test_conv_same_stride2(void)
{
    static const int8_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}; /* in_zp 1 -> 0..8 */
    static const int8_t w[3 * 9] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, /* ch0: sum of the valid window */
        0, 0, 0, 0, 1, 0, 0, 0, 0, /* ch1: centre */
        -1, 0, 0, 0, 0, 0, 0, 0, 0 /* ch2: minus top-left */
    };
    static const int32_t bias[3] = {10, 0, -98};
    static const int32_t mult[3] = {Q30, INT32_MAX, Q30};
    static const int32_t shift[3] = {0, 3, -2};
    /* acc ch0 18,22,30,34 -> x0.5 = 9,11,15,17; ch1 0,2,6,8 -> x8;
     * ch2 -98,-98,-98,-102 -> -12,-12,-12,-13; + out_zp 5 */
    static const int8_t expected[12] = {14, 5, -7, 16, 21, -7, 20, 53, -7, 22, 69, -8};
    int8_t out[12];
    kws_layer_t l = layer_zero(KWS_OP_CONV2D);
    l.in_h = 3; l.in_w = 3; l.in_c = 1; l.out_h = 2; l.out_w = 2; l.out_c = 3;
    l.k_h = 3; l.k_w = 3; l.stride_h = 2; l.stride_w = 2; l.pad_h = 1; l.pad_w = 1;
    l.in_zp = 1; l.out_zp = 5;
    l.weights = w; l.bias = bias; l.multiplier = mult; l.shift = shift;
    kws_conv2d_s8(&g_ctx, &l, in, out);
    TU_CHECK_BYTES(out, expected, 12);

    /* ReLU range clamps the same accumulators */
    l.act_min = 5; l.act_max = 20;
    {
        static const int8_t relu[12] = {14, 5, 5, 16, 20, 5, 20, 20, 5, 20, 20, 5};
        kws_conv2d_s8(&g_ctx, &l, in, out);
        TU_CHECK_BYTES(out, relu, 12);
    }
}

/* Pointwise 1x1 on 1x2x5 (one group of four + a tail), 3 output channels. */
static void test_conv_pointwise_tail(void)
{
    static const int8_t in[10] = {-128, 127, 0, 1, -1, 10, 20, 30, 40, 50}; /* in_zp -3 */
    static const int8_t w[15] = {1, 2, 3, 4, 5, -128, 127, -1, 0, 2, 0, 0, 0, 0, -1};
    static const int32_t bias[3] = {0, 0, 7};
    static const int32_t mult[3] = {Q30, Q30, Q30};
    static const int32_t shift[3] = {-2, -8, 1};
    /* pixel0 acc 170, 32511, 5 -> 21, 64, 5; pixel1 595, 1330, -46 -> 75, 3, -46; out_zp -10 */
    static const int8_t expected[6] = {11, 54, -5, 65, -7, -56};
    int8_t out[6];
    kws_layer_t l = layer_zero(KWS_OP_CONV2D);
    l.in_h = 1; l.in_w = 2; l.in_c = 5; l.out_h = 1; l.out_w = 2; l.out_c = 3;
    l.k_h = 1; l.k_w = 1; l.in_zp = -3; l.out_zp = -10;
    l.weights = w; l.bias = bias; l.multiplier = mult; l.shift = shift;
    kws_conv2d_s8(&g_ctx, &l, in, out);
    TU_CHECK_BYTES(out, expected, 6);
}

/* 2x2x2 input, 3x3 depthwise SAME (pad 1): every window covers the input. */
static void test_dwconv_same(void)
{
    static const int8_t in[8] = {3, 2, 4, 2, 5, 2, 6, 12}; /* [h][w][c], in_zp 2 */
    static const int8_t w[18] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 3};
    static const int32_t bias[2] = {1, -1};
    static const int32_t mult[2] = {INT32_MAX, Q30};
    static const int32_t shift[2] = {0, 0};
    /* ch0: 1 + (1+2+3+4) = 11 everywhere; ch1: bottom-right tap only sees
     * input (1,1) from output (0,0): 3*10 - 1 = 29 -> 15, else -1 -> 0;
     * out_zp -3, ReLU */
    static const int8_t expected[8] = {8, 12, 8, -3, 8, -3, 8, -3};
    int8_t out[8];
    kws_layer_t l = layer_zero(KWS_OP_DWCONV2D);
    l.in_h = 2; l.in_w = 2; l.in_c = 2; l.out_h = 2; l.out_w = 2; l.out_c = 2;
    l.k_h = 3; l.k_w = 3; l.pad_h = 1; l.pad_w = 1;
    l.in_zp = 2; l.out_zp = -3; l.act_min = -3; l.act_max = 127;
    l.weights = w; l.bias = bias; l.multiplier = mult; l.shift = shift;
    kws_dwconv2d_s8(&g_ctx, &l, in, out);
    TU_CHECK_BYTES(out, expected, 8);
}

static void test_avgpool_global_rounding(void)
{
    /* channels: {1,2,3,5} -> 11/4 -> 3; {-1,-2,-3,-5} -> -3; {-1,-1,0,0} -> -0.5 -> -1;
     * {1,1,0,0} -> 0.5 -> 1 */
    static const int8_t in[16] = {1, -1, -1, 1, 2, -2, -1, 1, 3, -3, 0, 0, 5, -5, 0, 0};
    static const int8_t expected[4] = {3, -3, -1, 1};
    static const int8_t clamped[4] = {3, -2, -1, 1};
    int8_t out[4];
    kws_layer_t l = layer_zero(KWS_OP_AVGPOOL);
    l.in_h = 2; l.in_w = 2; l.in_c = 4; l.out_h = 1; l.out_w = 1; l.out_c = 4;
    l.k_h = 2; l.k_w = 2; l.stride_h = 2; l.stride_w = 2;
    kws_avgpool_s8(&l, in, out);
    TU_CHECK_BYTES(out, expected, 4);
    l.act_min = -2;
    kws_avgpool_s8(&l, in, out);
    TU_CHECK_BYTES(out, clamped, 4);
}

static void test_avgpool_padded_counts_valid_only(void)
{
    static const int8_t in[2] = {4, 7};
    static const int8_t expected[2] = {6, 6}; /* (11 + 1) / 2 */
    int8_t out[2];
    kws_layer_t l = layer_zero(KWS_OP_AVGPOOL);
    l.in_h = 1; l.in_w = 2; l.in_c = 1; l.out_h = 1; l.out_w = 2; l.out_c = 1;
    l.k_h = 3; l.k_w = 3; l.pad_h = 1; l.pad_w = 1;
    kws_avgpool_s8(&l, in, out);
    TU_CHECK_BYTES(out, expected, 2);
}

/* Windows of more than 256 pixels: the SIMD path sums in int16 lanes and must
 * widen before they overflow (all -128, all 127, and a mix). */
static void test_avgpool_long_windows(void)
{
    static int8_t in[40 * 9 * 8];
    int8_t out[3 * 8];
    int8_t expected[3 * 8];
    int pass, i;
    kws_layer_t l = layer_zero(KWS_OP_AVGPOOL);
    l.in_h = 40; l.in_w = 9; l.in_c = 8; l.out_c = 8;
    for (pass = 0; pass < 3; pass++) {
        for (i = 0; i < (int)sizeof in; i++) {
            in[i] = (int8_t)(pass == 0 ? -128 : pass == 1 ? 127 : (i * 37 % 256) - 128);
        }
        /* global: 360 pixels in one run */
        l.out_h = 1; l.out_w = 1; l.k_h = 40; l.k_w = 9; l.stride_h = 40; l.stride_w = 9;
        kws_avgpool_s8(&l, in, out);
        for (i = 0; i < 8; i++) {
            int32_t sum = 0, k;
            for (k = 0; k < 360; k++) {
                sum += in[k * 8 + i];
            }
            expected[i] = (int8_t)(sum > 0 ? (sum + 180) / 360 : (sum - 180) / 360);
        }
        TU_CHECK_BYTES(out, expected, 8);
        /* 40x8 windows that are not full width (runs of 8 per row, 320 per window) */
        l.out_h = 1; l.out_w = 2; l.k_h = 40; l.k_w = 8; l.stride_h = 1; l.stride_w = 1;
        kws_avgpool_s8(&l, in, out);
        for (i = 0; i < 16; i++) {
            int32_t sum = 0, y, x;
            for (y = 0; y < 40; y++) {
                for (x = 0; x < 8; x++) {
                    sum += in[(y * 9 + x + i / 8) * 8 + i % 8];
                }
            }
            expected[i] = (int8_t)(sum > 0 ? (sum + 160) / 320 : (sum - 160) / 320);
        }
        TU_CHECK_BYTES(out, expected, 16);
    }
}

static void test_fc(void)
{
    static const int8_t in[3] = {1, -2, 3}; /* in_zp 1 -> 0, -3, 2 */
    static const int8_t w[6] = {1, 1, 1, 2, -1, 5};
    static const int32_t bias[2] = {4, -3};
    static const int32_t mult[1] = {INT32_MAX};
    static const int32_t shift[1] = {1};
    static const int8_t expected[2] = {5, 19}; /* acc 3, 10 -> x2 -> 6, 20; out_zp -1 */
    int8_t out[2];
    kws_layer_t l = layer_zero(KWS_OP_FC);
    l.in_h = 1; l.in_w = 1; l.in_c = 3; l.out_h = 1; l.out_w = 1; l.out_c = 2;
    l.k_h = 1; l.k_w = 1; l.in_zp = 1; l.out_zp = -1;
    l.weights = w; l.bias = bias; l.multiplier = mult; l.shift = shift;
    kws_fc_s8(&g_ctx, &l, in, out);
    TU_CHECK_BYTES(out, expected, 2);
}

static void test_softmax(void)
{
    int32_t lut[256];
    static const int8_t in[6] = {5, 4, 3, 127, -128, -128};
    /* row 0: e = 2^20, 2^19, 2^18 -> 256*4/7, 256*2/7, 256/7 rounded = 146, 73, 37;
     * row 1: LUT[255] = 0 -> 256 clamps to 127, others -128 */
    static const int8_t expected[6] = {18, -55, -91, 127, -128, -128};
    int8_t out[6];
    int d;
    kws_layer_t l = layer_zero(KWS_OP_SOFTMAX);
    for (d = 0; d < 256; d++) {
        lut[d] = d <= 20 ? (INT32_C(1) << 20) >> d : 0;
    }
    l.in_h = 1; l.in_w = 2; l.in_c = 3; l.out_h = 1; l.out_w = 2; l.out_c = 3;
    l.lut = lut;
    kws_softmax_s8(&l, in, out);
    TU_CHECK_BYTES(out, expected, 6);
    {
        static const int8_t eq[4] = {-7, -7, -7, -7};
        static const int8_t eq_expected[4] = {-64, -64, -64, -64}; /* 64 of 256 each */
        l.in_w = 1; l.out_w = 1; l.in_c = 4; l.out_c = 4;
        kws_softmax_s8(&l, eq, out);
        TU_CHECK_BYTES(out, eq_expected, 4);
    }
}

/* ------------------------------------------------------------------------ */
/* Naive reference (straight from SPEC section 3) for randomized layers      */

static int32_t ref_requant(int64_t acc, int32_t m, int32_t shift)
{
    int32_t left = shift > 0 ? shift : 0;
    int32_t right = shift > 0 ? 0 : -shift;
    int64_t x = (int64_t)(int32_t)acc * ((int64_t)1 << left);
    int64_t ab;
    int64_t high;
    int64_t mask, rem, thr, q;
    x = (int32_t)(uint32_t)(uint64_t)x; /* Java int wrap */
    if (x == INT32_MIN && m == INT32_MIN) {
        high = INT32_MAX;
    } else {
        ab = x * m;
        high = (ab + (ab >= 0 ? ((int64_t)1 << 30) : 1 - ((int64_t)1 << 30))) / ((int64_t)1 << 31);
    }
    if (right == 0) {
        return (int32_t)high;
    }
    mask = ((int64_t)1 << right) - 1;
    rem = high & mask;
    thr = (mask >> 1) + (high < 0 ? 1 : 0);
    q = high >> right;
    return (int32_t)(q + (rem > thr ? 1 : 0));
}

static int8_t ref_clamp(int64_t v, const kws_layer_t *l)
{
    if (v < l->act_min) {
        v = l->act_min;
    }
    if (v > l->act_max) {
        v = l->act_max;
    }
    return (int8_t)v;
}

static void ref_layer(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    int oy, ox, c, ky, kx, ic;
    if (l->op == KWS_OP_FC) {
        int k = l->in_h * l->in_w * l->in_c;
        for (c = 0; c < l->out_c; c++) {
            int64_t acc = l->bias ? l->bias[c] : 0;
            for (ic = 0; ic < k; ic++) {
                acc += (int64_t)(in[ic] - l->in_zp) * l->weights[c * k + ic];
            }
            out[c] = ref_clamp((int64_t)ref_requant(acc, l->multiplier[0], l->shift[0]) + l->out_zp, l);
        }
        return;
    }
    if (l->op == KWS_OP_SOFTMAX) {
        int r;
        for (r = 0; r < l->in_h * l->in_w; r++) {
            int mx = -128;
            int64_t s = 0;
            for (c = 0; c < l->in_c; c++) {
                mx = in[r * l->in_c + c] > mx ? in[r * l->in_c + c] : mx;
            }
            for (c = 0; c < l->in_c; c++) {
                s += l->lut[mx - in[r * l->in_c + c]];
            }
            for (c = 0; c < l->in_c; c++) {
                int64_t v = ((int64_t)l->lut[mx - in[r * l->in_c + c]] * 256 + s / 2) / s - 128;
                out[r * l->in_c + c] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
            }
        }
        return;
    }
    for (oy = 0; oy < l->out_h; oy++) {
        for (ox = 0; ox < l->out_w; ox++) {
            for (c = 0; c < l->out_c; c++) {
                int64_t acc = (l->bias && l->op != KWS_OP_AVGPOOL) ? l->bias[c] : 0;
                int64_t n = 0;
                for (ky = 0; ky < l->k_h; ky++) {
                    for (kx = 0; kx < l->k_w; kx++) {
                        int iy = oy * l->stride_h + ky - l->pad_h;
                        int ix = ox * l->stride_w + kx - l->pad_w;
                        if (iy < 0 || ix < 0 || iy >= l->in_h || ix >= l->in_w) {
                            continue;
                        }
                        n++;
                        if (l->op == KWS_OP_CONV2D) {
                            for (ic = 0; ic < l->in_c; ic++) {
                                acc += (int64_t)(in[(iy * l->in_w + ix) * l->in_c + ic] - l->in_zp) *
                                       l->weights[((c * l->k_h + ky) * l->k_w + kx) * l->in_c + ic];
                            }
                        } else if (l->op == KWS_OP_DWCONV2D) {
                            acc += (int64_t)(in[(iy * l->in_w + ix) * l->in_c + c] - l->in_zp) *
                                   l->weights[(ky * l->k_w + kx) * l->out_c + c];
                        } else {
                            acc += in[(iy * l->in_w + ix) * l->in_c + c];
                        }
                    }
                }
                if (l->op == KWS_OP_AVGPOOL) {
                    int64_t avg = n == 0 ? 0 : (acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n);
                    out[(oy * l->out_w + ox) * l->out_c + c] = ref_clamp(avg, l);
                } else {
                    out[(oy * l->out_w + ox) * l->out_c + c] =
                        ref_clamp((int64_t)ref_requant(acc, l->multiplier[c], l->shift[c]) + l->out_zp, l);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Randomized layers                                                        */

#define RND_MAX_T 4096
#define RND_MAX_W 8192
#define RND_MAX_C 96

typedef struct {
    int8_t in[RND_MAX_T];
    int8_t out[RND_MAX_T];
    int8_t ref[RND_MAX_T];
    int8_t w[RND_MAX_W];
    int32_t bias[RND_MAX_C];
    int32_t mult[RND_MAX_C];
    int32_t shift[RND_MAX_C];
    int32_t lut[256];
} rnd_buffers_t;

static void rnd_fill_common(uint32_t *s, kws_layer_t *l, rnd_buffers_t *b, size_t nw, int nq)
{
    size_t i;
    int c;
    for (i = 0; i < kws_layer_in_bytes(l); i++) {
        b->in[i] = (int8_t)tu_rand_range(s, -128, 127);
    }
    for (i = 0; i < nw; i++) {
        b->w[i] = (int8_t)tu_rand_range(s, -128, 127);
    }
    for (c = 0; c < nq; c++) {
        b->bias[c] = tu_rand_range(s, -20000, 20000);
        b->mult[c] = (int32_t)(Q30 + (int32_t)(tu_rand_u32(s) % (uint32_t)Q30));
        b->shift[c] = tu_rand_range(s, -14, 1);
    }
    l->in_zp = tu_rand_range(s, -128, 127);
    l->out_zp = tu_rand_range(s, -128, 127);
    if (tu_rand_range(s, 0, 1)) {
        l->act_min = l->out_zp; /* ReLU */
        l->act_max = 127;
    }
    l->weights = b->w;
    l->bias = tu_rand_range(s, 0, 4) ? b->bias : NULL;
    l->multiplier = b->mult;
    l->shift = b->shift;
}

/* SAME (TFLite) or VALID geometry along one axis. Returns 0 if impossible. */
static int rnd_geometry(uint32_t *s, int in, int k, int stride, int *out, int *pad)
{
    if (tu_rand_range(s, 0, 2) != 0) { /* SAME */
        int total;
        *out = (in + stride - 1) / stride;
        total = (*out - 1) * stride + k - in;
        *pad = total > 0 ? total / 2 : 0;
        return 1;
    }
    if (in < k) {
        return 0;
    }
    *out = (in - k) / stride + 1;
    *pad = 0;
    return 1;
}

static int g_in_place_checked; /* random layers also run with in == out */
static int g_misaligned_checked; /* ... and with misaligned scratch */

static int rnd_check(const kws_layer_t *l, rnd_buffers_t *b, int trial)
{
    size_t n = kws_layer_out_bytes(l);
    size_t need = kws_layer_scratch_bytes(l);
    int same;
    memset(b->out, 0x5a, n);
    TU_CHECK(need <= sizeof g_scratch);
    (void)kws_layer_run(&g_ctx, l, b->in, b->out);
    ref_layer(l, b->in, b->ref);
    same = memcmp(b->out, b->ref, n) == 0;
    if (same && need > 0) {
        /* without (or with one byte too little) scratch: the direct loop, same bytes */
        kws_nn_ctx_t small;
        small.buf = g_scratch;
        small.size = need - 1;
        memset(b->out, 0x5a, n);
        (void)kws_layer_run(trial & 1 ? NULL : &small, l, b->in, b->out);
        same = memcmp(b->out, b->ref, n) == 0;
    }
    if (same && need > 0) {
        /* scratch that is large enough but not 4-byte aligned: the direct loop, same bytes
         * (the fast paths' 32/64-bit accesses would fault on the M4 and trip UBSan here) */
        kws_nn_ctx_t odd;
        odd.buf = (int8_t *)g_scratch + 1 + (trial & 1);
        odd.size = sizeof g_scratch - 2;
        memset(b->out, 0x5a, n);
        (void)kws_layer_run(&odd, l, b->in, b->out);
        same = memcmp(b->out, b->ref, n) == 0;
        g_misaligned_checked++;
    }
    if (same && kws_layer_in_place_ok(l, sizeof g_scratch)) {
        /* what kws_model_run's plan does: the output over the input */
        TU_CHECK(kws_layer_in_bytes(l) == n);
        memcpy(b->out, b->in, n);
        (void)kws_layer_run(&g_ctx, l, b->out, b->out);
        same = memcmp(b->out, b->ref, n) == 0;
        g_in_place_checked++;
    }
    if (!same) {
        TU_FAIL_("op %d trial %d: in %dx%dx%d k %dx%d s %dx%d p %dx%d out %dx%dx%d differs", (int)l->op,
                 trial, l->in_h, l->in_w, l->in_c, l->k_h, l->k_w, l->stride_h, l->stride_w, l->pad_h,
                 l->pad_w, l->out_h, l->out_w, l->out_c);
        return 0;
    }
    return 1;
}

static void test_random_conv(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0x1234567u;
    int trial, done = 0;
    for (trial = 0; trial < 600; trial++) {
        int oh, ow, ph, pw, big = trial % 50 == 0;
        kws_layer_t l = layer_zero(KWS_OP_CONV2D);
        l.in_h = (int16_t)tu_rand_range(&s, 1, big ? 6 : 10);
        l.in_w = (int16_t)tu_rand_range(&s, 1, big ? 6 : 8);
        l.in_c = (int16_t)(big ? tu_rand_range(&s, 21, 30) : tu_rand_range(&s, 1, 9));
        l.k_h = (int16_t)(big ? 5 : tu_rand_range(&s, 1, 5));
        l.k_w = (int16_t)(big ? 5 : tu_rand_range(&s, 1, 4));
        l.stride_h = (int16_t)tu_rand_range(&s, 1, 3);
        l.stride_w = (int16_t)tu_rand_range(&s, 1, 3);
        l.out_c = (int16_t)tu_rand_range(&s, 1, 7);
        if (!rnd_geometry(&s, l.in_h, l.k_h, l.stride_h, &oh, &ph) ||
            !rnd_geometry(&s, l.in_w, l.k_w, l.stride_w, &ow, &pw)) {
            continue;
        }
        l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.pad_h = (int16_t)ph; l.pad_w = (int16_t)pw;
        rnd_fill_common(&s, &l, &b, (size_t)l.out_c * l.k_h * l.k_w * l.in_c, l.out_c);
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
        done++;
    }
    TU_CHECK(done > 300);
}

static void test_random_dwconv(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0xbeef01u;
    int trial, done = 0;
    for (trial = 0; trial < 400; trial++) {
        int oh, ow, ph, pw;
        kws_layer_t l = layer_zero(KWS_OP_DWCONV2D);
        l.in_h = (int16_t)tu_rand_range(&s, 1, 8);
        l.in_w = (int16_t)tu_rand_range(&s, 1, 6);
        l.in_c = (int16_t)tu_rand_range(&s, 1, trial % 4 == 0 ? 90 : 12);
        l.out_c = l.in_c;
        l.k_h = (int16_t)tu_rand_range(&s, 1, 4);
        l.k_w = (int16_t)tu_rand_range(&s, 1, 4);
        l.stride_h = (int16_t)tu_rand_range(&s, 1, 2);
        l.stride_w = (int16_t)tu_rand_range(&s, 1, 2);
        if (!rnd_geometry(&s, l.in_h, l.k_h, l.stride_h, &oh, &ph) ||
            !rnd_geometry(&s, l.in_w, l.k_w, l.stride_w, &ow, &pw) ||
            (size_t)oh * ow * l.out_c > RND_MAX_T || (size_t)l.in_h * l.in_w * l.in_c > RND_MAX_T) {
            continue;
        }
        l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.pad_h = (int16_t)ph; l.pad_w = (int16_t)pw;
        rnd_fill_common(&s, &l, &b, (size_t)l.k_h * l.k_w * l.in_c, l.out_c);
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
        done++;
    }
    TU_CHECK(done > 200);
}

/* Depthwise layers that take the row-buffer path (channels % 4 == 0, buffer
 * within KWS_NN_DW_BUF_MAX): mostly 3x3, strides 1-2, SAME/VALID, and more
 * channels than one accumulator pass (KWS_NN_ACC_MAX) holds. */
static void test_random_dwconv_row_buffer(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0xd3a7u;
    int trial, done = 0;
    for (trial = 0; trial < 300; trial++) {
        int oh, ow, ph, pw;
        kws_layer_t l = layer_zero(KWS_OP_DWCONV2D);
        l.in_c = (int16_t)(4 * tu_rand_range(&s, 1, 24));
        l.out_c = l.in_c;
        l.in_h = (int16_t)tu_rand_range(&s, 1, 9);
        l.in_w = (int16_t)tu_rand_range(&s, 1, l.in_c > 64 ? 3 : 6);
        if (tu_rand_range(&s, 0, 1)) {
            l.k_h = 3; l.k_w = 3;
        } else {
            l.k_h = (int16_t)tu_rand_range(&s, 1, 4);
            l.k_w = (int16_t)tu_rand_range(&s, 1, 4);
        }
        l.stride_h = (int16_t)tu_rand_range(&s, 1, 2);
        l.stride_w = (int16_t)tu_rand_range(&s, 1, 2);
        if (!rnd_geometry(&s, l.in_h, l.k_h, l.stride_h, &oh, &ph) ||
            !rnd_geometry(&s, l.in_w, l.k_w, l.stride_w, &ow, &pw) ||
            (size_t)oh * ow * l.out_c > RND_MAX_T || (size_t)l.in_h * l.in_w * l.in_c > RND_MAX_T) {
            continue;
        }
        l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.pad_h = (int16_t)ph; l.pad_w = (int16_t)pw;
        rnd_fill_common(&s, &l, &b, (size_t)l.k_h * l.k_w * l.in_c, l.out_c);
        if (trial % 3 == 0) { /* every channel on the one-SMLAL requantization */
            int c;
            for (c = 0; c < l.out_c; c++) {
                b.shift[c] = tu_rand_range(&s, -12, -2);
            }
            l.act_min = -128;
            l.act_max = 127;
        }
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
        done++;
    }
    TU_CHECK(done > 200);
}

static void test_random_avgpool(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0x600dcafeu;
    int trial, done = 0;
    for (trial = 0; trial < 300; trial++) {
        int oh, ow, ph, pw;
        kws_layer_t l = layer_zero(KWS_OP_AVGPOOL);
        l.in_h = (int16_t)tu_rand_range(&s, 1, 26);
        l.in_w = (int16_t)tu_rand_range(&s, 1, 6);
        l.in_c = (int16_t)tu_rand_range(&s, 1, 20);
        l.out_c = l.in_c;
        if (trial % 2 == 0) { /* global */
            l.k_h = l.in_h; l.k_w = l.in_w; oh = ow = 1; ph = pw = 0;
        } else {
            l.k_h = (int16_t)tu_rand_range(&s, 1, 4);
            l.k_w = (int16_t)tu_rand_range(&s, 1, 4);
            l.stride_h = (int16_t)tu_rand_range(&s, 1, 3);
            l.stride_w = (int16_t)tu_rand_range(&s, 1, 3);
            if (!rnd_geometry(&s, l.in_h, l.k_h, l.stride_h, &oh, &ph) ||
                !rnd_geometry(&s, l.in_w, l.k_w, l.stride_w, &ow, &pw)) {
                continue;
            }
        }
        l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.pad_h = (int16_t)ph; l.pad_w = (int16_t)pw;
        rnd_fill_common(&s, &l, &b, 0, 0);
        l.weights = NULL; l.bias = NULL; l.multiplier = NULL; l.shift = NULL;
        if (tu_rand_range(&s, 0, 1)) {
            l.act_min = -128; l.act_max = 127;
        }
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
        done++;
    }
    TU_CHECK(done > 150);
}

static void test_random_fc(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0xf00du;
    int trial;
    const int misaligned_before = g_misaligned_checked;
    int with_scratch = 0;
    for (trial = 0; trial < 300; trial++) {
        kws_layer_t l = layer_zero(KWS_OP_FC);
        l.in_h = 1; l.in_w = 1;
        l.in_c = (int16_t)tu_rand_range(&s, 1, trial % 10 == 0 ? 1000 : 80);
        l.out_h = 1; l.out_w = 1;
        l.out_c = (int16_t)tu_rand_range(&s, 1, 8);
        l.k_h = 1; l.k_w = 1;
        rnd_fill_common(&s, &l, &b, (size_t)l.in_c * l.out_c, l.out_c);
        with_scratch += kws_layer_scratch_bytes(&l) > 0;
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
    }
    /* every layer with a fast path (k <= KWS_NN_COL_MAX) also ran on misaligned scratch */
    TU_CHECK(with_scratch > 50);
    TU_CHECK_INT(g_misaligned_checked - misaligned_before, with_scratch);
}

static void test_random_softmax(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0xabcdu;
    int trial, d;
    for (trial = 0; trial < 200; trial++) {
        kws_layer_t l = layer_zero(KWS_OP_SOFTMAX);
        double scale = 0.01 + (tu_rand_u32(&s) % 1000) / 1000.0;
        l.in_h = 1;
        l.in_w = (int16_t)tu_rand_range(&s, 1, 3);
        /* wide rows too: sums above 2^32 / 257 take the kernel's restoring-division path */
        l.in_c = (int16_t)tu_rand_range(&s, 1, trial % 4 == 0 ? 1000 : 40);
        l.out_h = l.in_h; l.out_w = l.in_w; l.out_c = l.in_c;
        for (d = 0; d < 256; d++) {
            b.lut[d] = (int32_t)floor(1048576.0 * exp(-d * scale) + 0.5);
        }
        rnd_fill_common(&s, &l, &b, 0, 0);
        l.lut = b.lut;
        l.weights = NULL; l.bias = NULL; l.multiplier = NULL; l.shift = NULL;
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Runner                                                                   */

typedef struct {
    int calls;
    int last_layer;
    size_t sizes_ok;
} cb_state_t;

static void count_cb(int layer, const int8_t *out, size_t size, void *user)
{
    cb_state_t *st = (cb_state_t *)user;
    (void)out;
    st->calls++;
    st->last_layer = layer;
    if (size == kws_layer_out_bytes(&kws_model_layers[layer])) {
        st->sizes_ok++;
    }
}

/* Layers kws_layer_in_place_ok accepts, run with in == out against the
 * reference: pointwise convolutions (any channel count, odd ones too) and
 * stride-1 depthwise convolutions with SAME padding (edge rows and columns). */
static void test_random_in_place(void)
{
    static rnd_buffers_t b;
    uint32_t s = 0x1a2bu;
    int trial, done = 0;
    const int before = g_in_place_checked;
    for (trial = 0; trial < 300; trial++) {
        int oh, ow, ph, pw;
        kws_layer_t l = layer_zero(trial & 1 ? KWS_OP_DWCONV2D : KWS_OP_CONV2D);
        l.in_h = (int16_t)tu_rand_range(&s, 1, 8);
        l.in_w = (int16_t)tu_rand_range(&s, 1, 6);
        if (l.op == KWS_OP_CONV2D) {
            l.in_c = (int16_t)tu_rand_range(&s, 1, 70);
            l.k_h = 1; l.k_w = 1;
        } else {
            l.in_c = (int16_t)(4 * tu_rand_range(&s, 1, 20));
            l.k_h = (int16_t)(trial % 3 ? 3 : tu_rand_range(&s, 1, 4));
            l.k_w = (int16_t)(trial % 3 ? 3 : tu_rand_range(&s, 1, 4));
        }
        l.out_c = l.in_c;
        l.stride_h = 1; l.stride_w = 1;
        oh = l.in_h; ow = l.in_w;
        ph = (l.k_h - 1) / 2; pw = (l.k_w - 1) / 2; /* SAME, stride 1 */
        if ((size_t)l.in_h * l.in_w * l.in_c > RND_MAX_T ||
            (l.op == KWS_OP_CONV2D && (size_t)l.in_c > KWS_NN_COL_MAX)) {
            continue;
        }
        l.out_h = (int16_t)oh; l.out_w = (int16_t)ow; l.pad_h = (int16_t)ph; l.pad_w = (int16_t)pw;
        rnd_fill_common(&s, &l, &b, (size_t)l.k_h * l.k_w * l.in_c, l.out_c);
        if (!kws_layer_in_place_ok(&l, sizeof g_scratch)) {
            continue; /* e.g. a depthwise row ring larger than KWS_NN_DW_BUF_MAX */
        }
        if (!rnd_check(&l, &b, trial)) {
            return;
        }
        done++;
    }
    TU_CHECK(done > 150);
    TU_CHECK(g_in_place_checked - before == done);
    /* never in place without scratch, nor when the shape changes */
    {
        kws_layer_t l = layer_zero(KWS_OP_CONV2D);
        l.in_h = l.out_h = 2; l.in_w = l.out_w = 2; l.in_c = l.out_c = 8; l.k_h = l.k_w = 1;
        l.stride_h = l.stride_w = 1;
        TU_CHECK(kws_layer_in_place_ok(&l, sizeof g_scratch));
        TU_CHECK(!kws_layer_in_place_ok(&l, 0));
        l.out_c = 4;
        TU_CHECK(!kws_layer_in_place_ok(&l, sizeof g_scratch));
    }
}

static void test_runner_arena_and_callbacks(void)
{
    static int8_t arena[KWS_NN_ARENA_BYTES(KWS_MODEL_MAX_TENSOR_BYTES)];
    static int8_t input[KWS_MODEL_INPUT_H * KWS_MODEL_INPUT_W];
    size_t mx = kws_model_max_tensor_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS);
    cb_state_t st = {0, -1, 0};
    const int8_t *scores;

    TU_CHECK(mx <= KWS_MODEL_MAX_TENSOR_BYTES);
    /* the compile-time bound the app sizes its arena with covers the model */
    TU_CHECK(kws_model_arena_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS) <= sizeof arena);
    TU_CHECK(kws_model_scratch_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS) > 0);
    TU_CHECK(kws_model_scratch_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS) <= KWS_NN_SCRATCH_MAX_BYTES);
    /* the build's generated constant is the plan's arena (for the limits it was made with) */
    if (KWS_MODEL_ARENA_NN_LIMITS == KWS_NN_LIMITS_ID) {
        TU_CHECK_INT(kws_model_arena_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS), KWS_MODEL_ARENA_BYTES);
    }
    {
        size_t planned = kws_model_arena_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS);
        size_t least = planned < 2 * mx ? planned : 2 * mx;
        TU_CHECK(kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, input, arena, least - 1, NULL, NULL) ==
                 NULL);
    }
    TU_CHECK(kws_model_run(kws_model_layers, 0, input, arena, sizeof arena, NULL, NULL) == NULL);
    scores = kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, input, arena, 2 * mx, count_cb, &st);
    TU_CHECK(scores != NULL);
    TU_CHECK_INT(st.calls, KWS_MODEL_NUM_LAYERS);
    TU_CHECK_INT(st.last_layer, KWS_MODEL_NUM_LAYERS - 1);
    TU_CHECK_INT(st.sizes_ok, KWS_MODEL_NUM_LAYERS);
    TU_CHECK_INT(kws_model_layers[KWS_MODEL_NUM_LAYERS - 1].op, KWS_OP_SOFTMAX);
    TU_CHECK_INT(kws_layer_out_bytes(&kws_model_layers[KWS_MODEL_NUM_LAYERS - 1]), KWS_MODEL_NUM_LABELS);
    TU_CHECK_INT(kws_layer_in_bytes(&kws_model_layers[0]), KWS_MODEL_INPUT_H * KWS_MODEL_INPUT_W);
    {
        kws_layer_t bad[1];
        bad[0] = kws_model_layers[0];
        bad[0].op = (kws_op_t)9;
        TU_CHECK(kws_model_run(bad, 1, input, arena, sizeof arena, NULL, NULL) == NULL);
        TU_CHECK_INT(kws_layer_run(NULL, &bad[0], input, arena), -1);
    }
}

/* Every layer output of the generated model equals the Java reference. */
typedef struct {
    int golden_case;
    int mismatched_layers;
    int first_bad_layer;
} golden_cb_t;

static void golden_cb(int layer, const int8_t *out, size_t size, void *user)
{
    golden_cb_t *g = (golden_cb_t *)user;
    const int8_t *expected = golden_nn_outputs[layer] + (size_t)g->golden_case * golden_nn_out_size[layer];
    if (size != (size_t)golden_nn_out_size[layer] || memcmp(out, expected, size) != 0) {
        if (g->mismatched_layers++ == 0) {
            g->first_bad_layer = layer;
        }
    }
}

/* kws_model_run_scratch: the plan in an arena of exactly the planned tensor
 * bytes with external scratch of exactly kws_model_scratch_bytes (what the app
 * does with the frontend's FFT buffer); misaligned scratch is refused; too
 * little scratch falls back to ping-pong (needs two full slots). */
static void test_golden_model_external_scratch(void)
{
    static int8_t arena[2u * KWS_MODEL_MAX_TENSOR_BYTES];
    const size_t tensors = kws_model_tensor_bytes_planned(kws_model_layers, KWS_MODEL_NUM_LAYERS);
    const size_t need = kws_model_scratch_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS);
    kws_nn_ctx_t ctx;
    int n;
    TU_CHECK(tensors <= sizeof arena);
    if (KWS_MODEL_ARENA_NN_LIMITS == KWS_NN_LIMITS_ID) {
        TU_CHECK_INT(tensors, KWS_MODEL_TENSOR_ARENA_BYTES);
        TU_CHECK_INT(need, KWS_MODEL_SCRATCH_BYTES);
    }
    ctx.buf = g_scratch;
    ctx.size = need;
    for (n = 0; n < GOLDEN_NN_NUM_CASES; n++) {
        golden_cb_t g = {n, 0, -1};
        const int8_t *scores = kws_model_run_scratch(kws_model_layers, KWS_MODEL_NUM_LAYERS, golden_nn_input[n],
                                                     arena, tensors, &ctx, golden_cb, &g);
        TU_CHECK(scores != NULL);
        TU_CHECK_MSG(g.mismatched_layers == 0, "golden case %d with external scratch: %d layers differ, first %d",
                     n, g.mismatched_layers, g.first_bad_layer);
    }
    /* one byte of tensor arena too few (and not two full slots): refused */
    if (tensors - 1 < 2u * KWS_MODEL_MAX_TENSOR_BYTES) {
        TU_CHECK(kws_model_run_scratch(kws_model_layers, KWS_MODEL_NUM_LAYERS, golden_nn_input[0], arena,
                                       tensors - 1, &ctx, NULL, NULL) == NULL);
    }
    ctx.buf = (int8_t *)g_scratch + 2; /* misaligned */
    TU_CHECK(kws_model_run_scratch(kws_model_layers, KWS_MODEL_NUM_LAYERS, golden_nn_input[0], arena, sizeof arena,
                                   &ctx, NULL, NULL) == NULL);
    /* too little scratch: ping-pong over two full slots, same bytes */
    ctx.buf = g_scratch;
    ctx.size = need - 1;
    for (n = 0; n < GOLDEN_NN_NUM_CASES; n++) {
        golden_cb_t g = {n, 0, -1};
        TU_CHECK(kws_model_run_scratch(kws_model_layers, KWS_MODEL_NUM_LAYERS, golden_nn_input[n], arena,
                                       sizeof arena, &ctx, golden_cb, &g) != NULL);
        TU_CHECK_MSG(g.mismatched_layers == 0, "golden case %d, small scratch: %d layers differ", n,
                     g.mismatched_layers);
    }
}

/* With the planned arena (in-place layers, fast paths), with a larger one,
 * and with only two tensor slots (ping-pong, every kernel on its direct loop). */
static void test_golden_model_bit_exact(void)
{
    static int8_t arena[KWS_NN_ARENA_BYTES(KWS_MODEL_MAX_TENSOR_BYTES)];
    const size_t sizes[3] = {kws_model_arena_bytes(kws_model_layers, KWS_MODEL_NUM_LAYERS), sizeof arena,
                             2u * KWS_MODEL_MAX_TENSOR_BYTES};
    int n, v;
    TU_CHECK(GOLDEN_NN_NUM_CASES > 0);
    TU_CHECK(sizes[0] <= sizeof arena);
    /* DS-CNN-S (default limits): every depthwise and pointwise layer in place, so one full slot */
    if (KWS_MODEL_ARENA_NN_LIMITS == KWS_NN_LIMITS_ID) {
        TU_CHECK(sizes[0] < 2u * KWS_MODEL_MAX_TENSOR_BYTES);
    }
    for (v = 0; v < 3; v++) {
        for (n = 0; n < GOLDEN_NN_NUM_CASES; n++) {
            golden_cb_t g = {n, 0, -1};
            const int8_t *scores = kws_model_run(kws_model_layers, KWS_MODEL_NUM_LAYERS, golden_nn_input[n],
                                                 arena, sizes[v], golden_cb, &g);
            TU_CHECK(scores != NULL);
            if (g.mismatched_layers != 0) {
                TU_FAIL_("golden case %d (arena %zu bytes): %d layers differ, first %d", n, sizes[v],
                         g.mismatched_layers, g.first_bad_layer);
            }
        }
    }
}

int main(void)
{
    TU_RUN(test_mbqm_saturation);
    TU_RUN(test_mbqm_doubling_high_mul_rounding);
    TU_RUN(test_mbqm_negative_rounding_by_pot);
    TU_RUN(test_mbqm_positive_shift);
    TU_RUN(test_mbqm_random_vs_literal_spec);
    TU_RUN(test_mbqm_fast_path_ties);
    TU_RUN(test_conv_same_stride2);
    TU_RUN(test_conv_pointwise_tail);
    TU_RUN(test_dwconv_same);
    TU_RUN(test_avgpool_global_rounding);
    TU_RUN(test_avgpool_padded_counts_valid_only);
    TU_RUN(test_avgpool_long_windows);
    TU_RUN(test_fc);
    TU_RUN(test_softmax);
    TU_RUN(test_random_conv);
    TU_RUN(test_random_dwconv);
    TU_RUN(test_random_dwconv_row_buffer);
    TU_RUN(test_random_avgpool);
    TU_RUN(test_random_fc);
    TU_RUN(test_random_softmax);
    TU_RUN(test_random_in_place);
    TU_RUN(test_runner_arena_and_callbacks);
    TU_RUN(test_golden_model_bit_exact);
    TU_RUN(test_golden_model_external_scratch);
    return TU_SUMMARY("test_nn");
}
