/*
 * kws_nn_requant: the fixed-point requantization of docs/SPEC.md section 3
 * (TFLite MultiplyByQuantizedMultiplier); the inline forms are in kws_nn_support.h.
 */
#include "kws_nn_support.h"

int32_t kws_multiply_by_quantized_multiplier(int32_t x, int32_t m, int32_t shift)
{
    return kws_mbqm_fast_ok(m, shift) ? kws_mbqm_fast(x, m, shift) : kws_mbqm(x, m, shift);
}

void kws_nn_requant_vec(const int32_t *acc, int n, const int32_t *mul, const int32_t *sh, kws_rq_t rq,
                        int8_t *o)
{
    int i;
    if (rq.fast && rq.act_min == -128 && rq.act_max == 127) {
        const int32_t zp = rq.out_zp;
        for (i = 0; i < n; i++) {
            int32_t y = kws_mbqm_fast(acc[i], mul[i], sh[i]) + zp;
#if defined(KWS_NN_ARM_ASM)
            o[i] = (int8_t)__ssat(y, 8);
#else
            o[i] = (int8_t)(y < -128 ? -128 : y > 127 ? 127 : y);
#endif
        }
    } else {
        for (i = 0; i < n; i++) {
            o[i] = kws_requant(acc[i], mul[i], sh[i], rq);
        }
    }
}
