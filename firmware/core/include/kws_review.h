/*
 * kws_review: the device side of the field loop (docs/own-voice.md, docs/SPEC.md section 5).
 *
 * When the host turns reviewing on (REVIEW,<threshold>), the device sends the audio of every
 * detection and of every near-miss so that a person can label it and the clips can flow back
 * into training:
 *   - a near-miss is an episode of inferences whose best keyword score (the averaged score of
 *     the best label that is neither _silence_ nor _unknown_) stays at or above the review
 *     threshold without a detection; it is reported once as
 *     NEAR,<t_ms of its peak>,<keyword>,<peak score>, when the episode ends or at the first
 *     inference KWS_REVIEW_NEAR_HOLD_SAMPLES (0.375 s; less with a long inference stride, kws_review_set_hold) or more after its peak, whichever
 *     comes first, so the peak's second of audio is still in the history (an episode
 *     reported early is not reported again unless its score rises above the reported peak;
 *     one with a detection before that is no near-miss);
 *   - after a DET or NEAR line the device sends the second of audio the model saw at that
 *     moment (the 1 s ending at the peak inference) as AUD lines of a fresh clip id that no
 *     REC announced. A new detection while a clip is still being sent abandons that clip.
 * The audio goes out paced with the stream: before new samples overwrite a part of the clip
 * that is still unsent, that part is sent, plus KWS_REVIEW_PACE_CHUNKS chunks per audio block.
 *
 * No allocation, no globals: the app owns the kws_review_t (2 bytes per ring sample, int16,
 * plus about 0.6 KB).
 */
#ifndef KWS_REVIEW_H
#define KWS_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "kws_detector.h"
#include "kws_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Samples of a review clip: the one-second model input. */
#ifndef KWS_REVIEW_CLIP_SAMPLES
#define KWS_REVIEW_CLIP_SAMPLES 16000u
#endif
/** Audio history kept for review clips (a near-miss is reported up to half a second after its peak). */
#ifndef KWS_REVIEW_RING_SAMPLES
#define KWS_REVIEW_RING_SAMPLES (KWS_REVIEW_CLIP_SAMPLES * 3u / 2u)
#endif
/**
 * A near-miss still open this many samples after its peak is reported at that inference.
 * The history must still hold the peak's clip then: HOLD + one inference stride + one audio
 * block <= RING - CLIP (kws_app.c checks it for its stride and block; 6000 + 1600 + 320 <=
 * 8000 at 16 kHz).
 */
#ifndef KWS_REVIEW_NEAR_HOLD_SAMPLES
#define KWS_REVIEW_NEAR_HOLD_SAMPLES ((KWS_REVIEW_RING_SAMPLES - KWS_REVIEW_CLIP_SAMPLES) * 3u / 4u)
#endif

/** Chunks sent per audio block on top of those due: 2 x 256 samples per 320-sample hop sends a clip in 0.64 s. */
#ifndef KWS_REVIEW_PACE_CHUNKS
#define KWS_REVIEW_PACE_CHUNKS 2u
#endif

_Static_assert(KWS_REVIEW_PACE_CHUNKS >= 1u, "review clips need at least one chunk per block");
_Static_assert(KWS_REVIEW_RING_SAMPLES >= KWS_REVIEW_CLIP_SAMPLES, "review ring smaller than a clip");
_Static_assert(KWS_REVIEW_CLIP_SAMPLES <= KWS_PROTO_AUD_MAX_TOTAL, "review clip longer than an AUD clip may be");

typedef struct {
    uint8_t review_q; /* 0 = reviewing off */

    /* near-miss episode */
    uint8_t in_episode;
    uint8_t episode_detected;
    uint8_t episode_reported; /* NEAR already sent for the current peak (held too long) */
    uint16_t peak_label;
    uint8_t peak_q;
    uint32_t peak_t_ms;
    uint64_t peak_end_sample; /* stream sample index just after the peak inference's window */
    uint32_t near_hold; /* samples after the peak at which an open episode is reported (see KWS_REVIEW_NEAR_HOLD_SAMPLES) */

    /* audio history */
    int16_t ring[KWS_REVIEW_RING_SAMPLES];
    uint64_t written; /* samples written into the ring since init */

    /* clip being sent */
    uint8_t clip_active;
    uint32_t clip_id;
    uint64_t clip_start; /* stream sample index of the clip's first sample */
    uint32_t clip_sent;  /* samples sent */
    int16_t chunk[KWS_PROTO_AUD_MAX_SAMPLES];
} kws_review_t;

/**
 * Starts with reviewing off (review_q 0) or at review_q (0..255, averaged-score scale), with the
 * near-miss hold at KWS_REVIEW_NEAR_HOLD_SAMPLES; a caller whose inference stride is long lowers it
 * with kws_review_set_hold so that HOLD + stride + one audio block <= RING - CLIP still holds.
 */
void kws_review_init(kws_review_t *r, uint8_t review_q);

/** Sets the near-miss hold (samples after the peak; at most KWS_REVIEW_NEAR_HOLD_SAMPLES is kept). */
void kws_review_set_hold(kws_review_t *r, uint32_t hold_samples);

/** The REVIEW command: 0 turns reviewing off (and abandons a clip being sent). */
void kws_review_set_threshold(kws_review_t *r, uint8_t review_q);

/**
 * Feeds the outcome of one inference whose window ends at stream sample end_sample (time t_ms):
 * whether it detected, and the best keyword's averaged score (have_best 0 before the detector
 * has enough inferences). Returns 1 and fills *near when a near-miss is due: an episode ended
 * with no detection in it, or its peak is the hold (near_hold) or more behind
 * end_sample with no detection yet (t_ms, label and score of its peak); the caller then sends
 * NEAR and starts the clip with kws_review_start_clip(r, r->peak_end_sample, ...). Always 0
 * while off.
 */
int kws_review_after_inference(kws_review_t *r, uint32_t t_ms, uint64_t end_sample, int detected,
                               int have_best, uint16_t best_label, uint8_t best_q,
                               kws_detection_t *near);

/**
 * Starts sending the clip of KWS_REVIEW_CLIP_SAMPLES samples that ends at stream sample
 * end_sample (clamped to the history still in the ring), abandoning a clip being sent.
 */
void kws_review_start_clip(kws_review_t *r, uint64_t end_sample, uint32_t clip_id);

/**
 * Chunks of the current clip that must go out before n more samples are written (the part
 * the write would overwrite), plus KWS_REVIEW_PACE_CHUNKS for pacing; 0 when no clip is being sent.
 */
uint32_t kws_review_chunks_due(const kws_review_t *r, size_t n);

/**
 * The next chunk of the current clip (at most KWS_PROTO_AUD_MAX_SAMPLES samples, copied into
 * r->chunk). Returns its sample count, 0 when no clip is being sent; *offset is its position
 * in the clip. The clip ends after its last chunk; a clip that starts less than a second into the
 * stream waits for the samples still to come (0 until they are written).
 */
uint16_t kws_review_next_chunk(kws_review_t *r, uint32_t *offset);

/** Appends n samples of the stream to the history (call after sending the chunks due, on every block). */
void kws_review_write(kws_review_t *r, const int16_t *pcm, size_t n);

/** The best keyword's averaged score right now; 0 when the detector has too few inferences. */
int kws_review_best_keyword(const kws_detector_t *det, uint16_t *label, uint8_t *score_q);

#ifdef __cplusplus
}
#endif

#endif /* KWS_REVIEW_H */
