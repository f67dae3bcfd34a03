/*
 * kws_detector: posterior smoothing of the model's scores (docs/SPEC.md section 4).
 *
 * Each inference delivers the int8 softmax output as unsigned scores p = q + 128
 * (0..255). The detector keeps the last inferences of an averaging window, averages
 * them per label and reports a keyword when its average reaches the threshold and the
 * last detection is old enough. Same definition as Java's dev.tinykws.detect.Detector;
 * both are checked against golden_detector.h.
 *
 * No allocation, no globals: the caller owns the kws_detector_t.
 */
#ifndef KWS_DETECTOR_H
#define KWS_DETECTOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Queue capacity (SPEC section 4); when full, the oldest entry is dropped before a push. */
#define KWS_DET_QUEUE_CAPACITY 64

/** Largest number of labels a detector can hold (override with -DKWS_DET_MAX_LABELS=n). */
#ifndef KWS_DET_MAX_LABELS
#define KWS_DET_MAX_LABELS 16
#endif

/** Settings; silence_index / unknown_index are -1 when the model has no such label. */
typedef struct {
    uint32_t average_window_ms; /* > 0 */
    uint32_t suppression_ms;
    uint16_t min_count;         /* 1..KWS_DET_QUEUE_CAPACITY */
    uint16_t num_labels;        /* 1..KWS_DET_MAX_LABELS */
    int16_t silence_index;
    int16_t unknown_index;
    uint8_t threshold_q;        /* 0..255, compared with the averaged score */
} kws_detector_config_t;

typedef struct {
    uint32_t t_ms;
    uint16_t label;   /* index into the model's labels */
    uint8_t score_q;  /* averaged score 0..255 (probability score_q / 256) */
} kws_detection_t;

typedef struct {
    kws_detector_config_t cfg;
    uint32_t t_ms[KWS_DET_QUEUE_CAPACITY];
    uint8_t p[KWS_DET_QUEUE_CAPACITY][KWS_DET_MAX_LABELS];
    uint16_t head;  /* index of the oldest entry */
    uint16_t count;
    uint8_t has_detection;
    uint32_t last_detection_ms;
} kws_detector_t;

/** Returns 0, or -1 (detector untouched) when the settings are out of range. */
int kws_detector_init(kws_detector_t *det, const kws_detector_config_t *cfg);

/** Forgets the queued scores and the last detection; keeps the settings. */
void kws_detector_reset(kws_detector_t *det);

/** Changes the threshold at run time (the THRESH command); the queue is kept. */
void kws_detector_set_threshold(kws_detector_t *det, uint8_t threshold_q);

/**
 * Feeds one inference at time t_ms (non-decreasing) with cfg.num_labels unsigned
 * scores. Returns 1 and fills *out when it triggers a detection, 0 otherwise.
 */
int kws_detector_push(kws_detector_t *det, uint32_t t_ms, const uint8_t *scores,
                      kws_detection_t *out);

/** The same with the raw int8 softmax output (zero point -128). */
int kws_detector_push_s8(kws_detector_t *det, uint32_t t_ms, const int8_t *q,
                         kws_detection_t *out);

/**
 * The truncating integer average of label's scores over the queued inferences (0..255, the
 * value push compares with the threshold; kws_review ranks keywords by it). -1 when fewer
 * than cfg.min_count inferences are queued or label >= cfg.num_labels.
 */
int32_t kws_detector_average(const kws_detector_t *det, uint16_t label);

#ifdef __cplusplus
}
#endif

#endif /* KWS_DETECTOR_H */
