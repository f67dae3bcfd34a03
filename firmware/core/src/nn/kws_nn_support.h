/*
 * kws_nn_support.h: internals shared by the int8 kernels (not part of the API).
 *
 *  - the Cortex-M4 DSP intrinsics the kernels use (SXTB16, SMLAD, ...), their C
 *    emulation for the host (-DKWS_NN_EMULATE_DSP) and KWS_NN_DSP, which says
 *    whether the SIMD data layouts are in use;
 *  - the fixed-point requantization of docs/SPEC.md section 3;
 *  - the int16-column x int8-weights dot products shared by CONV_2D and
 *    FULLY_CONNECTED (kws_nn_mat_mult_s8_s16.c).
 *
 * Integer sums are exact (no int32 overflow for any layer this project builds:
 * |x - zp| <= 255, |w| <= 128, so 2^31 / 32640 > 65000 MACs per output), so the
 * order of accumulation does not change results: the SMLAD path (Cortex-M4 DSP
 * extension) and the plain C path return identical bytes.
 *
 * Implementation-defined behaviour relied upon (as in TFLite): >> of a negative
 * int32 is an arithmetic shift; converting an out-of-range uint32 to int32 wraps.
 */
#ifndef KWS_NN_SUPPORT_H
#define KWS_NN_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kws_nn.h"

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
/* lo(a)*lo(b) + hi(a)*hi(b); acc + lo(a)*hi(b); acc + hi(a)*lo(b) */
static inline int32_t kws_smuad(int32_t a, int32_t b) { return __smuad(a, b); }
static inline int32_t kws_smlabt(int32_t a, int32_t b, int32_t acc) { return __smlabt(a, b, acc); }
static inline int32_t kws_smlatb(int32_t a, int32_t b, int32_t acc) { return __smlatb(a, b, acc); }
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
static inline int32_t kws_smuad(int32_t a, int32_t b) { return kws_lo16(a) * kws_lo16(b) + kws_hi16(a) * kws_hi16(b); }
static inline int32_t kws_smlabt(int32_t a, int32_t b, int32_t acc) { return acc + kws_lo16(a) * kws_hi16(b); }
static inline int32_t kws_smlatb(int32_t a, int32_t b, int32_t acc) { return acc + kws_hi16(a) * kws_lo16(b); }
#else
#define KWS_NN_DSP 0
#endif

typedef char kws_nn_col_max_ok[(KWS_NN_COL_MAX >= 4 && KWS_NN_COL_MAX % 4 == 0) ? 1 : -1];

static inline uint32_t kws_load32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v); /* unaligned LDR on Cortex-M4 */
    return v;
}

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

/* ------------------------------------------------------------------------ */
/* Requantization (TFLite reference, SPEC section 3)                        */

#if defined(__GNUC__)
#define KWS_ALWAYS_INLINE inline __attribute__((always_inline))
/* the direct fallback loops: compiled for size (the model's layers take the fast paths) */
#define KWS_NN_COLD __attribute__((cold))
#else
#define KWS_ALWAYS_INLINE inline
#define KWS_NN_COLD
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

#ifndef KWS_NN_ACC_MAX
#define KWS_NN_ACC_MAX 64 /* int32 accumulators per pass (chunks of output channels) */
#endif
typedef char kws_nn_acc_max_ok[(KWS_NN_ACC_MAX >= 4 && KWS_NN_ACC_MAX % 4 == 0) ? 1 : -1];

/* o[i] = requant(acc[i], mul[i], sh[i]) for i in 0..n-1 (per-channel). A separate
 * pass over a small int32 accumulator array, so that the multiply-accumulate
 * loops keep their registers and the output stores (int8, which may alias
 * anything) do not force reloads there. */
void kws_nn_requant_vec(const int32_t *acc, int n, const int32_t *mul, const int32_t *sh, kws_rq_t rq,
                        int8_t *o);

/* ------------------------------------------------------------------------ */
/* Dot products of an int16 column (x - in_zp, 0 at padding) with int8 rows  */
/* (kws_nn_mat_mult_s8_s16.c)                                                */

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
#else
static inline size_t kws_col_pos(size_t i, size_t k4)
{
    (void)k4;
    return i;
}
#endif

/* out[c] = requant(bias[c] + col . weights[c]) for c in 0..out_c-1 (col of k
 * entries in the kws_col_pos layout), with per-channel (per_channel != 0) or
 * per-tensor multipliers. */
void kws_nn_dense_s16(const kws_layer_t *l, const int16_t *col, size_t k, int per_channel, kws_rq_t rq,
                      int8_t *out);

/* The same (per-channel) for two pixels whose columns are ca and cb: every
 * weight load feeds both. ci: on the SIMD path (KWS_NN_DSP) the two columns'
 * first k & ~3 entries interleaved by kws_nn_interleave_s16, 4-byte aligned
 * (the Cortex-M4 inner loop reads them with LDM); unused otherwise. */
void kws_nn_dense2_s16(const kws_layer_t *l, const int16_t *ca, const int16_t *cb, const int16_t *ci, size_t k,
                       kws_rq_t rq, int8_t *oa, int8_t *ob);

/* ci = per group of four entries: ca[0..1], cb[0..1], ca[2..3], cb[2..3]
 * (k & ~3 entries of each column, 2 * (k & ~3) in all). */
void kws_nn_interleave_s16(const int16_t *ca, const int16_t *cb, size_t k, int16_t *ci);

#endif /* KWS_NN_SUPPORT_H */
