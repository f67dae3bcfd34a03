/*
 * kws_nn_mat_mult_s8_s16: dot products of int16 columns (x - in_zp, 0 at
 * padding, in the kws_col_pos layout) with rows of int8 weights, and the
 * dense-layer loops built on them (used by kws_conv2d_s8 and kws_fc_s8).
 */
#include "kws_nn_support.h"

#if KWS_NN_DSP
/* Two pixels x two output channels over `groups` groups of four column entries,
 * the columns interleaved (kws_nn_interleave_s16): per group the words
 * a.(x0,x2), b.(x0,x2), a.(x1,x3), b.(x1,x3). acc[0] += a.w0, acc[1] += a.w1,
 * acc[2] += b.w0, acc[3] += b.w1. Per group: two weight loads, two LDM of two
 * column words, four SXTB16, eight SMLAD (16 MACs). groups >= 1. */
#if defined(KWS_NN_ARM_ASM)
void kws_nn_dot22i_s16(const int16_t *ci, const int8_t *w0, const int8_t *w1, uint32_t groups, int32_t *acc);
/* r0 ci, r1 w0, r2 w1, r3 groups, [sp] acc; r4-r7 accumulators, r8/r9 column
 * words, r10/r11 weights, r12 the unpacked weight pair */
#define KWS_DOT22I_GROUP                                                      \
    "    ldr r10, [r1], #4\n"                                                 \
    "    ldr r11, [r2], #4\n"                                                 \
    "    ldmia r0!, {r8, r9}\n"                                               \
    "    sxtb16 r12, r10\n"                                                   \
    "    sxtb16 r10, r10, ror #8\n"                                           \
    "    smlad r4, r8, r12, r4\n"                                             \
    "    smlad r6, r9, r12, r6\n"                                             \
    "    sxtb16 r12, r11\n"                                                   \
    "    sxtb16 r11, r11, ror #8\n"                                           \
    "    smlad r5, r8, r12, r5\n"                                             \
    "    smlad r7, r9, r12, r7\n"                                             \
    "    ldmia r0!, {r8, r9}\n"                                               \
    "    smlad r4, r8, r10, r4\n"                                             \
    "    smlad r6, r9, r10, r6\n"                                             \
    "    smlad r5, r8, r11, r5\n"                                             \
    "    smlad r7, r9, r11, r7\n"
__asm__(
    "    .section .text.kws_nn_dot22i_s16,\"ax\",%progbits\n"
    "    .syntax unified\n"
    "    .thumb\n"
    "    .align 2\n"
    "    .global kws_nn_dot22i_s16\n"
    "    .type kws_nn_dot22i_s16, %function\n"
    "    .thumb_func\n"
    "kws_nn_dot22i_s16:\n"
    "    push {r4-r11, lr}\n"
    "    ldr lr, [sp, #36]\n"
    "    ldm lr, {r4-r7}\n"
    "    lsrs r3, r3, #1\n" /* pairs of groups; C = odd count */
    "    bcc 2f\n"
    KWS_DOT22I_GROUP
    "    cmp r3, #0\n"
    "    beq 3f\n"
    "2:\n"
    KWS_DOT22I_GROUP
    KWS_DOT22I_GROUP
    "    subs r3, r3, #1\n"
    "    bne 2b\n"
    "3:\n"
    "    stm lr, {r4-r7}\n"
    "    pop {r4-r11, pc}\n"
    "    .size kws_nn_dot22i_s16, . - kws_nn_dot22i_s16\n"
    "    .text\n");
#else
/* The same data layout and order in C (host DSP emulation). */
static void kws_nn_dot22i_s16(const int16_t *ci, const int8_t *w0, const int8_t *w1, uint32_t groups,
                              int32_t *acc)
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    uint32_t g;
    for (g = 0; g < groups; g++, ci += 8, w0 += 4, w1 += 4) {
        uint32_t wa = kws_load32(w0);
        uint32_t wb = kws_load32(w1);
        int32_t xa = (int32_t)kws_load32(ci);
        int32_t xb = (int32_t)kws_load32(ci + 2);
        a0 = kws_smlad(xa, kws_sxtb16(wa), a0);
        a2 = kws_smlad(xb, kws_sxtb16(wa), a2);
        a1 = kws_smlad(xa, kws_sxtb16(wb), a1);
        a3 = kws_smlad(xb, kws_sxtb16(wb), a3);
        xa = (int32_t)kws_load32(ci + 4);
        xb = (int32_t)kws_load32(ci + 6);
        a0 = kws_smlad(xa, kws_sxtb16_ror8(wa), a0);
        a2 = kws_smlad(xb, kws_sxtb16_ror8(wa), a2);
        a1 = kws_smlad(xa, kws_sxtb16_ror8(wb), a1);
        a3 = kws_smlad(xb, kws_sxtb16_ror8(wb), a3);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}
#endif

void kws_nn_interleave_s16(const int16_t *ca, const int16_t *cb, size_t k, int16_t *ci)
{
    size_t i;
    const size_t k4 = k & ~(size_t)3;
    for (i = 0; i < k4; i += 2, ci += 4) {
        memcpy(ci, ca + i, 2 * sizeof *ci);
        memcpy(ci + 2, cb + i, 2 * sizeof *ci);
    }
}

/* acc0 += col . w0, acc1 += col . w1 (two output channels share the column loads) */
static void kws_dot2(const int16_t *col, const int8_t *w0, const int8_t *w1, size_t k,
                     int32_t *acc0, int32_t *acc1)
{
    int32_t a0 = *acc0;
    int32_t a1 = *acc1;
    size_t i;
    size_t k4 = k & ~(size_t)3;
    for (i = 0; i < k4; i += 4) {
        int32_t x02 = (int32_t)kws_load32(col + i);
        int32_t x13 = (int32_t)kws_load32(col + i + 2);
        uint32_t wa = kws_load32(w0 + i);
        uint32_t wb = kws_load32(w1 + i);
        a0 = kws_smlad(x02, kws_sxtb16(wa), a0);
        a0 = kws_smlad(x13, kws_sxtb16_ror8(wa), a0);
        a1 = kws_smlad(x02, kws_sxtb16(wb), a1);
        a1 = kws_smlad(x13, kws_sxtb16_ror8(wb), a1);
    }
    for (; i < k; i++) {
        a0 += (int32_t)col[i] * w0[i];
        a1 += (int32_t)col[i] * w1[i];
    }
    *acc0 = a0;
    *acc1 = a1;
}

/* acc[j] += col . w[j] for four output channels */
static void kws_dot4(const int16_t *col, const int8_t *w, size_t k, int32_t *acc)
{
    const int8_t *w0 = w, *w1 = w + k, *w2 = w + 2 * k, *w3 = w + 3 * k;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    size_t i;
    size_t k4 = k & ~(size_t)3;
    for (i = 0; i < k4; i += 4) {
        int32_t x02 = (int32_t)kws_load32(col + i);
        int32_t x13 = (int32_t)kws_load32(col + i + 2);
        uint32_t wa = kws_load32(w0 + i);
        uint32_t wb = kws_load32(w1 + i);
        uint32_t wc = kws_load32(w2 + i);
        uint32_t wd = kws_load32(w3 + i);
        a0 = kws_smlad(x02, kws_sxtb16(wa), a0);
        a0 = kws_smlad(x13, kws_sxtb16_ror8(wa), a0);
        a1 = kws_smlad(x02, kws_sxtb16(wb), a1);
        a1 = kws_smlad(x13, kws_sxtb16_ror8(wb), a1);
        a2 = kws_smlad(x02, kws_sxtb16(wc), a2);
        a2 = kws_smlad(x13, kws_sxtb16_ror8(wc), a2);
        a3 = kws_smlad(x02, kws_sxtb16(wd), a3);
        a3 = kws_smlad(x13, kws_sxtb16_ror8(wd), a3);
    }
    for (; i < k; i++) {
        int32_t x = col[i];
        a0 += x * w0[i];
        a1 += x * w1[i];
        a2 += x * w2[i];
        a3 += x * w3[i];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

static int32_t kws_dot1(const int16_t *col, const int8_t *w, size_t k, int32_t acc)
{
    size_t i;
    size_t k4 = k & ~(size_t)3;
    for (i = 0; i < k4; i += 4) {
        uint32_t wa = kws_load32(w + i);
        acc = kws_smlad((int32_t)kws_load32(col + i), kws_sxtb16(wa), acc);
        acc = kws_smlad((int32_t)kws_load32(col + i + 2), kws_sxtb16_ror8(wa), acc);
    }
    for (; i < k; i++) {
        acc += (int32_t)col[i] * w[i];
    }
    return acc;
}
#else
static void kws_dot2(const int16_t *col, const int8_t *w0, const int8_t *w1, size_t k,
                     int32_t *acc0, int32_t *acc1)
{
    int32_t a0 = *acc0;
    int32_t a1 = *acc1;
    size_t i;
    for (i = 0; i < k; i++) {
        int32_t x = col[i];
        a0 += x * w0[i];
        a1 += x * w1[i];
    }
    *acc0 = a0;
    *acc1 = a1;
}

static void kws_dot4(const int16_t *col, const int8_t *w, size_t k, int32_t *acc)
{
    const int8_t *w0 = w, *w1 = w + k, *w2 = w + 2 * k, *w3 = w + 3 * k;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    size_t i;
    for (i = 0; i < k; i++) {
        int32_t x = col[i];
        a0 += x * w0[i];
        a1 += x * w1[i];
        a2 += x * w2[i];
        a3 += x * w3[i];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

static void kws_dot22(const int16_t *ca, const int16_t *cb, const int8_t *w0, const int8_t *w1, size_t k,
                      int32_t *acc)
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    size_t i;
    for (i = 0; i < k; i++) {
        int32_t xa = ca[i], xb = cb[i];
        a0 += xa * w0[i];
        a1 += xa * w1[i];
        a2 += xb * w0[i];
        a3 += xb * w1[i];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

static int32_t kws_dot1(const int16_t *col, const int8_t *w, size_t k, int32_t acc)
{
    size_t i;
    for (i = 0; i < k; i++) {
        acc += (int32_t)col[i] * w[i];
    }
    return acc;
}
#endif

/* out[c] = requant(bias[c] + col . weights[c]) for c in 0..out_c-1, with
 * per-channel (per_channel != 0) or per-tensor multipliers. */
void kws_nn_dense_s16(const kws_layer_t *l, const int16_t *col, size_t k, int per_channel, kws_rq_t rq,
                      int8_t *out)
{
    int c, j;
    int out_c = l->out_c;
    for (c = 0; c + 4 <= out_c; c += 4) {
        int32_t a[4];
        for (j = 0; j < 4; j++) {
            a[j] = l->bias ? l->bias[c + j] : 0;
        }
        kws_dot4(col, l->weights + (size_t)c * k, k, a);
        for (j = 0; j < 4; j++) {
            out[c + j] = kws_requant(a[j], l->multiplier[per_channel ? c + j : 0],
                                     l->shift[per_channel ? c + j : 0], rq);
        }
    }
    for (; c + 1 < out_c; c += 2) {
        int32_t a0 = l->bias ? l->bias[c] : 0;
        int32_t a1 = l->bias ? l->bias[c + 1] : 0;
        kws_dot2(col, l->weights + (size_t)c * k, l->weights + (size_t)(c + 1) * k, k, &a0, &a1);
        out[c] = kws_requant(a0, l->multiplier[per_channel ? c : 0], l->shift[per_channel ? c : 0], rq);
        out[c + 1] = kws_requant(a1, l->multiplier[per_channel ? c + 1 : 0],
                                 l->shift[per_channel ? c + 1 : 0], rq);
    }
    if (c < out_c) {
        int32_t a = kws_dot1(col, l->weights + (size_t)c * k, k, l->bias ? l->bias[c] : 0);
        out[c] = kws_requant(a, l->multiplier[per_channel ? c : 0], l->shift[per_channel ? c : 0], rq);
    }
}

/* Per-channel outputs of two pixels whose columns are ca and cb: accumulators
 * for a chunk of output channels, then one requantization pass per pixel. */
void kws_nn_dense2_s16(const kws_layer_t *l, const int16_t *ca, const int16_t *cb, const int16_t *ci, size_t k,
                       kws_rq_t rq, int8_t *oa, int8_t *ob)
{
#if KWS_NN_DSP
    const size_t k4 = k & ~(size_t)3;
    size_t i;
#else
    (void)ci;
#endif
    int32_t acc[2][KWS_NN_ACC_MAX];
    const int32_t *const bias = l->bias;
    const int8_t *const w = l->weights;
    const int out_c = l->out_c;
    int c, c0;
    for (c0 = 0; c0 < out_c; c0 += KWS_NN_ACC_MAX) {
        const int c1 = out_c - c0 < KWS_NN_ACC_MAX ? out_c : c0 + KWS_NN_ACC_MAX;
        int32_t *pa = acc[0], *pb = acc[1];
        for (c = c0; c + 1 < c1; c += 2, pa += 2, pb += 2) {
            int32_t a[4];
            a[0] = a[2] = bias ? bias[c] : 0;
            a[1] = a[3] = bias ? bias[c + 1] : 0;
#if KWS_NN_DSP
            {
                const int8_t *w0 = w + (size_t)c * k, *w1 = w + (size_t)(c + 1) * k;
                if (k4 > 0) {
                    kws_nn_dot22i_s16(ci, w0, w1, (uint32_t)(k4 / 4), a);
                }
                for (i = k4; i < k; i++) {
                    a[0] += (int32_t)ca[i] * w0[i];
                    a[1] += (int32_t)ca[i] * w1[i];
                    a[2] += (int32_t)cb[i] * w0[i];
                    a[3] += (int32_t)cb[i] * w1[i];
                }
            }
#else
            kws_dot22(ca, cb, w + (size_t)c * k, w + (size_t)(c + 1) * k, k, a);
#endif
            pa[0] = a[0];
            pa[1] = a[1];
            pb[0] = a[2];
            pb[1] = a[3];
        }
        if (c < c1) {
            int32_t b0 = bias ? bias[c] : 0;
            pa[0] = kws_dot1(ca, w + (size_t)c * k, k, b0);
            pb[0] = kws_dot1(cb, w + (size_t)c * k, k, b0);
        }
        kws_nn_requant_vec(acc[0], c1 - c0, l->multiplier + c0, l->shift + c0, rq, oa + c0);
        kws_nn_requant_vec(acc[1], c1 - c0, l->multiplier + c0, l->shift + c0, rq, ob + c0);
    }
}
