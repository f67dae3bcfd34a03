/*
 * kws_conv2d_s8: CONV_2D (docs/SPEC.md section 3), NHWC, weights [out_c][k_h][k_w][in_c].
 *
 * Fast path: the receptive field of two output pixels is copied as int16 columns
 * (x - in_zp, 0 at padding; kws_build_col) into the caller's scratch buffer and
 * multiplied with the weight rows (kws_nn_dense2_s16), so each weight load feeds
 * both pixels. Without scratch (or for receptive fields above KWS_NN_COL_MAX) a
 * direct loop computes the same integers.
 */
#include "kws_nn_support.h"

/* Direct loop for receptive fields larger than KWS_NN_COL_MAX. */
KWS_NN_COLD static void kws_conv2d_direct(const kws_layer_t *l, const int8_t *in, int8_t *out)
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
    /* a kernel row of whole groups of four (k_w * in_c % 4 == 0, e.g. the
     * first conv's 1-channel 4-wide rows): when the row is inside the input
     * its k_w * in_c bytes are contiguous, so it is converted four at a time
     * like the in_c % 4 == 0 taps below; when it is above or below the input
     * it is all zeros */
    const int row_len = l->k_w * in_c;
    const int ix0 = ox * l->stride_w - l->pad_w;
    const int rows4 = (row_len & 3) == 0 && ix0 >= 0 && ix0 + l->k_w <= l->in_w;
    for (ky = 0; ky < l->k_h; ky++) {
        int iy = oy * l->stride_h - l->pad_h + ky;
        if (rows4) {
            int j;
            if (iy < 0 || iy >= l->in_h) {
                memset(col + i, 0, (size_t)row_len * sizeof *col);
            } else {
                const int8_t *xr = in + ((size_t)iy * l->in_w + ix0) * in_c;
                for (j = 0; j < row_len; j += 4) {
#if KWS_NN_DSP
                    uint32_t xw = kws_load32(xr + j);
                    int32_t x02 = kws_ssub16(kws_sxtb16(xw), zp2);
                    int32_t x13 = kws_ssub16(kws_sxtb16_ror8(xw), zp2);
                    memcpy(col + i + j, &x02, sizeof x02);
                    memcpy(col + i + j + 2, &x13, sizeof x13);
#else
                    col[i + j] = (int16_t)(xr[j] - zp);
                    col[i + j + 1] = (int16_t)(xr[j + 1] - zp);
                    col[i + j + 2] = (int16_t)(xr[j + 2] - zp);
                    col[i + j + 3] = (int16_t)(xr[j + 3] - zp);
#endif
                }
            }
            i += (size_t)row_len;
            continue;
        }
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

/* Two columns of k entries (rounded up to even), then their interleaved copy
 * (2 * (k & ~3) entries) for the SIMD inner loop. */
size_t kws_conv2d_s8_get_buffer_size(const kws_layer_t *l)
{
    const size_t k = (size_t)l->k_h * l->k_w * l->in_c;
    return k > KWS_NN_COL_MAX ? 0 : (2u * ((k + 1u) & ~(size_t)1) + 2u * (k & ~(size_t)3)) * sizeof(int16_t);
}

void kws_conv2d_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const size_t k = (size_t)l->k_h * l->k_w * l->in_c;
    const size_t need = kws_conv2d_s8_get_buffer_size(l);
    const int npix = l->out_h * l->out_w;
    int16_t *col0;
    int16_t *col1;
    int16_t *coli;
    kws_rq_t rq;
    int p;

    if (need == 0 || ctx == NULL || ctx->buf == NULL || ctx->size < need || ((uintptr_t)ctx->buf & 3u) != 0) {
        kws_conv2d_direct(l, in, out);
        return;
    }
    col0 = (int16_t *)ctx->buf;
    col1 = col0 + ((k + 1u) & ~(size_t)1);
    coli = col1 + ((k + 1u) & ~(size_t)1);
    rq = kws_rq_of(l);
    /* two output pixels at a time share every weight load */
    for (p = 0; p + 1 < npix; p += 2) {
        kws_build_col(l, in, p / l->out_w, p % l->out_w, col0);
        kws_build_col(l, in, (p + 1) / l->out_w, (p + 1) % l->out_w, col1);
#if KWS_NN_DSP
        kws_nn_interleave_s16(col0, col1, k, coli);
        kws_nn_dense2_s16(l, col0, col1, coli, k, rq, out + (size_t)p * l->out_c, out + (size_t)(p + 1) * l->out_c);
#else
        (void)coli;
        kws_nn_dense2_s16(l, col0, col1, NULL, k, rq, out + (size_t)p * l->out_c, out + (size_t)(p + 1) * l->out_c);
#endif
    }
    if (p < npix) {
        kws_build_col(l, in, p / l->out_w, p % l->out_w, col0);
        kws_nn_dense_s16(l, col0, k, 1, rq, out + (size_t)p * l->out_c);
    }
}
