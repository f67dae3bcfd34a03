/*
 * kws_div: the 64-bit divisions the app and the boards need, without libgcc's 64-bit
 * division (__aeabi_uldivmod / __udivmoddi4: about 700 bytes of flash on the M4, which has
 * only a 32-bit UDIV). Exact: the same quotient and remainder as the C operators.
 */
#ifndef KWS_DIV_H
#define KWS_DIV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* one copy per translation unit rather than one per call (flash) */
#if defined(__GNUC__)
#define KWS_DIV_NOINLINE __attribute__((noinline, unused))
#else
#define KWS_DIV_NOINLINE
#endif

/*
 * n / d and n % d (into *rem when rem != NULL) for a divisor 1 <= d <= 65535: long division
 * in 16-bit digits, four 32-bit divisions (each partial dividend (r << 16) | digit < d << 16
 * fits 32 bits).
 */
static KWS_DIV_NOINLINE uint64_t kws_udiv64_u16(uint64_t n, uint32_t d, uint32_t *rem)
{
    uint64_t q = 0;
    uint32_t r = 0;
    int shift;
    for (shift = 48; shift >= 0; shift -= 16) {
        const uint32_t cur = (r << 16) | (uint32_t)((n >> shift) & 0xffffu);
        q = (q << 16) | (uint64_t)(cur / d);
        r = cur % d;
    }
    if (rem != 0) {
        *rem = r;
    }
    return q;
}

/*
 * n / d for d >= 1 when the quotient is known to be below 2^bits (n < d << bits, bits <= 31,
 * d << bits representable): restoring division, one compare and subtract per quotient bit.
 */
static KWS_DIV_NOINLINE uint32_t kws_udiv64_bounded(uint64_t n, uint64_t d, int bits)
{
    uint32_t q = 0;
    int b;
    for (b = bits - 1; b >= 0; b--) {
        if (n >= (d << b)) {
            n -= d << b;
            q |= (uint32_t)1u << b;
        }
    }
    return q;
}

#ifdef __cplusplus
}
#endif

#endif /* KWS_DIV_H */
