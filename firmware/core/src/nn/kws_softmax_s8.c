/*
 * kws_softmax_s8: table-driven SOFTMAX over the channel axis (docs/SPEC.md
 * section 3), each of the in_h*in_w rows separately. No scratch.
 */
#include "kws_nn_support.h"

/* (e * 256 + s / 2) / s for 0 <= e <= s, s > 0, without libgcc's 64-bit division (700
 * bytes of flash): one 32-bit UDIV when the numerator fits 32 bits (s <= 2^32 / 257: up to
 * 4096 channels of the SPEC's 2^20-scaled table), else nine restoring steps (the quotient is
 * at most 256). */
static inline int32_t kws_softmax_div(uint64_t e, uint64_t s)
{
    uint64_t n = e * 256u + s / 2u;
    int32_t q = 0;
    int b;
    if (s <= UINT32_MAX / 257u) {
        return (int32_t)((uint32_t)n / (uint32_t)s);
    }
    for (b = 8; b >= 0; b--) {
        if (n >= (s << b)) {
            n -= s << b;
            q |= 1 << b;
        }
    }
    return q;
}

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
        uint64_t s = 0;
        for (c = 0; c < ch; c++) {
            if (x[c] > mx) {
                mx = x[c];
            }
        }
        for (c = 0; c < ch; c++) {
            s += (uint32_t)l->lut[mx - x[c]];
        }
        for (c = 0; c < ch; c++) {
            /* SPEC: LUT[d] = round(2^20 exp(-d s)) >= 0 and LUT[0] = 2^20, so s >= e, s > 0 */
            int32_t q = kws_softmax_div((uint32_t)l->lut[mx - x[c]], s) - 128;
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
