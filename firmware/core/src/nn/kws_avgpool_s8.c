/*
 * kws_avgpool_s8: AVERAGE_POOL_2D (docs/SPEC.md section 3): the mean over the
 * valid (unpadded) taps, rounded half away from zero, clamped to the
 * activation range. No scratch.
 */
#include "kws_nn_support.h"

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
