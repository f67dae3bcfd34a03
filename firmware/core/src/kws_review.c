/* kws_review: near-misses and detection audio for the field loop (see kws_review.h). */
#include "kws_review.h"

#include <string.h>

#include "kws_div.h"

/* Ring slot of stream sample s: one 64-bit reduction per block, then a wrapping index
 * (kws_udiv64_u16 rather than libgcc's 64-bit modulo when the ring fits 16 bits). */
static uint32_t ring_slot(uint64_t s)
{
    uint32_t slot;
    if (KWS_REVIEW_RING_SAMPLES <= 65535u) {
        (void)kws_udiv64_u16(s, KWS_REVIEW_RING_SAMPLES, &slot);
        return slot;
    }
    return (uint32_t)(s % KWS_REVIEW_RING_SAMPLES);
}

void kws_review_init(kws_review_t *r, uint8_t review_q)
{
    memset(r, 0, sizeof(*r));
    r->review_q = review_q;
    r->near_hold = KWS_REVIEW_NEAR_HOLD_SAMPLES;
}

void kws_review_set_hold(kws_review_t *r, uint32_t hold_samples)
{
    r->near_hold = hold_samples < KWS_REVIEW_NEAR_HOLD_SAMPLES ? hold_samples : KWS_REVIEW_NEAR_HOLD_SAMPLES;
}

void kws_review_set_threshold(kws_review_t *r, uint8_t review_q)
{
    r->review_q = review_q;
    r->in_episode = 0;
    if (review_q == 0u) {
        r->clip_active = 0;
    }
}

int kws_review_after_inference(kws_review_t *r, uint32_t t_ms, uint64_t end_sample, int detected,
                               int have_best, uint16_t best_label, uint8_t best_q,
                               kws_detection_t *near)
{
    int above;
    if (r->review_q == 0u) {
        return 0;
    }
    above = have_best && best_q >= r->review_q;
    if (above || detected) {
        if (!r->in_episode) {
            r->in_episode = 1;
            r->episode_detected = 0;
            r->episode_reported = 0;
            r->peak_q = 0;
            r->peak_label = best_label;
            r->peak_t_ms = t_ms;
            r->peak_end_sample = end_sample;
        }
        if (detected) {
            r->episode_detected = 1;
        }
        if (have_best && best_q > r->peak_q) {
            r->peak_q = best_q;
            r->peak_label = best_label;
            r->peak_t_ms = t_ms;
            r->peak_end_sample = end_sample;
            r->episode_reported = 0; /* a higher peak after an early report is a new near-miss */
        }
        /* a peak held too long: report it now, while its audio is still in the history */
        if (r->episode_detected || r->episode_reported
            || end_sample < r->peak_end_sample + r->near_hold) {
            return 0;
        }
        r->episode_reported = 1;
    } else {
        if (!r->in_episode) {
            return 0;
        }
        r->in_episode = 0;
        if (r->episode_detected || r->episode_reported) {
            return 0;
        }
    }
    if (near != NULL) {
        near->t_ms = r->peak_t_ms;
        near->label = r->peak_label;
        near->score_q = r->peak_q;
    }
    return 1;
}

void kws_review_start_clip(kws_review_t *r, uint64_t end_sample, uint32_t clip_id)
{
    uint64_t oldest = r->written > KWS_REVIEW_RING_SAMPLES ? r->written - KWS_REVIEW_RING_SAMPLES : 0u;
    uint64_t start = end_sample > KWS_REVIEW_CLIP_SAMPLES ? end_sample - KWS_REVIEW_CLIP_SAMPLES : 0u;
    if (end_sample > r->written) {
        start = r->written > KWS_REVIEW_CLIP_SAMPLES ? r->written - KWS_REVIEW_CLIP_SAMPLES : 0u;
    }
    if (start < oldest) {
        start = oldest;
    }
    r->clip_active = 1;
    r->clip_id = clip_id;
    r->clip_start = start;
    r->clip_sent = 0;
}

/* Samples of the clip available in the ring (a clip near the stream start may be short). */
static uint32_t clip_length(const kws_review_t *r)
{
    uint64_t avail = r->written - r->clip_start;
    return avail < KWS_REVIEW_CLIP_SAMPLES ? (uint32_t)avail : KWS_REVIEW_CLIP_SAMPLES;
}

uint32_t kws_review_chunks_due(const kws_review_t *r, size_t n)
{
    uint64_t keep_from;
    uint64_t next;
    uint32_t due = KWS_REVIEW_PACE_CHUNKS;
    if (!r->clip_active) {
        return 0;
    }
    /* after writing n samples the ring holds [written + n - RING, written + n) */
    keep_from = r->written + n > KWS_REVIEW_RING_SAMPLES ? r->written + n - KWS_REVIEW_RING_SAMPLES : 0u;
    next = r->clip_start + r->clip_sent;
    if (next < keep_from) {
        uint64_t behind = keep_from - next;
        due += (uint32_t)((behind + KWS_PROTO_AUD_MAX_SAMPLES - 1u) / KWS_PROTO_AUD_MAX_SAMPLES);
    }
    return due;
}

uint16_t kws_review_next_chunk(kws_review_t *r, uint32_t *offset)
{
    uint32_t len;
    uint32_t m;
    uint32_t i;
    if (!r->clip_active) {
        return 0;
    }
    len = clip_length(r);
    if (r->clip_sent >= len) {
        return 0; /* a clip at the stream start: wait for the rest of its second */
    }
    m = len - r->clip_sent;
    if (m > KWS_PROTO_AUD_MAX_SAMPLES) {
        m = KWS_PROTO_AUD_MAX_SAMPLES;
    }
    {
        uint32_t slot = ring_slot(r->clip_start + r->clip_sent);
        for (i = 0; i < m; i++) {
            r->chunk[i] = r->ring[slot];
            if (++slot == KWS_REVIEW_RING_SAMPLES) {
                slot = 0;
            }
        }
    }
    *offset = r->clip_sent;
    r->clip_sent += m;
    if (r->clip_sent >= KWS_REVIEW_CLIP_SAMPLES) {
        r->clip_active = 0;
    }
    return (uint16_t)m;
}

void kws_review_write(kws_review_t *r, const int16_t *pcm, size_t n)
{
    size_t i;
    uint32_t slot = ring_slot(r->written);
    for (i = 0; i < n; i++) {
        r->ring[slot] = pcm[i];
        if (++slot == KWS_REVIEW_RING_SAMPLES) {
            slot = 0;
        }
    }
    r->written += n;
}

int kws_review_best_keyword(const kws_detector_t *det, uint16_t *label, uint8_t *score_q)
{
    uint16_t c;
    int32_t best = -1;
    uint16_t best_c = 0;
    for (c = 0; c < det->cfg.num_labels; c++) {
        int32_t avg;
        if ((int16_t)c == det->cfg.silence_index || (int16_t)c == det->cfg.unknown_index) {
            continue;
        }
        avg = kws_detector_average(det, c); /* -1 (never best) below min_count */
        if (avg > best) {
            best = avg;
            best_c = c;
        }
    }
    if (best < 0) {
        return 0;
    }
    *label = best_c;
    *score_q = (uint8_t)best;
    return 1;
}
