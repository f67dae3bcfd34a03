/*
 * kws_nn: int8 inference kernels and the layer runner (docs/SPEC.md section 3).
 *
 * Tensors are NHWC with N = 1. Every kernel is pure integer arithmetic and
 * bit-exact with the Java reference (dev.tinykws.quant). On Cortex-M4 (when
 * __ARM_FEATURE_DSP is defined) the conv/pointwise/FC inner loops use SMLAD;
 * the plain C path computes exactly the same integers.
 *
 * No dynamic allocation, no global state: activations live in a caller-owned
 * arena; the only other memory used is a bounded stack buffer (see
 * KWS_NN_COL_MAX).
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
    const int32_t *lut;        /* SOFTMAX: 256 entries; NULL otherwise */
} kws_layer_t;

/* Largest receptive field (k_h*k_w*in_c) for which kws_conv2d_s8 uses the fast
 * path with two int16 column buffers on the stack (4 bytes per entry: 2 KB at
 * the default; kws_fc_s8 uses one). Larger layers use the (slower,
 * identical-result) direct loop. */
#ifndef KWS_NN_COL_MAX
#define KWS_NN_COL_MAX 512
#endif

/* Depthwise convolution with in_c % 4 == 0 keeps k_h padded input rows and a
 * copy of the weights as int16 on the stack: k_h * ((out_w - 1) * stride_w +
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

/* Kernels: read l->in_h*in_w*in_c int8 values from in, write
 * l->out_h*out_w*out_c int8 values to out (in and out must not overlap). */
void kws_conv2d_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);
void kws_dwconv2d_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);
void kws_avgpool_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);
void kws_fc_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);
/* Softmax over the channel axis (each of the in_h*in_w rows separately). */
void kws_softmax_s8(const kws_layer_t *l, const int8_t *in, int8_t *out);

/* Runs one layer with the kernel its op names. Returns 0, or -1 for an unknown op. */
int kws_layer_run(const kws_layer_t *l, const int8_t *in, int8_t *out);

/* Bytes of layer l's input / output tensor. */
size_t kws_layer_in_bytes(const kws_layer_t *l);
size_t kws_layer_out_bytes(const kws_layer_t *l);

/* Largest activation tensor of the model (the model input and every layer
 * output), in bytes. kws_model_run needs an arena of twice this. */
size_t kws_model_max_tensor_bytes(const kws_layer_t *layers, int n);

/* Bytes of arena kws_model_run needs: 2 * kws_model_max_tensor_bytes. */
#define KWS_NN_ARENA_BYTES(max_tensor_bytes) (2u * (size_t)(max_tensor_bytes))

/* Called after each layer with its output (valid until the next layer runs). */
typedef void (*kws_layer_cb)(int layer, const int8_t *out, size_t size, void *user);

/* Runs layers[0..n-1] on input (layers[0]'s input tensor), ping-ponging
 * between the two halves of arena. Returns a pointer into arena to the last
 * layer's output (the softmax scores), or NULL when arena_size is smaller than
 * 2 * kws_model_max_tensor_bytes(layers, n), n < 1, or an op is unknown.
 * cb may be NULL. */
const int8_t *kws_model_run(const kws_layer_t *layers, int n, const int8_t *input,
                            int8_t *arena, size_t arena_size, kws_layer_cb cb, void *user);

#ifdef __cplusplus
}
#endif

#endif /* KWS_NN_H */
