/*
 * kws_dwconv2d_s8: DEPTHWISE_CONV_2D with depth multiplier 1 (docs/SPEC.md
 * section 3), NHWC, weights [k_h][k_w][c].
 *
 * Fast path (in_c % 4 == 0, scratch from kws_dwconv2d_s8_get_buffer_size): a
 * ring of k_h int16 input rows and an int16 copy of the weights (see
 * kws_dw_fill_row). Otherwise a direct loop computes the same integers.
 */
#include "kws_nn_support.h"

/* Valid kernel range [k0, k1) along one axis for an output at input offset i0. */
static inline void kws_tap_range(int i0, int k, int in, int *k0, int *k1)
{
    *k0 = i0 < 0 ? -i0 : 0;
    *k1 = in - i0 < k ? in - i0 : k;
}

/* One depthwise tap for four channels: a0..a3 += (x[0..3] - zp) * w[0..3]. */
#if KWS_NN_DSP
#define KWS_DW_TAP(xp, wp)                                                    \
    do {                                                                      \
        uint32_t xw_ = kws_load32(xp);                                        \
        uint32_t ww_ = kws_load32(wp);                                        \
        int32_t x02_ = kws_ssub16(kws_sxtb16(xw_), zp2);                      \
        int32_t x13_ = kws_ssub16(kws_sxtb16_ror8(xw_), zp2);                 \
        int32_t w02_ = kws_sxtb16(ww_);                                       \
        int32_t w13_ = kws_sxtb16_ror8(ww_);                                  \
        a0 = kws_smlabb(x02_, w02_, a0);                                      \
        a2 = kws_smlatt(x02_, w02_, a2);                                      \
        a1 = kws_smlabb(x13_, w13_, a1);                                      \
        a3 = kws_smlatt(x13_, w13_, a3);                                      \
    } while (0)
#else
#define KWS_DW_TAP(xp, wp)                                                    \
    do {                                                                      \
        const int8_t *xq_ = (xp);                                             \
        const int8_t *wq_ = (wp);                                             \
        a0 += ((int32_t)xq_[0] - zp) * wq_[0];                                \
        a1 += ((int32_t)xq_[1] - zp) * wq_[1];                                \
        a2 += ((int32_t)xq_[2] - zp) * wq_[2];                                \
        a3 += ((int32_t)xq_[3] - zp) * wq_[3];                                \
    } while (0)
#endif

/* Any geometry and channel count: taps read straight from the input, padded
 * taps skipped. */
KWS_NN_COLD static void kws_dwconv2d_direct(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const kws_rq_t rq = kws_rq_of(l);
    const int ch = l->out_c;
    const int32_t zp = l->in_zp;
    const size_t row = (size_t)l->in_w * ch;
    const size_t wrow = (size_t)l->k_w * ch;
#if KWS_NN_DSP
    const int32_t zp2 = (int32_t)(((uint32_t)(uint16_t)(int16_t)zp) * 0x10001u);
#endif
    int oy, ox, ky, kx, c;

    for (oy = 0; oy < l->out_h; oy++) {
        int iy0 = oy * l->stride_h - l->pad_h;
        int ky0, ky1;
        kws_tap_range(iy0, l->k_h, l->in_h, &ky0, &ky1);
        for (ox = 0; ox < l->out_w; ox++) {
            int ix0 = ox * l->stride_w - l->pad_w;
            int kx0, kx1;
            int8_t *o = out + ((size_t)oy * l->out_w + ox) * ch;
            kws_tap_range(ix0, l->k_w, l->in_w, &kx0, &kx1);
            /* four channels at a time, accumulators in registers */
            for (c = 0; c + 4 <= ch; c += 4) {
                int32_t a0 = l->bias ? l->bias[c] : 0;
                int32_t a1 = l->bias ? l->bias[c + 1] : 0;
                int32_t a2 = l->bias ? l->bias[c + 2] : 0;
                int32_t a3 = l->bias ? l->bias[c + 3] : 0;
                for (ky = ky0; ky < ky1; ky++) {
                    const int8_t *xi = in + (size_t)(iy0 + ky) * row + (size_t)(ix0 + kx0) * ch + c;
                    const int8_t *wi = l->weights + (size_t)ky * wrow + (size_t)kx0 * ch + c;
                    if (kx1 - kx0 == 3) { /* the common 3-wide row, unrolled */
                        KWS_DW_TAP(xi, wi);
                        KWS_DW_TAP(xi + ch, wi + ch);
                        KWS_DW_TAP(xi + 2 * ch, wi + 2 * ch);
                    } else {
                        for (kx = kx0; kx < kx1; kx++, xi += ch, wi += ch) {
                            KWS_DW_TAP(xi, wi);
                        }
                    }
                }
                o[c] = kws_requant(a0, l->multiplier[c], l->shift[c], rq);
                o[c + 1] = kws_requant(a1, l->multiplier[c + 1], l->shift[c + 1], rq);
                o[c + 2] = kws_requant(a2, l->multiplier[c + 2], l->shift[c + 2], rq);
                o[c + 3] = kws_requant(a3, l->multiplier[c + 3], l->shift[c + 3], rq);
            }
            for (; c < ch; c++) {
                int32_t a = l->bias ? l->bias[c] : 0;
                for (ky = ky0; ky < ky1; ky++) {
                    const int8_t *xi = in + (size_t)(iy0 + ky) * row + (size_t)(ix0 + kx0) * ch + c;
                    const int8_t *wi = l->weights + (size_t)ky * wrow + (size_t)kx0 * ch + c;
                    for (kx = kx0; kx < kx1; kx++, xi += ch, wi += ch) {
                        a += ((int32_t)*xi - zp) * *wi;
                    }
                }
                o[c] = kws_requant(a, l->multiplier[c], l->shift[c], rq);
            }
        }
    }
}

/* Row-buffer path (in_c % 4 == 0): the k_h input rows an output row needs are
 * kept as int16 (x - in_zp) in a ring of k_h row slots on the stack, each row
 * widened by the padding on both sides (zeros there), so every output pixel
 * reads its k_h x k_w taps without bounds checks, and each input row is
 * converted once. A slot is laid out [c / 4][x][4] and the weights are copied
 * once per layer as int16 [c / 4][k_h * k_w][4], so the taps of one group of
 * four channels sit at constant offsets from three pointers. On the SIMD path
 * each group of four is stored 0, 2, 1, 3 (the SXTB16 / SXTB16-ROR8 order of
 * one word): a tap is two int16-pair loads of x, two of w and four
 * SMLABB/SMLATT. */
static void kws_dw_fill_row(const kws_layer_t *l, const int8_t *in, int iy, int wb, int16_t *dst)
{
    const int ch = l->in_c;
    const int16_t zp = (int16_t)l->in_zp;
#if KWS_NN_DSP
    const int32_t zp2 = (int32_t)(((uint32_t)(uint16_t)zp) * 0x10001u);
#endif
    const size_t qstride = (size_t)wb * 4;
    int xb, c;
    for (xb = 0; xb < wb; xb++) {
        int ix = xb - l->pad_w;
        int16_t *d = dst + (size_t)xb * 4;
        if (iy < 0 || iy >= l->in_h || ix < 0 || ix >= l->in_w) {
            for (c = 0; c < ch; c += 4, d += qstride) {
                memset(d, 0, 4 * sizeof *d);
            }
        } else {
            const int8_t *xi = in + ((size_t)iy * l->in_w + ix) * ch;
            for (c = 0; c < ch; c += 4, d += qstride) {
#if KWS_NN_DSP
                uint32_t xw = kws_load32(xi + c);
                int32_t x02 = kws_ssub16(kws_sxtb16(xw), zp2);
                int32_t x13 = kws_ssub16(kws_sxtb16_ror8(xw), zp2);
                memcpy(d, &x02, sizeof x02);
                memcpy(d + 2, &x13, sizeof x13);
#else
                d[0] = (int16_t)(xi[c] - zp);
                d[1] = (int16_t)(xi[c + 1] - zp);
                d[2] = (int16_t)(xi[c + 2] - zp);
                d[3] = (int16_t)(xi[c + 3] - zp);
#endif
            }
        }
    }
}

/* a0..a3 += x[0..3] * w[0..3], both int16 groups of four in buffer order */
#if KWS_NN_DSP
#define KWS_DWB_TAP(xp, wp)                                                   \
    do {                                                                      \
        int32_t x02_ = (int32_t)kws_load32(xp);                               \
        int32_t x13_ = (int32_t)kws_load32((xp) + 2);                         \
        int32_t w02_ = (int32_t)kws_load32(wp);                               \
        int32_t w13_ = (int32_t)kws_load32((wp) + 2);                         \
        a0 = kws_smlabb(x02_, w02_, a0);                                      \
        a2 = kws_smlatt(x02_, w02_, a2);                                      \
        a1 = kws_smlabb(x13_, w13_, a1);                                      \
        a3 = kws_smlatt(x13_, w13_, a3);                                      \
    } while (0)
#else
#define KWS_DWB_TAP(xp, wp)                                                   \
    do {                                                                      \
        const int16_t *xq_ = (xp);                                            \
        const int16_t *wq_ = (wp);                                            \
        a0 += (int32_t)xq_[0] * wq_[0];                                       \
        a1 += (int32_t)xq_[1] * wq_[1];                                       \
        a2 += (int32_t)xq_[2] * wq_[2];                                       \
        a3 += (int32_t)xq_[3] * wq_[3];                                       \
    } while (0)
#endif

static void kws_dw_rows(const kws_layer_t *l, const int8_t *in, int8_t *out, int16_t *buf,
                        const int16_t *wexp, int wb, kws_rq_t rq)
{
    const int ch = l->out_c;
    const int kh = l->k_h, kw = l->k_w, kk = l->k_h * l->k_w;
    const int out_w = l->out_w;
    const size_t slot = (size_t)wb * ch;
    const size_t qstride = (size_t)wb * 4;
    const size_t xstep = (size_t)l->stride_w * 4;
    const int32_t *const bias = l->bias;
    int32_t acc[KWS_NN_ACC_MAX];
    int slot_row[KWS_NN_DW_KH_MAX];
    const int16_t *rows[KWS_NN_DW_KH_MAX];
    int oy, ox, ky, kx, c, c0;

    for (ky = 0; ky < kh; ky++) {
        slot_row[ky] = -0x7fff - 1; /* below any input row */
    }
    for (oy = 0; oy < l->out_h; oy++) {
        int iy0 = oy * l->stride_h - l->pad_h;
        const int16_t *r0, *r1, *r2;
        for (ky = 0; ky < kh; ky++) {
            int iy = iy0 + ky;
            int sl = (iy + l->pad_h) % kh;
            if (slot_row[sl] != iy) {
                kws_dw_fill_row(l, in, iy, wb, buf + (size_t)sl * slot);
                slot_row[sl] = iy;
            }
            rows[ky] = buf + (size_t)sl * slot;
        }
        r0 = rows[0];
        r1 = kh > 1 ? rows[1] : r0;
        r2 = kh > 2 ? rows[2] : r0;
        for (ox = 0; ox < out_w; ox++) {
            int8_t *o = out + ((size_t)oy * out_w + ox) * ch;
            for (c0 = 0; c0 < ch; c0 += KWS_NN_ACC_MAX) {
                const int c1 = ch - c0 < KWS_NN_ACC_MAX ? ch : c0 + KWS_NN_ACC_MAX;
                const size_t qoff = (size_t)(c0 / 4) * qstride + (size_t)ox * xstep;
                const int16_t *x0 = r0 + qoff;
                const int16_t *x1 = r1 + qoff;
                const int16_t *x2 = r2 + qoff;
                const int16_t *wq = wexp + (size_t)c0 * kk;
                int32_t *ac = acc;
                for (c = c0; c < c1; c += 4, x0 += qstride, x1 += qstride, x2 += qstride, wq += 4 * kk, ac += 4) {
                    int32_t a0 = bias ? bias[c] : 0;
                    int32_t a1 = bias ? bias[c + 1] : 0;
                    int32_t a2 = bias ? bias[c + 2] : 0;
                    int32_t a3 = bias ? bias[c + 3] : 0;
                    if (kh == 3 && kw == 3) {
                        KWS_DWB_TAP(x0, wq);
                        KWS_DWB_TAP(x0 + 4, wq + 4);
                        KWS_DWB_TAP(x0 + 8, wq + 8);
                        KWS_DWB_TAP(x1, wq + 12);
                        KWS_DWB_TAP(x1 + 4, wq + 16);
                        KWS_DWB_TAP(x1 + 8, wq + 20);
                        KWS_DWB_TAP(x2, wq + 24);
                        KWS_DWB_TAP(x2 + 4, wq + 28);
                        KWS_DWB_TAP(x2 + 8, wq + 32);
                    } else {
                        const int16_t *wt = wq;
                        const size_t qo = (size_t)(c / 4) * qstride + (size_t)ox * xstep;
                        for (ky = 0; ky < kh; ky++) {
                            const int16_t *xr = rows[ky] + qo;
                            for (kx = 0; kx < kw; kx++, xr += 4, wt += 4) {
                                KWS_DWB_TAP(xr, wt);
                            }
                        }
                    }
                    ac[0] = a0;
                    ac[1] = a1;
                    ac[2] = a2;
                    ac[3] = a3;
                }
                kws_nn_requant_vec(acc, c1 - c0, l->multiplier + c0, l->shift + c0, rq, o + c0);
            }
        }
    }
}

#if KWS_NN_DSP
/* Plane path (SIMD builds): 3x3, stride 1, SAME (pad 1) or VALID (pad 0) with
 * the shape that implies, in_c % 4 == 0. Channel-major: for each group of
 * four channels the input is converted once into four int16 planes (x -
 * in_zp) of out_h + 2 rows of pw columns (pw even, >= pad_w + in_w; the
 * padding and the spare columns 0, and with pad_w = 1 a row's right padding
 * is the next row's left padding). A plane is then one flat signal: the
 * output at q = oy * pw + ox reads q + r * pw + kx, so two neighbouring
 * outputs are computed for every even q (the columns ox >= out_w are
 * discarded), per kernel row with one LDRD (x0,x1),(x2,x3) and four
 * SMLAD-family instructions (6 MACs), the channel's six weight pairs in
 * registers:
 *   a = x0 w0 + x1 w1 + x2 w2 = SMLAD(x01, w01) + SMLABT(x23, w12)
 *   b = x1 w0 + x2 w1 + x3 w2 = SMLAD(x23, w12) + SMLATB(x01, w01)
 * into an int32 plane; a requantization pass with the channel's constants in
 * registers writes its int8 outputs (stride in_c). Each group's input is
 * converted before its outputs are written, so out may equal in. */
static int kws_dw_plane_ok(const kws_layer_t *l)
{
    return l->k_h == 3 && l->k_w == 3 && l->stride_h == 1 && l->stride_w == 1 && (l->in_c & 3) == 0 &&
           l->out_c == l->in_c && (l->pad_h == 0 || l->pad_h == 1) && (l->pad_w == 0 || l->pad_w == 1) &&
           l->out_h >= 1 && l->out_w >= 1 && l->out_h == l->in_h + 2 * l->pad_h - 2 &&
           l->out_w == l->in_w + 2 * l->pad_w - 2;
}
#endif

/* plane row width and bytes of the plane path (any geometry: sized on the host) */
static size_t kws_dw_plane_w(const kws_layer_t *l)
{
    return ((size_t)l->pad_w + (size_t)l->in_w + 1u) & ~(size_t)1;
}

static size_t kws_dw_plane_bytes(const kws_layer_t *l)
{
    const size_t pw = kws_dw_plane_w(l);
    return 4u * (((size_t)l->out_h + 2u) * pw + 2u) * sizeof(int16_t) + (size_t)l->out_h * pw * sizeof(int32_t);
}

#if defined(KWS_NN_ARM_ASM)
/* The MAC pass of one channel plane on Cortex-M4: r0 p (row 0), r1 row pitch
 * in bytes, r2 the six weight pairs (w01, w12 of rows 0..2), r3 acc, [sp]
 * npairs >= 1; r4-r9 weights, r10/r11 the pair (x01, x23), r12/lr the two
 * outputs. Per pair: 3 LDRD, 12 SMUAD/SMLAD/SMLABT/SMLATB, 1 STRD. */
void kws_dw3x3_pairs(const int16_t *p, uint32_t pitch, const int32_t *w6, int32_t *acc, uint32_t npairs);
__asm__(
    "    .section .text.kws_dw3x3_pairs,\"ax\",%progbits\n"
    "    .syntax unified\n"
    "    .thumb\n"
    "    .align 2\n"
    "    .global kws_dw3x3_pairs\n"
    "    .type kws_dw3x3_pairs, %function\n"
    "    .thumb_func\n"
    "kws_dw3x3_pairs:\n"
    "    push {r4-r11, lr}\n"
    "    ldr r12, [sp, #36]\n"
    "    add r12, r3, r12, lsl #3\n"
    "    sub sp, sp, #8\n"
    "    str r12, [sp]\n" /* end of acc */
    "    ldm r2, {r4-r9}\n"
    "    mov r12, r1\n"
    "    add r1, r0, r12\n"
    "    add r2, r1, r12\n"
    "1:\n"
    "    ldrd r10, r11, [r0], #4\n"
    "    smuad r12, r10, r4\n"
    "    smuad lr, r11, r5\n"
    "    smlabt r12, r11, r5, r12\n"
    "    smlatb lr, r10, r4, lr\n"
    "    ldrd r10, r11, [r1], #4\n"
    "    smlad r12, r10, r6, r12\n"
    "    smlad lr, r11, r7, lr\n"
    "    smlabt r12, r11, r7, r12\n"
    "    smlatb lr, r10, r6, lr\n"
    "    ldrd r10, r11, [r2], #4\n"
    "    smlad r12, r10, r8, r12\n"
    "    smlad lr, r11, r9, lr\n"
    "    smlabt r12, r11, r9, r12\n"
    "    smlatb lr, r10, r8, lr\n"
    "    strd r12, lr, [r3], #8\n"
    "    ldr r10, [sp]\n"
    "    cmp r3, r10\n"
    "    bne 1b\n"
    "    add sp, sp, #8\n"
    "    pop {r4-r11, pc}\n"
    "    .size kws_dw3x3_pairs, . - kws_dw3x3_pairs\n"
    "    .text\n");
#endif

#if KWS_NN_DSP
static void kws_dw_plane(const kws_layer_t *l, const int8_t *in, int8_t *out, void *scratch)
{
    const int ch = l->in_c;
    const int in_h = l->in_h, in_w = l->in_w, out_h = l->out_h, out_w = l->out_w;
    const size_t pw = kws_dw_plane_w(l);
    const size_t psz = ((size_t)out_h + 2u) * pw + 2u;
    const size_t npairs = (size_t)out_h * pw / 2u;
    int16_t *const planes = (int16_t *)scratch;
    int32_t *const accp = (int32_t *)(void *)(planes + 4 * psz);
    const int32_t zp2 = (int32_t)(((uint32_t)(uint16_t)(int16_t)l->in_zp) * 0x10001u);
    const int32_t ozp = l->out_zp;
    const kws_rq_t rq = kws_rq_of(l);
    const int fast_sat = rq.fast && l->act_min == -128 && l->act_max == 127;
    int g, j, iy, ix, oy, ox;
#if !defined(KWS_NN_ARM_ASM)
    size_t q;
#endif

    memset(planes, 0, 4 * psz * sizeof *planes); /* padding stays 0 */
    for (g = 0; g < ch; g += 4) {
        /* channels g..g+3 of every input pixel -> planes 0..3 (x - in_zp) */
        for (iy = 0; iy < in_h; iy++) {
            const int8_t *xi = in + (size_t)iy * in_w * ch + g;
            int16_t *d = planes + (size_t)(iy + l->pad_h) * pw + l->pad_w;
            for (ix = 0; ix < in_w; ix++, xi += ch, d++) {
                uint32_t xw = kws_load32(xi);
                int32_t x02 = kws_ssub16(kws_sxtb16(xw), zp2);
                int32_t x13 = kws_ssub16(kws_sxtb16_ror8(xw), zp2);
                d[0] = (int16_t)kws_lo16(x02);
                d[2 * psz] = (int16_t)kws_hi16(x02);
                d[psz] = (int16_t)kws_lo16(x13);
                d[3 * psz] = (int16_t)kws_hi16(x13);
            }
        }
        for (j = 0; j < 4; j++) {
            const int c = g + j;
            const int8_t *w = l->weights + c;
            /* (w[ky][0], w[ky][1]) and (w[ky][1], w[ky][2]) as int16 pairs */
            int32_t wp[6];
            wp[0] = kws_pack16(w[0], w[ch]);          /* w01, row 0 */
            wp[1] = kws_pack16(w[ch], w[2 * ch]);     /* w12, row 0 */
            wp[2] = kws_pack16(w[3 * ch], w[4 * ch]);
            wp[3] = kws_pack16(w[4 * ch], w[5 * ch]);
            wp[4] = kws_pack16(w[6 * ch], w[7 * ch]);
            wp[5] = kws_pack16(w[7 * ch], w[8 * ch]);
#if defined(KWS_NN_ARM_ASM)
            kws_dw3x3_pairs(planes + (size_t)j * psz, (uint32_t)(pw * sizeof(int16_t)), wp, accp, (uint32_t)npairs);
#else
            {
                const int16_t *p0 = planes + (size_t)j * psz;
                const int16_t *p1 = p0 + pw;
                const int16_t *p2 = p1 + pw;
                int32_t *ac = accp;
                for (q = 0; q < npairs; q++, p0 += 2, p1 += 2, p2 += 2, ac += 2) {
                    int32_t x01 = (int32_t)kws_load32(p0), x23 = (int32_t)kws_load32(p0 + 2);
                    int32_t a = kws_smuad(x01, wp[0]);
                    int32_t b = kws_smuad(x23, wp[1]);
                    a = kws_smlabt(x23, wp[1], a);
                    b = kws_smlatb(x01, wp[0], b);
                    x01 = (int32_t)kws_load32(p1);
                    x23 = (int32_t)kws_load32(p1 + 2);
                    a = kws_smlad(x01, wp[2], a);
                    b = kws_smlad(x23, wp[3], b);
                    a = kws_smlabt(x23, wp[3], a);
                    b = kws_smlatb(x01, wp[2], b);
                    x01 = (int32_t)kws_load32(p2);
                    x23 = (int32_t)kws_load32(p2 + 2);
                    a = kws_smlad(x01, wp[4], a);
                    b = kws_smlad(x23, wp[5], b);
                    a = kws_smlabt(x23, wp[5], a);
                    b = kws_smlatb(x01, wp[4], b);
                    ac[0] = a;
                    ac[1] = b;
                }
            }
#endif
            /* requantize channel c (the columns ox >= out_w of the int32 plane skipped) */
            {
                const int32_t bias = l->bias ? l->bias[c] : 0;
                const int32_t m = l->multiplier[c], sh = l->shift[c];
                const size_t skip = pw - (size_t)out_w;
                int8_t *o = out + c;
                const int32_t *ar = accp;
                if (fast_sat) {
                    for (oy = 0; oy < out_h; oy++, ar += skip) {
                        const int32_t *const re = ar + out_w;
                        for (; ar < re; ar++, o += ch) {
                            int32_t y = kws_mbqm_fast(*ar + bias, m, sh) + ozp;
#if defined(KWS_NN_ARM_ASM)
                            *o = (int8_t)__ssat(y, 8);
#else
                            *o = (int8_t)(y < -128 ? -128 : y > 127 ? 127 : y);
#endif
                        }
                    }
                } else {
                    for (oy = 0; oy < out_h; oy++, ar += skip) {
                        for (ox = 0; ox < out_w; ox++, o += ch) {
                            *o = kws_requant(ar[ox] + bias, m, sh, rq);
                        }
                        ar += out_w;
                    }
                }
            }
        }
    }
}
#endif

/* Input columns one output row reads, padding included (-pad_w .. wb-1-pad_w). */
static int kws_dw_row_width(const kws_layer_t *l)
{
    return (l->out_w - 1) * l->stride_w + l->k_w;
}

size_t kws_dwconv2d_s8_get_buffer_size(const kws_layer_t *l)
{
    const int ch = l->out_c;
    size_t entries;
    if ((ch & 3) != 0 || l->in_c != ch || l->k_h > KWS_NN_DW_KH_MAX || l->out_w < 1 || l->out_h < 1) {
        return 0;
    }
    entries = (size_t)l->k_h * (size_t)kws_dw_row_width(l) * (size_t)ch + (size_t)l->k_h * l->k_w * (size_t)ch;
    if (entries > KWS_NN_DW_BUF_MAX) {
        return 0;
    }
    /* the same on every build (the arena is planned on the host): room for
     * the plane path of the SIMD builds where it applies and fits */
    if (l->k_h == 3 && l->k_w == 3 && l->stride_h == 1 && l->stride_w == 1 &&
        (l->pad_h == 0 || l->pad_h == 1) && (l->pad_w == 0 || l->pad_w == 1)) {
        const size_t plane = kws_dw_plane_bytes(l);
        if (plane <= 2u * KWS_NN_DW_BUF_MAX && plane > entries * sizeof(int16_t)) {
            return plane;
        }
    }
    return entries * sizeof(int16_t);
}

void kws_dwconv2d_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const size_t need = kws_dwconv2d_s8_get_buffer_size(l);
    const int ch = l->out_c;
    const int kk = l->k_h * l->k_w;
    const int wb = kws_dw_row_width(l);
    int16_t *buf;
    int16_t *wexp;
    kws_rq_t rq;
    int c, t;
    /* (the plane and row paths use 32/64-bit loads and stores on the scratch) */
    if (need == 0 || ctx == NULL || ctx->buf == NULL || ctx->size < need || ((uintptr_t)ctx->buf & 3u) != 0) {
        kws_dwconv2d_direct(l, in, out);
        return;
    }
#if KWS_NN_DSP
    if (kws_dw_plane_ok(l) && kws_dw_plane_bytes(l) <= ctx->size) {
        kws_dw_plane(l, in, out, ctx->buf);
        return;
    }
#endif
    buf = (int16_t *)ctx->buf;
    wexp = buf + (size_t)l->k_h * (size_t)wb * (size_t)ch;
    /* weights [k_h][k_w][c] -> [c / 4][tap][4] in buffer order */
    for (c = 0; c < ch; c += 4) {
        for (t = 0; t < kk; t++) {
            const int8_t *w = l->weights + (size_t)t * ch + c;
            int16_t *d = wexp + ((size_t)(c / 4) * kk + t) * 4;
#if KWS_NN_DSP
            d[0] = w[0]; d[1] = w[2]; d[2] = w[1]; d[3] = w[3];
#else
            d[0] = w[0]; d[1] = w[1]; d[2] = w[2]; d[3] = w[3];
#endif
        }
    }
    rq = kws_rq_of(l);
    kws_dw_rows(l, in, out, buf, wexp, wb, rq);
}
