/* An independent C99 implementation of the int8 kernels of docs/SPEC.md section 3, written
 * from the SPEC (not from the firmware), used by CModelCompileTest to check that the
 * generated kws_model_data.c and golden_nn.h are consistent: every layer output of every
 * golden case must be reproduced bit for bit. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kws_model_data.h"
#include "kws_frontend_data.h"
#include "golden_nn.h"

_Static_assert(KWS_MODEL_FRONTEND_HASH == KWS_FRONTEND_HASH, "model and frontend must agree");

static int32_t srdhm(int32_t a, int32_t b)
{
    int64_t ab, nudge;
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

static int32_t rdbpot(int32_t x, int e)
{
    int32_t mask = (int32_t)(((int64_t)1 << e) - 1);
    int32_t rem = x & mask;
    int32_t thr = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> e) + (rem > thr ? 1 : 0);
}

static int32_t mbqm(int32_t x, int32_t m, int32_t shift)
{
    int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    return rdbpot(srdhm((int32_t)((uint32_t)x << left), m), right);
}

static int8_t clampq(int32_t v, int32_t lo, int32_t hi)
{
    return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

static void run_layer(const kws_layer_t *l, const int8_t *x, int8_t *y)
{
    int oh, ow, oc, fy, fx, c;
    switch (l->op) {
    case KWS_OP_CONV2D:
    case KWS_OP_DWCONV2D:
        for (oh = 0; oh < l->out_h; oh++)
            for (ow = 0; ow < l->out_w; ow++)
                for (oc = 0; oc < l->out_c; oc++) {
                    int32_t acc = l->bias ? l->bias[oc] : 0;
                    for (fy = 0; fy < l->k_h; fy++) {
                        int iy = oh * l->stride_h - l->pad_h + fy;
                        if (iy < 0 || iy >= l->in_h) continue;
                        for (fx = 0; fx < l->k_w; fx++) {
                            int ix = ow * l->stride_w - l->pad_w + fx;
                            if (ix < 0 || ix >= l->in_w) continue;
                            if (l->op == KWS_OP_CONV2D) {
                                for (c = 0; c < l->in_c; c++)
                                    acc += (x[(iy * l->in_w + ix) * l->in_c + c] - l->in_zp)
                                           * l->weights[((oc * l->k_h + fy) * l->k_w + fx) * l->in_c + c];
                            } else {
                                acc += (x[(iy * l->in_w + ix) * l->in_c + oc] - l->in_zp)
                                       * l->weights[(fy * l->k_w + fx) * l->out_c + oc];
                            }
                        }
                    }
                    y[(oh * l->out_w + ow) * l->out_c + oc] =
                        clampq(mbqm(acc, l->multiplier[oc], l->shift[oc]) + l->out_zp, l->act_min, l->act_max);
                }
        break;
    case KWS_OP_AVGPOOL:
        for (oh = 0; oh < l->out_h; oh++)
            for (ow = 0; ow < l->out_w; ow++)
                for (c = 0; c < l->in_c; c++) {
                    int32_t sum = 0, n = l->k_h * l->k_w, avg;
                    for (fy = 0; fy < l->k_h; fy++)
                        for (fx = 0; fx < l->k_w; fx++)
                            sum += x[((oh * l->stride_h + fy) * l->in_w + ow * l->stride_w + fx) * l->in_c + c];
                    avg = sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n;
                    y[(oh * l->out_w + ow) * l->out_c + c] = clampq(avg, l->act_min, l->act_max);
                }
        break;
    case KWS_OP_FC:
        for (oc = 0; oc < l->out_c; oc++) {
            int32_t acc = l->bias ? l->bias[oc] : 0;
            for (c = 0; c < l->in_c; c++)
                acc += (x[c] - l->in_zp) * l->weights[oc * l->in_c + c];
            y[oc] = clampq(mbqm(acc, l->multiplier[0], l->shift[0]) + l->out_zp, l->act_min, l->act_max);
        }
        break;
    case KWS_OP_SOFTMAX: {
        int32_t mx = -128;
        int64_t s = 0;
        for (c = 0; c < l->out_c; c++) if (x[c] > mx) mx = x[c];
        for (c = 0; c < l->out_c; c++) s += l->lut[mx - x[c]];
        for (c = 0; c < l->out_c; c++) {
            int64_t q = ((int64_t)l->lut[mx - x[c]] * 256 + s / 2) / s - 128;
            y[c] = (int8_t)(q < -128 ? -128 : (q > 127 ? 127 : q));
        }
        break;
    }
    }
}

int main(void)
{
    static int8_t a[KWS_MODEL_MAX_TENSOR_BYTES], b[KWS_MODEL_MAX_TENSOR_BYTES];
    int n, l, i, bad = 0;
    for (n = 0; n < GOLDEN_NN_NUM_CASES; n++) {
        const int8_t *x = golden_nn_input[n];
        int8_t *y = a;
        for (l = 0; l < KWS_MODEL_NUM_LAYERS; l++) {
            const int8_t *expect = golden_nn_outputs[l] + (long)n * golden_nn_out_size[l];
            run_layer(&kws_model_layers[l], x, y);
            for (i = 0; i < golden_nn_out_size[l]; i++) {
                if (y[i] != expect[i]) {
                    if (bad < 10) printf("case %d layer %d index %d: C %d, Java %d\n", n, l, i, y[i], expect[i]);
                    bad++;
                }
            }
            x = y;
            y = (y == a) ? b : a;
        }
    }
    if (bad) {
        printf("golden_nn: %d mismatches\n", bad);
        return 1;
    }
    printf("golden_nn: all %d cases x %d layers match (model %s, labels %d, first %s)\n", GOLDEN_NN_NUM_CASES,
           KWS_MODEL_NUM_LAYERS, KWS_MODEL_ID, KWS_MODEL_NUM_LABELS, kws_model_labels[0]);
    return 0;
}
