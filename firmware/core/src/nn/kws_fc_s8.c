/*
 * kws_fc_s8: FULLY_CONNECTED over the whole flattened input (docs/SPEC.md
 * section 3), weights [out_c][in], one per-tensor multiplier. The input is
 * widened once to an int16 column in the caller's scratch (up to
 * KWS_NN_COL_MAX entries); without (4-byte aligned) scratch a direct loop
 * computes the same integers.
 */
#include "kws_nn_support.h"

size_t kws_fc_s8_get_buffer_size(const kws_layer_t *l)
{
    const size_t k = kws_layer_in_bytes(l);
    return k > KWS_NN_COL_MAX ? 0 : k * sizeof(int16_t);
}

void kws_fc_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    const kws_rq_t rq = kws_rq_of(l);
    const size_t k = kws_layer_in_bytes(l);
    const size_t k4 = k & ~(size_t)3;
    const size_t need = kws_fc_s8_get_buffer_size(l);
    size_t i;
    int c;
    /* (kws_nn_dense_s16 reads the column as int16 pairs: 4-byte aligned scratch only) */
    if (need != 0 && ctx != NULL && ctx->buf != NULL && ctx->size >= need && ((uintptr_t)ctx->buf & 3u) == 0) {
        int16_t *col = (int16_t *)ctx->buf;
        for (i = 0; i < k; i++) {
            col[kws_col_pos(i, k4)] = (int16_t)(in[i] - l->in_zp);
        }
        kws_nn_dense_s16(l, col, k, 0, rq, out);
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
