/*
 * kws_nn: int8 inference kernels and the layer runner (docs/SPEC.md section 3),
 * CMSIS-NN style: one source file per op family in core/src/nn/
 * (kws_conv2d_s8.c, kws_dwconv2d_s8.c, kws_avgpool_s8.c, kws_fc_s8.c,
 * kws_softmax_s8.c), the runner in kws_nn_model.c, shared fixed-point and
 * intrinsic helpers in the internal kws_nn_support.h.
 *
 * Tensors are NHWC with N = 1. Every kernel is pure integer arithmetic and
 * bit-exact with the Java reference (dev.tinykws.quant). On Cortex-M4 (when
 * __ARM_FEATURE_DSP is defined) the inner loops use SMLAD/SXTB16; the plain C
 * path computes exactly the same integers.
 *
 * No dynamic allocation, no global state: activations and the kernels' scratch
 * live in caller-owned memory. A kernel that needs scratch has a
 * kws_<op>_s8_get_buffer_size(); called with less, with scratch that is not
 * 4-byte aligned (the fast paths use 32/64-bit loads) or with ctx == NULL it
 * runs a slower direct loop with identical results.
 */
#ifndef KWS_NN_H
#define KWS_NN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { KWS_OP_CONV2D = 1, KWS_OP_DWCONV2D = 2, KWS_OP_AVGPOOL = 3,
               KWS_OP_FC = 4, KWS_OP_SOFTMAX = 5 } kws_op_t;

typedef struct {
    kws_op_t op;
    int16_t in_h, in_w, in_c, out_h, out_w, out_c;
    int16_t k_h, k_w, stride_h, stride_w, pad_h, pad_w; /* pad_*: padding before (top/left) */
    int32_t in_zp, out_zp, act_min, act_max;
    const int8_t *weights;     /* CONV [out_c][k_h][k_w][in_c]; DW [k_h][k_w][c]; FC [out_c][in_c] */
    const int32_t *bias;       /* [out_c] or NULL */
    const int32_t *multiplier; /* [out_c] for CONV/DW, [1] for FC, NULL otherwise */
    const int32_t *shift;      /* same length as multiplier */
    const int32_t *lut;        /* SOFTMAX: 256 entries >= 0, lut[0] > 0 (SPEC); NULL otherwise */
} kws_layer_t;

/* Scratch memory for one kernel call (as CMSIS-NN's cmsis_nn_context): size
 * bytes at buf, 4-byte aligned. */
typedef struct {
    void *buf;
    size_t size;
} kws_nn_ctx_t;

/* Largest receptive field (k_h*k_w*in_c) for which kws_conv2d_s8 uses the fast
 * path with two int16 columns and their interleaved copy as scratch (up to 8
 * bytes per entry: 4 KB at the default; kws_fc_s8 uses one column). Larger
 * layers use the (slower, identical-result) direct loop. */
#ifndef KWS_NN_COL_MAX
#define KWS_NN_COL_MAX 512
#endif

/* Depthwise convolution with in_c % 4 == 0 keeps k_h padded input rows and a
 * copy of the weights as int16 in its scratch: k_h * ((out_w - 1) * stride_w +
 * k_w) * in_c + k_h * k_w * in_c entries of at most KWS_NN_DW_BUF_MAX (2 bytes
 * each: 4 KB at the default; DS-CNN-S uses 3 * 7 * 64 + 9 * 64 = 1920), and
 * k_h <= KWS_NN_DW_KH_MAX. Other layers use the (slower, identical-result)
 * direct loop. */
#ifndef KWS_NN_DW_BUF_MAX
#define KWS_NN_DW_BUF_MAX 2048
#endif
#ifndef KWS_NN_DW_KH_MAX
#define KWS_NN_DW_KH_MAX 8
#endif

/* TFLite MultiplyByQuantizedMultiplier (double rounding), SPEC section 3. */
int32_t kws_multiply_by_quantized_multiplier(int32_t x, int32_t m, int32_t shift);

/* Most scratch bytes any kernel asks for (a compile-time bound of every
 * kws_*_get_buffer_size under the limits above). */
#define KWS_NN_MAX2_(a, b) ((a) > (b) ? (a) : (b))
#define KWS_NN_SCRATCH_MAX_BYTES KWS_NN_MAX2_(8u * (size_t)KWS_NN_COL_MAX, 2u * (size_t)KWS_NN_DW_BUF_MAX)

/* Kernels: read l->in_h*in_w*in_c int8 values from in, write
 * l->out_h*out_w*out_c int8 values to out (in and out must not overlap).
 * ctx: scratch of at least kws_<op>_s8_get_buffer_size(l) bytes, 4-byte
 * aligned, for the fast path (0 = the layer has no fast path), or NULL. */
size_t kws_conv2d_s8_get_buffer_size(const kws_layer_t *l);
void kws_conv2d_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out);
size_t kws_dwconv2d_s8_get_buffer_size(const kws_layer_t *l);
void kws_dwconv2d_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out);
size_t kws_fc_s8_get_buffer_size(const kws_layer_t *l);
void kws_fc_s8(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out);
void kws_avgpool_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);
/* Softmax over the channel axis (each of the in_h*in_w rows separately). */
void kws_softmax_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);

/* Scratch bytes the kernel of layer l asks for (0 for none). */
size_t kws_layer_scratch_bytes(const kws_layer_t *l);

/* 1 when layer l's kernel, given scratch_size bytes of 4-byte aligned scratch,
 * may write its output over its input (in == out): pointwise convolutions and
 * stride-1 depthwise convolutions that keep the shape (on their fast paths),
 * softmax. */
int kws_layer_in_place_ok(const kws_layer_t *l, size_t scratch_size);

/* The limits above in one number (a build with other limits plans other arenas). */
#define KWS_NN_LIMITS_ID ((((unsigned long)KWS_NN_COL_MAX * 100000ul + (unsigned long)KWS_NN_DW_BUF_MAX) * 100ul + \
                           (unsigned long)KWS_NN_DW_KH_MAX) & 0xfffffffful)

/* Most layers kws_model_run plans an arena for (longer models only ping-pong
 * between two full slots; the app refuses them at compile time). */
#ifndef KWS_NN_MAX_LAYERS
#define KWS_NN_MAX_LAYERS 64
#endif

/* Runs one layer with the kernel its op names (ctx as for the kernels).
 * Returns 0, or -1 for an unknown op. */
int kws_layer_run(const kws_nn_ctx_t *ctx, const kws_layer_t *l, const int8_t *in, int8_t *out);

/* Bytes of layer l's input / output tensor. */
size_t kws_layer_in_bytes(const kws_layer_t *l);
size_t kws_layer_out_bytes(const kws_layer_t *l);

/* Largest activation tensor of the model (the model input and every layer
 * output), in bytes. Two slots of this are what kws_model_run's fallback (no
 * plan) needs; the plan (kws_model_arena_bytes) usually needs less. */
size_t kws_model_max_tensor_bytes(const kws_layer_t *layers, int n);

/* Largest scratch any layer of the model asks for. */
size_t kws_model_scratch_bytes(const kws_layer_t *layers, int n);

/* Bytes of arena with which kws_model_run runs its plan (in-place layers,
 * every layer on its fast path): slot A + slot B + alignment slack + the
 * largest scratch. The build writes it for the model as KWS_MODEL_ARENA_BYTES
 * (kws_model_arena.h, generated by tools/kws_model_arena.c). */
#define KWS_NN_ARENA_ALIGN_SLACK 3u
size_t kws_model_arena_bytes(const kws_layer_t *layers, int n);

/* A compile-time arena size that is >= kws_model_arena_bytes for every model
 * whose largest tensor is max_tensor_bytes (two full slots, the largest
 * scratch any kernel may ask for). */
#define KWS_NN_ARENA_BYTES(max_tensor_bytes) \
    (2u * (size_t)(max_tensor_bytes) + KWS_NN_ARENA_ALIGN_SLACK + KWS_NN_SCRATCH_MAX_BYTES)

/* Called after each layer with its output (valid until the next layer runs). */
typedef void (*kws_layer_cb)(int layer, const int8_t *out, size_t size, void *user);

/* Runs layers[0..n-1] on input (layers[0]'s input tensor, outside the arena).
 * With n <= KWS_NN_MAX_LAYERS and arena_size >= kws_model_arena_bytes: the
 * plan above. Otherwise, with at least two slots of kws_model_max_tensor_bytes:
 * ping-pong between two such slots, the rest as scratch, some layers on their
 * slower direct loops; same results either way. Returns a pointer into arena
 * to the last layer's output (the softmax scores), or NULL when n < 1, an op
 * is unknown, or arena_size is below both kws_model_arena_bytes(layers, n) and
 * 2 * kws_model_max_tensor_bytes(layers, n) (the plan needs less than the
 * fallback for most models: 11,907 vs 16,000 bytes for DS-CNN-S; for more
 * than KWS_NN_MAX_LAYERS layers only the fallback runs). cb may be NULL. */
const int8_t *kws_model_run(const kws_layer_t *layers, int n, const int8_t *input,
                            int8_t *arena, size_t arena_size, kws_layer_cb cb, void *user);

/* The same with the kernels' scratch outside the arena (e.g. a buffer that is
 * free while the model runs, such as the frontend's FFT buffer, see
 * kws_frontend_scratch): with n <= KWS_NN_MAX_LAYERS, scratch->size >=
 * kws_model_scratch_bytes and arena_size >= kws_model_tensor_bytes_planned,
 * the plan runs in the arena (8,064 bytes for DS-CNN-S); otherwise
 * kws_model_run's fallback, which needs arena_size >= 2 *
 * kws_model_max_tensor_bytes (NULL returned below both). scratch must be
 * 4-byte aligned (NULL returned otherwise); scratch == NULL is kws_model_run. */
const int8_t *kws_model_run_scratch(const kws_layer_t *layers, int n, const int8_t *input, int8_t *arena,
                                    size_t arena_size, const kws_nn_ctx_t *scratch, kws_layer_cb cb, void *user);

/* Tensor bytes of the plan (slot A + slot B), without scratch and slack. */
size_t kws_model_tensor_bytes_planned(const kws_layer_t *layers, int n);

#ifdef __cplusplus
}
#endif

#endif /* KWS_NN_H */
