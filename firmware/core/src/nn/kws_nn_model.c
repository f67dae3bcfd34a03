/*
 * kws_nn_model: the layer runner. Activations ping-pong between two tensor
 * slots of the caller's arena; the kernels' scratch (kws_*_get_buffer_size)
 * comes from the arena's remainder.
 */
#include "kws_nn_support.h"

size_t kws_layer_in_bytes(const kws_layer_t *l)
{
    return (size_t)l->in_h * (size_t)l->in_w * (size_t)l->in_c;
}

size_t kws_layer_out_bytes(const kws_layer_t *l)
{
    return (size_t)l->out_h * (size_t)l->out_w * (size_t)l->out_c;
}

size_t kws_layer_scratch_bytes(const kws_layer_t *l)
{
    switch (l->op) {
    case KWS_OP_CONV2D:
        return kws_conv2d_s8_get_buffer_size(l);
    case KWS_OP_DWCONV2D:
        return kws_dwconv2d_s8_get_buffer_size(l);
    case KWS_OP_FC:
        return kws_fc_s8_get_buffer_size(l);
    default:
        return 0;
    }
}

int kws_layer_run(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out)
{
    switch (l->op) {
    case KWS_OP_CONV2D:
        kws_conv2d_s8(ctx, l, in, out);
        return 0;
    case KWS_OP_DWCONV2D:
        kws_dwconv2d_s8(ctx, l, in, out);
        return 0;
    case KWS_OP_AVGPOOL:
        kws_avgpool_s8(l, in, out);
        return 0;
    case KWS_OP_FC:
        kws_fc_s8(ctx, l, in, out);
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

size_t kws_model_scratch_bytes(const kws_layer_t *layers, int n)
{
    size_t mx = 0;
    int i;
    for (i = 0; layers != NULL && i < n; i++) {
        size_t b = kws_layer_scratch_bytes(&layers[i]);
        if (b > mx) {
            mx = b;
        }
    }
    return mx;
}

size_t kws_model_arena_bytes(const kws_layer_t *layers, int n)
{
    return 2u * kws_model_max_tensor_bytes(layers, n) + KWS_NN_ARENA_ALIGN_SLACK + kws_model_scratch_bytes(layers, n);
}

const int8_t *kws_model_run(const kws_layer_t *layers, int n, const int8_t *input,
                            int8_t *arena, size_t arena_size, kws_layer_cb cb, void *user)
{
    size_t half;
    size_t used;
    kws_nn_ctx_t ctx;
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
    /* scratch: the rest of the arena after the two slots, 4-byte aligned */
    used = 2u * half;
    used += (size_t)((0u - (uintptr_t)(arena + used)) & 3u);
    ctx.buf = used < arena_size ? arena + used : NULL;
    ctx.size = used < arena_size ? arena_size - used : 0;
    for (i = 0; i < n; i++) {
        int8_t *out = arena + (size_t)(i & 1) * half;
        (void)kws_layer_run(&ctx, &layers[i], cur, out);
        if (cb != NULL) {
            cb(i, out, kws_layer_out_bytes(&layers[i]), user);
        }
        cur = out;
    }
    return cur;
}
