/* Test copy of the kws_layer_t contract from docs/SPEC.md section 3 (the firmware's
 * firmware/core/include/kws_nn.h defines the same type). Used only to compile-check the
 * generated model C in the training-pipeline tests. */
#ifndef KWS_NN_H
#define KWS_NN_H
#include <stdint.h>

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

#endif
