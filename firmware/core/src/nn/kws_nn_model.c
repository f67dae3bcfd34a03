/*
 * kws_nn_model: the layer runner and its arena plan.
 *
 * The arena holds two tensor slots A and B and then the kernels' scratch
 * (kws_*_get_buffer_size). A layer whose kernel may overwrite its own input
 * (kws_layer_in_place_ok: pointwise and stride-1 depthwise convolutions of
 * unchanged shape, softmax) writes into the slot it reads; any other layer
 * writes into the other slot. Each slot is as large as the largest tensor the
 * plan puts there: for DS-CNN-S, A = 8000 bytes (conv, then every dw/pw in
 * place) and B = 64 (the pooled vector), instead of 2 x 8000.
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

int kws_layer_in_place_ok(const kws_layer_t *l, size_t scratch_size)
{
    const int same_shape = l->in_h == l->out_h && l->in_w == l->out_w && l->in_c == l->out_c;
    size_t need;
    switch (l->op) {
    case KWS_OP_CONV2D:
        /* the fast path copies both pixels' inputs to int16 columns before it writes them */
        need = kws_conv2d_s8_get_buffer_size(l);
        return same_shape && l->k_h == 1 && l->k_w == 1 && l->stride_h == 1 && l->stride_w == 1 &&
               l->pad_h == 0 && l->pad_w == 0 && need > 0 && need <= scratch_size;
    case KWS_OP_DWCONV2D:
        /* output row oy is written when input rows up to oy - pad_h + k_h - 1 >= oy are in
         * the int16 row ring; later output rows read rows < oy only from the ring */
        need = kws_dwconv2d_s8_get_buffer_size(l);
        return same_shape && l->stride_h == 1 && l->stride_w == 1 && l->pad_h <= l->k_h - 1 && need > 0 &&
               need <= scratch_size;
    case KWS_OP_SOFTMAX:
        return same_shape; /* o[c] depends on x[c] and row values read before any write */
    default:
        return 0;
    }
}

/* Slot (0 = A, 1 = B) of every layer output and the slot sizes, for kernels
 * with `scratch` bytes of scratch. The model input is outside the arena. */
static void kws_model_plan(const kws_layer_t *layers, int n, size_t scratch, size_t *size_a, size_t *size_b,
                           unsigned char *slot_of)
{
    int i;
    int cur = -1; /* the model input */
    *size_a = 0;
    *size_b = 0;
    for (i = 0; i < n; i++) {
        const size_t out = kws_layer_out_bytes(&layers[i]);
        int slot = cur < 0 ? 0 : (kws_layer_in_place_ok(&layers[i], scratch) ? cur : 1 - cur);
        if (slot == 0) {
            *size_a = out > *size_a ? out : *size_a;
        } else {
            *size_b = out > *size_b ? out : *size_b;
        }
        if (slot_of != NULL) {
            slot_of[i] = (unsigned char)slot;
        }
        cur = slot;
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
    const size_t scratch = kws_model_scratch_bytes(layers, n);
    size_t a, b;
    if (layers == NULL || n < 1) {
        return 0;
    }
    kws_model_plan(layers, n, scratch, &a, &b, NULL);
    return a + b + KWS_NN_ARENA_ALIGN_SLACK + scratch;
}

/* Scratch context of the arena bytes from `used` on, 4-byte aligned. */
static kws_nn_ctx_t kws_scratch_after(int8_t *arena, size_t arena_size, size_t used)
{
    kws_nn_ctx_t ctx;
    used += (size_t)((0u - (uintptr_t)(arena + used)) & 3u);
    ctx.buf = used < arena_size ? arena + used : NULL;
    ctx.size = used < arena_size ? arena_size - used : 0;
    return ctx;
}

size_t kws_model_tensor_bytes_planned(const kws_layer_t *layers, int n)
{
    size_t a, b;
    if (layers == NULL || n < 1) {
        return 0;
    }
    kws_model_plan(layers, n, kws_model_scratch_bytes(layers, n), &a, &b, NULL);
    return a + b;
}

const int8_t *kws_model_run_scratch(const kws_layer_t *layers, int n, const int8_t *input, int8_t *arena,
                                    size_t arena_size, const kws_nn_ctx_t *scratch, kws_layer_cb cb, void *user)
{
    size_t half;
    kws_nn_ctx_t ctx;
    const int8_t *cur = input;
    int i;
    int planned;
    size_t a = 0, b = 0;
    unsigned char slot_of[KWS_NN_MAX_LAYERS];
    if (layers == NULL || n < 1 || input == NULL || arena == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        if (layers[i].op < KWS_OP_CONV2D || layers[i].op > KWS_OP_SOFTMAX) {
            return NULL;
        }
    }
    if (scratch != NULL && (scratch->buf == NULL || ((uintptr_t)scratch->buf & 3u) != 0)) {
        return NULL;
    }
    /* the plan when the kernels get all the scratch they ask for: from `scratch`, or after
     * the two slots in the arena */
    planned = n <= KWS_NN_MAX_LAYERS;
    if (planned) {
        const size_t need = kws_model_scratch_bytes(layers, n);
        kws_model_plan(layers, n, need, &a, &b, slot_of);
        if (scratch != NULL) {
            planned = scratch->size >= need && arena_size >= a + b;
            ctx = *scratch;
        } else {
            planned = arena_size >= kws_model_arena_bytes(layers, n);
            ctx = kws_scratch_after(arena, arena_size, a + b);
        }
    }
    if (planned) {
        for (i = 0; i < n; i++) {
            int8_t *out = arena + (slot_of[i] ? a : 0);
            (void)kws_layer_run(&ctx, &layers[i], cur, out);
            if (cb != NULL) {
                cb(i, out, kws_layer_out_bytes(&layers[i]), user);
            }
            cur = out;
        }
        return cur;
    }
    /* otherwise: ping-pong between two halves of the largest tensor, with whatever
     * scratch there is (some layers on their direct loops) */
    half = kws_model_max_tensor_bytes(layers, n);
    if (arena_size / 2u < half) {
        return NULL;
    }
    ctx = scratch != NULL ? *scratch : kws_scratch_after(arena, arena_size, 2u * half);
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

const int8_t *kws_model_run(const kws_layer_t *layers, int n, const int8_t *input, int8_t *arena,
                            size_t arena_size, kws_layer_cb cb, void *user)
{
    return kws_model_run_scratch(layers, n, input, arena, arena_size, NULL, cb, user);
}
