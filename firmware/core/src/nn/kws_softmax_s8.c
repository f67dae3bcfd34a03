/*
 * kws_softmax_s8: table-driven SOFTMAX over the channel axis (docs/SPEC.md
 * section 3), each of the in_h*in_w rows separately. No scratch.
 */
#include "kws_nn_support.h"

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
