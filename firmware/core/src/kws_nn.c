/*
 * kws_nn: int8 kernels, bit-exact with docs/SPEC.md section 3.
 *
 * Integer sums are exact (no int32 overflow for any layer this project builds:
 * |x - zp| <= 255, |w| <= 128, so 2^31 / 32640 > 65000 MACs per output), so the
 * order of accumulation does not change results: the SMLAD path (Cortex-M4 DSP
 * extension) and the plain C path return identical bytes.
 *
 * Implementation-defined behaviour relied upon (as in TFLite): >> of a negative
 * int32 is an arithmetic shift; converting an out-of-range uint32 to int32 wraps.
 */
#include "kws_nn.h"

#include <string.h>

/* int16 lanes of a word (signed), and back */
static inline int32_t kws_lo16(int32_t a) { return (int16_t)(uint16_t)((uint32_t)a & 0xffffu); }
static inline int32_t kws_hi16(int32_t a) { return (int16_t)(uint16_t)((uint32_t)a >> 16); }
static inline int32_t kws_pack16(int32_t lo, int32_t hi)
{
    return (int32_t)(((uint32_t)(uint16_t)(int16_t)lo) | ((uint32_t)(uint16_t)(int16_t)hi << 16));
}

#if (defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP) && !defined(KWS_NN_NO_DSP)
#include <arm_acle.h>
#define KWS_NN_DSP 1
#define KWS_NN_ARM_ASM 1 /* real Cortex-M4: inline SMLAL in the requantization */
/* (b0, b2) and (b1, b3) of a word, sign-extended to two int16 halves. */
static inline int32_t kws_sxtb16(uint32_t x) { return (int32_t)__sxtb16((int32_t)x); }
static inline int32_t kws_sxtb16_ror8(uint32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x)); /* one instruction; ACLE has no form with rotation */
    return r;
}
/* acc + lo(a)*lo(b) + hi(a)*hi(b) */
static inline int32_t kws_smlad(int32_t a, int32_t b, int32_t acc) { return __smlad(a, b, acc); }
/* acc + lo(a)*lo(b), acc + hi(a)*hi(b) */
static inline int32_t kws_smlabb(int32_t a, int32_t b, int32_t acc) { return __smlabb(a, b, acc); }
static inline int32_t kws_smlatt(int32_t a, int32_t b, int32_t acc) { return __smlatt(a, b, acc); }
/* lane-wise a - b of two int16 halves */
static inline int32_t kws_ssub16(int32_t a, int32_t b) { return __ssub16(a, b); }
#elif defined(KWS_NN_EMULATE_DSP)
/* Host emulation of the DSP instructions, so the host tests exercise the exact
 * data layout of the SIMD path. */
#define KWS_NN_DSP 1
static inline int32_t kws_sxtb16(uint32_t x)
{
    return kws_pack16((int8_t)(uint8_t)(x & 0xffu), (int8_t)(uint8_t)((x >> 16) & 0xffu));
}
static inline int32_t kws_sxtb16_ror8(uint32_t x)
{
    return kws_sxtb16((x >> 8) | (x << 24));
}
static inline int32_t kws_smlad(int32_t a, int32_t b, int32_t acc)
{
    return acc + kws_lo16(a) * kws_lo16(b) + kws_hi16(a) * kws_hi16(b);
}
static inline int32_t kws_smlabb(int32_t a, int32_t b, int32_t acc) { return acc + kws_lo16(a) * kws_lo16(b); }
static inline int32_t kws_smlatt(int32_t a, int32_t b, int32_t acc) { return acc + kws_hi16(a) * kws_hi16(b); }
static inline int32_t kws_ssub16(int32_t a, int32_t b)
{
    return kws_pack16(kws_lo16(a) - kws_lo16(b), kws_hi16(a) - kws_hi16(b));
}
#else
#define KWS_NN_DSP 0
#endif

typedef char kws_nn_col_max_ok[(KWS_NN_COL_MAX >= 4 && KWS_NN_COL_MAX % 4 == 0) ? 1 : -1];

/* ------------------------------------------------------------------------ */
/* Requantization (TFLite reference, SPEC section 3)                        */

#if defined(__GNUC__)
#define KWS_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define KWS_ALWAYS_INLINE inline
#endif

static KWS_ALWAYS_INLINE int32_t kws_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
#if defined(KWS_NN_ARM_ASM)
    {
        /* For every ab, SPEC's (ab + nudge) / 2^31 (truncating, sign-dependent
         * nudge) equals floor((ab + 2^30) / 2^31): the high bits of one SMLAL.
         * Checked on the emulated M4 against the literal form (test_nn). */
        uint32_t lo = UINT32_C(1) << 30;
        int32_t hi = 0;
        __asm__("smlal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
        return (int32_t)((lo >> 31) | ((uint32_t)hi << 1));
    }
#else
    {
        int64_t ab = (int64_t)a * (int64_t)b;
        ab += ab >= 0 ? (INT64_C(1) << 30) : (INT64_C(1) - (INT64_C(1) << 30));
        /* (ab / 2^31) truncating toward zero, as a shift */
        if (ab < 0) {
            ab += (INT64_C(1) << 31) - 1;
        }
        return (int32_t)(ab >> 31);
    }
#endif
}

static KWS_ALWAYS_INLINE int32_t kws_rounding_divide_by_pot(int32_t x, int32_t e)
{
    int32_t mask;
    int32_t rem;
    int32_t thr;
    if (e <= 0) {
        return x;
    }
    if (e > 31) {
        e = 31;
    }
    mask = (int32_t)((UINT32_C(1) << e) - 1u);
    rem = x & mask;
    thr = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> e) + (rem > thr ? 1 : 0);
}

static KWS_ALWAYS_INLINE int32_t kws_mbqm(int32_t x, int32_t m, int32_t shift)
{
    int32_t left = shift > 0 ? shift : 0;
    int32_t right = shift > 0 ? 0 : -shift;
    /* x * (1 << left) with two's-complement wrap, as the Java int reference */
    int32_t scaled = (int32_t)((uint32_t)x << (uint32_t)(left & 31));
    return kws_rounding_divide_by_pot(kws_srdhm(scaled, m), right);
}

/* The same for 0 < m and -31 <= shift <= -2 (every channel of a layer built by
 * QuantizeMultiplier with a scale below 1/2), in one 64-bit multiply-add:
 *
 *   r = SRDHM(x, m) = floor((x*m + 2^30) / 2^31)             (see kws_srdhm)
 *   RoundingDivideByPOT(r, e) = floor((r + 2^(e-1) - s) / 2^e), s = (r < 0)
 *   floor((floor(y/A) + c) / B) = floor((y + c*A) / (A*B))    (A, B > 0)
 *   => result = floor((x*m + 2^30 + 2^(30+e) - s*2^31) / 2^(31+e)).
 *
 * s may be replaced by s' = (x < 0): they differ only when -2^30 <= x*m < 0,
 * where both forms give 0 for e >= 1. With e >= 2 the 64-bit addend is
 * hi = 2^(e-2) - s', lo = 2^30 + s'*2^31, and the result is hi >> (e-1) of the
 * sum: on Cortex-M4 one SMLAL and a shift. Checked against the literal SPEC
 * form on random, extreme and tie inputs (test_nn). */
static KWS_ALWAYS_INLINE int kws_mbqm_fast_ok(int32_t m, int32_t shift)
{
    return m > 0 && shift <= -2 && shift >= -31;
}

static KWS_ALWAYS_INLINE int32_t kws_mbqm_fast(int32_t x, int32_t m, int32_t shift)
{
    int32_t es = ~shift; /* e - 1, 1..30 */
    int32_t t = x >> 31; /* -s' */
    uint32_t hi = (uint32_t)(((int32_t)1 << es) >> 1) + (uint32_t)t;
    uint32_t lo = ((uint32_t)t << 31) | UINT32_C(0x40000000);
    int64_t v = (int64_t)(((uint64_t)hi << 32) | lo) + (int64_t)x * m;
    return (int32_t)(v >> 32) >> es;
}

int32_t kws_multiply_by_quantized_multiplier(int32_t x, int32_t m, int32_t shift)
{
    return kws_mbqm_fast_ok(m, shift) ? kws_mbqm_fast(x, m, shift) : kws_mbqm(x, m, shift);
}

/* Output zero point and activation range, copied out of the layer so that the
 * int8 stores (which may alias anything) do not force reloads. */
typedef struct {
    int32_t out_zp, act_min, act_max;
    int fast; /* every (multiplier, shift) of the layer passes kws_mbqm_fast_ok */
} kws_rq_t;

static KWS_ALWAYS_INLINE kws_rq_t kws_rq_of(const kws_layer_t *l)
{
    kws_rq_t r;
    int c, n = 0;
    r.out_zp = l->out_zp;
    r.act_min = l->act_min;
    r.act_max = l->act_max;
    if (l->multiplier != NULL && l->shift != NULL) {
        n = (l->op == KWS_OP_CONV2D || l->op == KWS_OP_DWCONV2D) ? l->out_c : 1;
    }
    r.fast = n > 0;
    for (c = 0; c < n; c++) {
        if (!kws_mbqm_fast_ok(l->multiplier[c], l->shift[c])) {
            r.fast = 0;
        }
    }
    return r;
}

static KWS_ALWAYS_INLINE int8_t kws_requant(int32_t acc, int32_t m, int32_t shift, kws_rq_t rq)
{
    int32_t y = (rq.fast ? kws_mbqm_fast(acc, m, shift) : kws_mbqm(acc, m, shift)) + rq.out_zp;
    if (y < rq.act_min) {
        y = rq.act_min;
    }
    if (y > rq.act_max) {
        y = rq.act_max;
    }
    return (int8_t)y;
}

/* o[i] = requant(acc[i], mul[i], sh[i]) for i in 0..n-1 (per-channel). A separate
 * pass over a small int32 accumulator array, so that the multiply-accumulate
 * loops keep their registers and the output stores (int8, which may alias
 * anything) do not force reloads there. */
#ifndef KWS_NN_ACC_MAX
#define KWS_NN_ACC_MAX 64 /* int32 accumulators per pass (chunks of output channels) */
#endif
typedef char kws_nn_acc_max_ok[(KWS_NN_ACC_MAX >= 4 && KWS_NN_ACC_MAX % 4 == 0) ? 1 : -1];

static void kws_requant_vec(const int32_t *acc, int n, const int32_t *mul, const int32_t *sh, kws_rq_t rq,
                            int8_t *o)
{
    int i;
    if (rq.fast && rq.act_min == -128 && rq.act_max == 127) {
        const int32_t zp = rq.out_zp;
        for (i = 0; i < n; i++) {
            int32_t y = kws_mbqm_fast(acc[i], mul[i], sh[i]) + zp;
#if defined(KWS_NN_ARM_ASM)
            o[i] = (int8_t)__ssat(y, 8);
#else
            o[i] = (int8_t)(y < -128 ? -128 : y > 127 ? 127 : y);
#endif
        }
    } else {
        for (i = 0; i < n; i++) {
            o[i] = kws_requant(acc[i], mul[i], sh[i], rq);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Dot products of an int16 column (x - in_zp, 0 at padding) with int8 rows  */

#if KWS_NN_DSP
/* Column layout for the SMLAD path: in each full group of 4 the entries are
 * stored as x0, x2, x1, x3 so that one 32-bit load pairs with SXTB16 of the
 * weights (w0, w2) and the next with SXTB16(ROR 8) (w1, w3). The tail
 * (K % 4 entries) is stored in natural order. */
static inline size_t kws_col_pos(size_t i, size_t k4)
{
    /* 0,1,2,3 -> 0,2,1,3: swap the two low bits */
    return i < k4 ? ((i & ~(size_t)3) | ((i & 1u) << 1) | ((i >> 1) & 1u)) : i;
}

static inline uint32_t kws_load32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v); /* unaligned LDR on Cortex-M4 */
    return v;
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

/* Two columns x two output channels: acc[0] += ca.w0, acc[1] += ca.w1,
 * acc[2] += cb.w0, acc[3] += cb.w1 (weights loaded once for both pixels).
 * Pointer walk, eight entries per iteration. */
#define KWS_DOT22_STEP(o)                                                     \
    do {                                                                      \
        uint32_t wa_ = kws_load32(pw0 + (o));                                 \
        uint32_t wb_ = kws_load32(pw1 + (o));                                 \
        int32_t xa_ = (int32_t)kws_load32(pa + (o));                          \
        int32_t xb_ = (int32_t)kws_load32(pb + (o));                          \
        int32_t we_ = kws_sxtb16(wa_);                                        \
        a0 = kws_smlad(xa_, we_, a0);                                         \
        a2 = kws_smlad(xb_, we_, a2);                                         \
        we_ = kws_sxtb16(wb_);                                                \
        a1 = kws_smlad(xa_, we_, a1);                                         \
        a3 = kws_smlad(xb_, we_, a3);                                         \
        xa_ = (int32_t)kws_load32(pa + (o) + 2);                              \
        xb_ = (int32_t)kws_load32(pb + (o) + 2);                              \
        we_ = kws_sxtb16_ror8(wa_);                                           \
        a0 = kws_smlad(xa_, we_, a0);                                         \
        a2 = kws_smlad(xb_, we_, a2);                                         \
        we_ = kws_sxtb16_ror8(wb_);                                           \
        a1 = kws_smlad(xa_, we_, a1);                                         \
        a3 = kws_smlad(xb_, we_, a3);                                         \
    } while (0)

static void kws_dot22(const int16_t *ca, const int16_t *cb, const int8_t *w0, const int8_t *w1, size_t k,
                      int32_t *acc)
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    const int16_t *pa = ca, *pb = cb;
    const int8_t *pw0 = w0, *pw1 = w1;
    const int8_t *const end8 = w0 + (k & ~(size_t)7);
    size_t i;
    for (; pw0 < end8; pw0 += 8, pw1 += 8, pa += 8, pb += 8) {
        KWS_DOT22_STEP(0);
        KWS_DOT22_STEP(4);
    }
    if (k & 4) {
        KWS_DOT22_STEP(0);
    }
    for (i = k & ~(size_t)3; i < k; i++) {
        a0 += (int32_t)ca[i] * w0[i];
        a1 += (int32_t)ca[i] * w1[i];
        a2 += (int32_t)cb[i] * w0[i];
        a3 += (int32_t)cb[i] * w1[i];
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
static inline size_t kws_col_pos(size_t i, size_t k4)
{
    (void)k4;
    return i;
}

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
static void kws_dense_from_col(const kws_layer_t *l, const int16_t *col, size_t k, int per_channel,
                               kws_rq_t rq, int8_t *out)
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
static void kws_dense2_from_col(const kws_layer_t *l, const int16_t *ca, const int16_t *cb, size_t k,
                                kws_rq_t rq, int8_t *oa, int8_t *ob)
{
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
            kws_dot22(ca, cb, w + (size_t)c * k, w + (size_t)(c + 1) * k, k, a);
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
        kws_requant_vec(acc[0], c1 - c0, l->multiplier + c0, l->shift + c0, rq, oa + c0);
        kws_requant_vec(acc[1], c1 - c0, l->multiplier + c0, l->shift + c0, rq, ob + c0);
    }
}

/* ------------------------------------------------------------------------ */
/* CONV_2D                                                                  */

/* Direct loop for receptive fields larger than KWS_NN_COL_MAX. */
static void kws_conv2d_direct(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const kws_rq_t rq = kws_rq_of(l);
    int oy, ox, c, ky, kx, ic;
    const int in_c = l->in_c;
    for (oy = 0; oy < l->out_h; oy++) {
        for (ox = 0; ox < l->out_w; ox++) {
            int8_t *o = out + ((size_t)oy * l->out_w + ox) * l->out_c;
            for (c = 0; c < l->out_c; c++) {
                int32_t acc = l->bias ? l->bias[c] : 0;
                const int8_t *wc = l->weights + (size_t)c * l->k_h * l->k_w * in_c;
                for (ky = 0; ky < l->k_h; ky++) {
                    int iy = oy * l->stride_h - l->pad_h + ky;
                    if (iy < 0 || iy >= l->in_h) {
                        continue;
                    }
                    for (kx = 0; kx < l->k_w; kx++) {
                        int ix = ox * l->stride_w - l->pad_w + kx;
                        const int8_t *xi;
                        const int8_t *wi;
                        if (ix < 0 || ix >= l->in_w) {
                            continue;
                        }
                        xi = in + ((size_t)iy * l->in_w + ix) * in_c;
                        wi = wc + ((size_t)ky * l->k_w + kx) * in_c;
                        for (ic = 0; ic < in_c; ic++) {
                            acc += ((int32_t)xi[ic] - l->in_zp) * wi[ic];
                        }
                    }
                }
                o[c] = kws_requant(acc, l->multiplier[c], l->shift[c], rq);
            }
        }
    }
}

/* Column of output pixel (oy, ox): x - in_zp for every (ky, kx, ic) of the
 * receptive field, 0 at padded positions, in the dot-product layout. */
static void kws_build_col(const kws_layer_t *l, const int8_t *in, int oy, int ox, int16_t *col)
{
    const int in_c = l->in_c;
    const size_t k = (size_t)l->k_h * l->k_w * in_c;
    const size_t k4 = k & ~(size_t)3;
    const int16_t zp = (int16_t)l->in_zp;
#if KWS_NN_DSP
    const int32_t zp2 = (int32_t)(((uint32_t)(uint16_t)zp) * 0x10001u);
#endif
    size_t i = 0;
    int ky, kx, ic;
    for (ky = 0; ky < l->k_h; ky++) {
        int iy = oy * l->stride_h - l->pad_h + ky;
        for (kx = 0; kx < l->k_w; kx++) {
            int ix = ox * l->stride_w - l->pad_w + kx;
            if (iy < 0 || iy >= l->in_h || ix < 0 || ix >= l->in_w) {
                for (ic = 0; ic < in_c; ic++, i++) {
                    col[kws_col_pos(i, k4)] = 0;
                }
            } else if ((in_c & 3) == 0) {
                /* whole groups of four: no group straddles a tap */
                const int8_t *xi = in + ((size_t)iy * l->in_w + ix) * in_c;
                for (ic = 0; ic < in_c; ic += 4, i += 4) {
#if KWS_NN_DSP
                    uint32_t xw = kws_load32(xi + ic);
                    int32_t x02 = kws_ssub16(kws_sxtb16(xw), zp2);
                    int32_t x13 = kws_ssub16(kws_sxtb16_ror8(xw), zp2);
                    memcpy(col + i, &x02, sizeof x02);
                    memcpy(col + i + 2, &x13, sizeof x13);
#else
                    col[i] = (int16_t)(xi[ic] - zp);
                    col[i + 1] = (int16_t)(xi[ic + 1] - zp);
                    col[i + 2] = (int16_t)(xi[ic + 2] - zp);
                    col[i + 3] = (int16_t)(xi[ic + 3] - zp);
#endif
                }
            } else {
                const int8_t *xi = in + ((size_t)iy * l->in_w + ix) * in_c;
                for (ic = 0; ic < in_c; ic++, i++) {
                    col[kws_col_pos(i, k4)] = (int16_t)(xi[ic] - zp);
                }
            }
        }
    }
}

void kws_conv2d_s8(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    int16_t col[2][KWS_NN_COL_MAX];
    const size_t k = (size_t)l->k_h * l->k_w * l->in_c;
    const int npix = l->out_h * l->out_w;
    kws_rq_t rq;
    int p;

    if (k > KWS_NN_COL_MAX) {
        kws_conv2d_direct(l, in, out);
        return;
    }
    rq = kws_rq_of(l);
    /* two output pixels at a time share every weight load */
    for (p = 0; p + 1 < npix; p += 2) {
        kws_build_col(l, in, p / l->out_w, p % l->out_w, col[0]);
        kws_build_col(l, in, (p + 1) / l->out_w, (p + 1) % l->out_w, col[1]);
        kws_dense2_from_col(l, col[0], col[1], k, rq, out + (size_t)p * l->out_c,
                            out + (size_t)(p + 1) * l->out_c);
    }
    if (p < npix) {
        kws_build_col(l, in, p / l->out_w, p % l->out_w, col[0]);
        kws_dense_from_col(l, col[0], k, 1, rq, out + (size_t)p * l->out_c);
    }
}

/* ------------------------------------------------------------------------ */
/* DEPTHWISE_CONV_2D (depth multiplier 1)                                    */

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
static void kws_dwconv2d_direct(const kws_layer_t *l, const int8_t *in, int8_t *out)
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
                kws_requant_vec(acc, c1 - c0, l->multiplier + c0, l->shift + c0, rq, o + c0);
            }
        }
    }
}

void kws_dwconv2d_s8(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    int16_t buf[KWS_NN_DW_BUF_MAX];
    const int ch = l->out_c;
    const int kk = l->k_h * l->k_w;
    const int wb = (l->out_w - 1) * l->stride_w + l->k_w; /* input columns -pad_w .. wb-1-pad_w */
    const size_t nrows = (size_t)l->k_h * (size_t)wb * (size_t)ch;
    int16_t *wexp = buf + nrows;
    kws_rq_t rq;
    int c, t;
    if ((ch & 3) != 0 || l->in_c != ch || l->k_h > KWS_NN_DW_KH_MAX || l->out_w < 1 || l->out_h < 1 ||
        nrows + (size_t)kk * (size_t)ch > KWS_NN_DW_BUF_MAX) {
        kws_dwconv2d_direct(l, in, out);
        return;
    }
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

/* ------------------------------------------------------------------------ */
/* AVERAGE_POOL_2D                                                          */

#if KWS_NN_DSP
/* SXTAB16: lane-wise a + sign-extended bytes 0 and 2 (or 1 and 3) of x */
#if defined(KWS_NN_ARM_ASM)
static inline int32_t kws_sxtab16(int32_t a, uint32_t x) { return __sxtab16(a, (int32_t)x); }
static inline int32_t kws_sxtab16_ror8(int32_t a, uint32_t x)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
#else
static inline int32_t kws_sxtab16(int32_t a, uint32_t x)
{
    int32_t b = kws_sxtb16(x);
    return kws_pack16(kws_lo16(a) + kws_lo16(b), kws_hi16(a) + kws_hi16(b));
}
static inline int32_t kws_sxtab16_ror8(int32_t a, uint32_t x) { return kws_sxtab16(a, (x >> 8) | (x << 24)); }
#endif
#endif

static KWS_ALWAYS_INLINE int8_t kws_avg_of(int32_t sum, int32_t n, const kws_layer_t *l)
{
    int32_t avg;
    if (n == 0) {
        avg = 0;
    } else {
        avg = sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n;
    }
    if (avg < l->act_min) {
        avg = l->act_min;
    }
    if (avg > l->act_max) {
        avg = l->act_max;
    }
    return (int8_t)avg;
}

void kws_avgpool_s8(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const int ch = l->in_c;
    const size_t row = (size_t)l->in_w * ch;
    int oy, ox, ky, kx, c;
    for (oy = 0; oy < l->out_h; oy++) {
        int iy0 = oy * l->stride_h - l->pad_h;
        int ky0 = iy0 < 0 ? -iy0 : 0;
        int ky1 = l->in_h - iy0 < l->k_h ? l->in_h - iy0 : l->k_h;
        for (ox = 0; ox < l->out_w; ox++) {
            int ix0 = ox * l->stride_w - l->pad_w;
            int kx0 = ix0 < 0 ? -ix0 : 0;
            int kx1 = l->in_w - ix0 < l->k_w ? l->in_w - ix0 : l->k_w;
            int32_t n = (ky1 > ky0 && kx1 > kx0) ? (ky1 - ky0) * (kx1 - kx0) : 0;
            int8_t *o = out + ((size_t)oy * l->out_w + ox) * ch;
            c = 0;
#if KWS_NN_DSP
            if ((ch & 3) == 0) {
                /* four channels at a time: int16 lanes (two SXTAB16 per word) summed
                 * over runs of at most 256 pixels (|sum| <= 256 * 128 fits in int16),
                 * then widened; full-width windows are one run over all their rows */
                const int full = ix0 + kx0 == 0 && ix0 + kx1 == l->in_w;
                const int runs = n == 0 ? 0 : full ? 1 : ky1 - ky0;
                const int run_len = n == 0 ? 0 : full ? n : kx1 - kx0;
                for (; c < ch; c += 4) {
                    int32_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
                    int r;
                    for (r = 0; r < runs; r++) {
                        const int8_t *xi = in + (size_t)(iy0 + ky0 + r) * row + (size_t)(ix0 + kx0) * ch + c;
                        int left = run_len;
                        while (left > 0) {
                            int m = left < 256 ? left : 256;
                            int32_t s02 = 0, s13 = 0;
                            left -= m;
                            for (; m >= 2; m -= 2, xi += 2 * ch) {
                                uint32_t xa = kws_load32(xi);
                                uint32_t xb = kws_load32(xi + ch);
                                s02 = kws_sxtab16(s02, xa);
                                s13 = kws_sxtab16_ror8(s13, xa);
                                s02 = kws_sxtab16(s02, xb);
                                s13 = kws_sxtab16_ror8(s13, xb);
                            }
                            if (m) {
                                uint32_t xa = kws_load32(xi);
                                s02 = kws_sxtab16(s02, xa);
                                s13 = kws_sxtab16_ror8(s13, xa);
                                xi += ch;
                            }
                            t0 += kws_lo16(s02); t2 += kws_hi16(s02);
                            t1 += kws_lo16(s13); t3 += kws_hi16(s13);
                        }
                    }
                    o[c] = kws_avg_of(t0, n, l);
                    o[c + 1] = kws_avg_of(t1, n, l);
                    o[c + 2] = kws_avg_of(t2, n, l);
                    o[c + 3] = kws_avg_of(t3, n, l);
                }
            }
#endif
            for (; c < ch; c++) {
                int32_t sum = 0;
                for (ky = ky0; ky < ky1; ky++) {
                    const int8_t *xi = in + (size_t)(iy0 + ky) * row + (size_t)(ix0 + kx0) * ch + c;
                    for (kx = kx0; kx < kx1; kx++, xi += ch) {
                        sum += *xi;
                    }
                }
                o[c] = kws_avg_of(sum, n, l);
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* FULLY_CONNECTED (over the whole flattened input)                         */

void kws_fc_s8(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const kws_rq_t rq = kws_rq_of(l);
    int16_t col[KWS_NN_COL_MAX];
    const size_t k = kws_layer_in_bytes(l);
    const size_t k4 = k & ~(size_t)3;
    size_t i;
    int c;
    if (k <= KWS_NN_COL_MAX) {
        for (i = 0; i < k; i++) {
            col[kws_col_pos(i, k4)] = (int16_t)(in[i] - l->in_zp);
        }
        kws_dense_from_col(l, col, k, 0, rq, out);
        return;
    }
    for (c = 0; c < l->out_c; c++) {
        const int8_t *w = l->weights + (size_t)c * k;
        int32_t acc = l->bias ? l->bias[c] : 0;
        for (i = 0; i < k; i++) {
            acc += ((int32_t)in[i] - l->in_zp) * w[i];
        }
        out[c] = kws_requant(acc, l->multiplier[0], l->shift[0], rq);
    }
}

/* ------------------------------------------------------------------------ */
/* SOFTMAX (table-driven, SPEC section 3)                                   */

void kws_softmax_s8(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const int ch = l->in_c;
    const size_t rows = (size_t)l->in_h * l->in_w;
    size_t r;
    int c;
    for (r = 0; r < rows; r++) {
        const int8_t *x = in + r * ch;
        int8_t *o = out + r * ch;
        int32_t mx = -128;
        int64_t s = 0;
        for (c = 0; c < ch; c++) {
            if (x[c] > mx) {
                mx = x[c];
            }
        }
        for (c = 0; c < ch; c++) {
            s += l->lut[mx - x[c]];
        }
        for (c = 0; c < ch; c++) {
            int64_t e = l->lut[mx - x[c]];
            int64_t q = (e * 256 + s / 2) / s - 128;
            if (q < -128) {
                q = -128;
            }
            if (q > 127) {
                q = 127;
            }
            o[c] = (int8_t)q;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Runner                                                                   */

size_t kws_layer_in_bytes(const kws_layer_t *l)
{
    return (size_t)l->in_h * (size_t)l->in_w * (size_t)l->in_c;
}

size_t kws_layer_out_bytes(const kws_layer_t *l)
{
    return (size_t)l->out_h * (size_t)l->out_w * (size_t)l->out_c;
}

int kws_layer_run(const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    switch (l->op) {
    case KWS_OP_CONV2D:
        kws_conv2d_s8(l, in, out);
        return 0;
    case KWS_OP_DWCONV2D:
        kws_dwconv2d_s8(l, in, out);
        return 0;
    case KWS_OP_AVGPOOL:
        kws_avgpool_s8(l, in, out);
        return 0;
    case KWS_OP_FC:
        kws_fc_s8(l, in, out);
        return 0;
    case KWS_OP_SOFTMAX:
        kws_softmax_s8(l, in, out);
        return 0;
    default:
        return -1;
    }
}

size_t kws_model_max_tensor_bytes(const kws_layer_t *layers, int n)
{
    size_t mx = 0;
    int i;
    if (layers == NULL || n < 1) {
        return 0;
    }
    mx = kws_layer_in_bytes(&layers[0]);
    for (i = 0; i < n; i++) {
        size_t b = kws_layer_out_bytes(&layers[i]);
        if (b > mx) {
            mx = b;
        }
    }
    return mx;
}

const int8_t *kws_model_run(const kws_layer_t *layers, int n, const int8_t *input,
                            int8_t *arena, size_t arena_size, kws_layer_cb cb, void *user)
{
    size_t half;
    const int8_t *cur = input;
    int i;
    if (layers == NULL || n < 1 || input == NULL || arena == NULL) {
        return NULL;
    }
    half = kws_model_max_tensor_bytes(layers, n);
    if (arena_size / 2u < half) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        if (layers[i].op < KWS_OP_CONV2D || layers[i].op > KWS_OP_SOFTMAX) {
            return NULL;
        }
    }
    for (i = 0; i < n; i++) {
        int8_t *out = arena + (size_t)(i & 1) * half;
        (void)kws_layer_run(&layers[i], cur, out);
        if (cb != NULL) {
            cb(i, out, kws_layer_out_bytes(&layers[i]), user);
        }
        cur = out;
    }
    return cur;
}
