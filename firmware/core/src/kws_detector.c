/* kws_detector: posterior smoothing, docs/SPEC.md section 4. */
#include "kws_detector.h"

#include <string.h>

int kws_detector_init(kws_detector_t *det, const kws_detector_config_t *cfg)
{
    if (det == NULL || cfg == NULL || cfg->average_window_ms == 0 || cfg->min_count < 1
        || cfg->min_count > KWS_DET_QUEUE_CAPACITY || cfg->num_labels < 1
        || cfg->num_labels > KWS_DET_MAX_LABELS || cfg->silence_index >= (int16_t)cfg->num_labels
        || cfg->unknown_index >= (int16_t)cfg->num_labels) {
        return -1;
    }
    memset(det, 0, sizeof(*det));
    det->cfg = *cfg;
    return 0;
}

void kws_detector_reset(kws_detector_t *det)
{
    det->head = 0;
    det->count = 0;
    det->has_detection = 0;
    det->last_detection_ms = 0;
}

void kws_detector_set_threshold(kws_detector_t *det, uint8_t threshold_q)
{
    det->cfg.threshold_q = threshold_q;
}

int32_t kws_detector_average(const kws_detector_t *det, uint16_t label)
{
    uint32_t sum = 0;
    uint16_t i;
    if (det->count == 0u || det->count < det->cfg.min_count || label >= det->cfg.num_labels) {
        return -1;
    }
    for (i = 0; i < det->count; i++) {
        sum += det->p[(det->head + i) % KWS_DET_QUEUE_CAPACITY][label];
    }
    return (int32_t)(sum / det->count);
}

int kws_detector_push(kws_detector_t *det, uint32_t t_ms, const uint8_t *scores,
                      kws_detection_t *out)
{
    const uint16_t n = det->cfg.num_labels;
    uint16_t tail;
    uint16_t c;
    int top = -1;
    int32_t top_avg = -1;

    /* 1. push (dropping the oldest when full), then evict entries older than the window */
    if (det->count == KWS_DET_QUEUE_CAPACITY) {
        det->head = (uint16_t)((det->head + 1u) % KWS_DET_QUEUE_CAPACITY);
        det->count--;
    }
    tail = (uint16_t)((det->head + det->count) % KWS_DET_QUEUE_CAPACITY);
    det->t_ms[tail] = t_ms;
    memcpy(det->p[tail], scores, n);
    det->count++;
    while (det->count > 0
           && (int64_t)det->t_ms[det->head] <= (int64_t)t_ms - (int64_t)det->cfg.average_window_ms) {
        det->head = (uint16_t)((det->head + 1u) % KWS_DET_QUEUE_CAPACITY);
        det->count--;
    }

    /* 2. minimum count */
    if (det->count < det->cfg.min_count) {
        return 0;
    }

    /* 3. truncating integer average, argmax (lowest index wins ties) */
    for (c = 0; c < n; c++) {
        const int32_t avg = kws_detector_average(det, c);
        if (avg > top_avg) {
            top_avg = avg;
            top = (int)c;
        }
    }

    /* 4. keyword, threshold, suppression */
    if (top == det->cfg.silence_index || top == det->cfg.unknown_index
        || top_avg < (int32_t)det->cfg.threshold_q) {
        return 0;
    }
    if (det->has_detection
        && (int64_t)t_ms - (int64_t)det->last_detection_ms < (int64_t)det->cfg.suppression_ms) {
        return 0;
    }
    det->has_detection = 1;
    det->last_detection_ms = t_ms;
    if (out != NULL) {
        out->t_ms = t_ms;
        out->label = (uint16_t)top;
        out->score_q = (uint8_t)top_avg;
    }
    return 1;
}

int kws_detector_push_s8(kws_detector_t *det, uint32_t t_ms, const int8_t *q,
                         kws_detection_t *out)
{
    uint8_t p[KWS_DET_MAX_LABELS];
    uint16_t c;
    for (c = 0; c < det->cfg.num_labels; c++) {
        p[c] = (uint8_t)((int)q[c] + 128);
    }
    return kws_detector_push(det, t_ms, p, out);
}
