/*
 * kws_review tests: near-miss episodes, the best keyword score, clip placement in the audio
 * history and the pacing that sends every clip sample before it is overwritten.
 */
#include "kws_review.h"
#include "kws_test.h"

static kws_review_t r; /* large (ring): not on the stack */

static void test_off_by_default_and_when_zero(void)
{
    kws_detection_t n;
    kws_review_init(&r, 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 100, 1600, 0, 1, 2, 200, &n), 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 500, 8000, 0, 1, 2, 10, &n), 0);
    TU_CHECK_INT(r.in_episode, 0);
}

static void test_near_miss_is_reported_once_at_episode_end_with_its_peak(void)
{
    kws_detection_t n;
    kws_review_init(&r, 90);
    TU_CHECK_INT(kws_review_after_inference(&r, 400, 6400, 0, 1, 3, 50, &n), 0);   /* below */
    TU_CHECK_INT(kws_review_after_inference(&r, 800, 12800, 0, 1, 3, 95, &n), 0);  /* episode starts */
    TU_CHECK_INT(kws_review_after_inference(&r, 900, 14400, 0, 1, 2, 140, &n), 0); /* peak, other kw */
    TU_CHECK_INT(kws_review_after_inference(&r, 1000, 16000, 0, 1, 2, 100, &n), 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 1100, 17600, 0, 1, 2, 60, &n), 1);  /* ends */
    TU_CHECK_INT(n.t_ms, 900);
    TU_CHECK_INT(n.label, 2);
    TU_CHECK_INT(n.score_q, 140);
    TU_CHECK_INT((long long)r.peak_end_sample, 14400);
    TU_CHECK_INT(kws_review_after_inference(&r, 1200, 19200, 0, 1, 2, 60, &n), 0);  /* once */
    TU_CHECK_INT(kws_review_after_inference(&r, 1300, 20800, 0, 0, 0, 0, &n), 0);   /* no scores */
}

/* The app's order on a stream: 320-sample blocks into the history, an inference every 1600
 * samples (t_ms = end / 16); score(end) gives the best keyword score, det(end) a detection.
 * Returns the number of NEAR reports and checks each one's clip holds its peak whole. */
static int run_episode(uint64_t stream_end, uint8_t (*score)(uint64_t), int (*det)(uint64_t),
                       uint64_t *report_end, uint64_t *report_peak)
{
    static int16_t z[320];
    uint64_t end;
    int reports = 0;
    kws_detection_t n;
    kws_review_init(&r, 100);
    for (end = 320; end <= stream_end; end += 320) {
        kws_review_write(&r, z, 320);
        if (end % 1600 != 0) {
            continue;
        }
        if (kws_review_after_inference(&r, (uint32_t)(end / 16), end, det(end), 1, 3, score(end), &n)) {
            TU_CHECK_INT(n.t_ms, (long long)(r.peak_end_sample / 16));
            TU_CHECK(r.peak_end_sample + KWS_REVIEW_NEAR_HOLD_SAMPLES <= end || score(end) < 100);
            kws_review_start_clip(&r, r.peak_end_sample, 1);
            /* not clamped: the clip is the second ending at the peak */
            TU_CHECK_INT((long long)r.clip_start, (long long)(r.peak_end_sample - KWS_REVIEW_CLIP_SAMPLES));
            if (reports < 2) {
                report_end[reports] = end;
                report_peak[reports] = r.peak_end_sample;
            }
            reports++;
        }
    }
    return reports;
}

/* above the review threshold from 5 s to 9 s: peak 150 at 5.2 s, 120 after, 160 at 7 s */
static uint8_t long_episode(uint64_t end)
{
    return end < 80000 || end >= 144000 ? 40 : end == 83200 ? 150 : end == 112000 ? 160 : 120;
}

static int no_detection(uint64_t end)
{
    (void)end;
    return 0;
}

static int detection_at_5_4_s(uint64_t end)
{
    return end == 86400;
}

static void test_a_long_episode_is_reported_while_its_peak_is_in_the_history(void)
{
    uint64_t at[2] = {0, 0}, peak[2] = {0, 0};
    /* reported at the first inference KWS_REVIEW_NEAR_HOLD_SAMPLES after the peak, not at the
     * episode's end 3.8 s later; then once more for the higher peak at 7 s, and not at the end */
    TU_CHECK_INT(run_episode(160000, long_episode, no_detection, at, peak), 2);
    TU_CHECK_INT((long long)peak[0], 83200);
    TU_CHECK_INT((long long)at[0], 83200 + 6400); /* 4 strides >= 6000 samples */
    TU_CHECK_INT((long long)peak[1], 112000);
    TU_CHECK_INT((long long)at[1], 112000 + 6400);
    TU_CHECK(at[0] - peak[0] <= KWS_REVIEW_RING_SAMPLES - KWS_REVIEW_CLIP_SAMPLES);
    /* a detection in the episode before the hold: no near-miss, not even after the hold */
    TU_CHECK_INT(run_episode(160000, long_episode, detection_at_5_4_s, at, peak), 0);
}

static void test_an_episode_with_a_detection_is_no_near_miss(void)
{
    kws_detection_t n;
    kws_review_init(&r, 90);
    TU_CHECK_INT(kws_review_after_inference(&r, 400, 6400, 0, 1, 2, 120, &n), 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 800, 12800, 1, 1, 2, 200, &n), 0);  /* DET */
    TU_CHECK_INT(kws_review_after_inference(&r, 1200, 19200, 0, 1, 2, 30, &n), 0);
    /* a later episode without detection is reported again */
    TU_CHECK_INT(kws_review_after_inference(&r, 1600, 25600, 0, 1, 4, 91, &n), 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 2000, 32000, 0, 1, 4, 20, &n), 1);
    TU_CHECK_INT(n.label, 4);
    /* turning reviewing off forgets an open episode */
    TU_CHECK_INT(kws_review_after_inference(&r, 2400, 38400, 0, 1, 4, 120, &n), 0);
    kws_review_set_threshold(&r, 0);
    TU_CHECK_INT(kws_review_after_inference(&r, 2800, 44800, 0, 1, 4, 10, &n), 0);
}

static void test_best_keyword_skips_silence_and_unknown(void)
{
    kws_detector_t d;
    kws_detector_config_t c;
    uint8_t p[4] = {10, 200, 30, 40}; /* unknown on top; best keyword is label 3 */
    uint8_t q[4] = {10, 200, 50, 20};
    uint16_t label = 99;
    uint8_t score = 0;
    c.average_window_ms = 1000;
    c.threshold_q = 179;
    c.suppression_ms = 1500;
    c.min_count = 2;
    c.num_labels = 4;
    c.silence_index = 0;
    c.unknown_index = 1;
    TU_CHECK_INT(kws_detector_init(&d, &c), 0);
    TU_CHECK_INT(kws_review_best_keyword(&d, &label, &score), 0);
    TU_CHECK_INT(kws_detector_push(&d, 100, p, NULL), 0);
    TU_CHECK_INT(kws_review_best_keyword(&d, &label, &score), 0); /* below min_count */
    TU_CHECK_INT(kws_detector_push(&d, 200, q, NULL), 0);
    TU_CHECK_INT(kws_review_best_keyword(&d, &label, &score), 1);
    TU_CHECK_INT(label, 2); /* (30+50)/2 = 40 beats (40+20)/2 = 30 */
    TU_CHECK_INT(score, 40);
}

/* Feeds a ramp (sample i has value i mod 30000) in blocks of `block`, sending chunks as the app does. */
static int16_t ramp(uint64_t i)
{
    return (int16_t)(i % 30000u);
}

static void run_clip(uint64_t stream_before, uint64_t end_sample, size_t block, uint64_t want_start,
                     uint32_t want_len)
{
    static int16_t buf[4096];
    uint8_t seen[KWS_REVIEW_CLIP_SAMPLES];
    uint64_t pos = 0;
    uint32_t got = 0;
    uint32_t max_due = 0;
    uint32_t i;
    int ok = 1;
    kws_review_init(&r, 100);
    memset(seen, 0, sizeof seen);
    while (pos < stream_before) {
        size_t n = block;
        if (pos + n > stream_before) {
            n = (size_t)(stream_before - pos);
        }
        for (i = 0; i < n; i++) {
            buf[i] = ramp(pos + i);
        }
        kws_review_write(&r, buf, n);
        pos += n;
    }
    kws_review_start_clip(&r, end_sample, 7);
    TU_CHECK_INT((long long)r.clip_start, (long long)want_start);
    while (r.clip_active) {
        uint32_t due = kws_review_chunks_due(&r, block);
        if (due > max_due) {
            max_due = due;
        }
        for (; due > 0; due--) {
            uint32_t off = 0;
            uint16_t m = kws_review_next_chunk(&r, &off);
            if (m == 0) {
                break;
            }
            TU_CHECK(m <= KWS_PROTO_AUD_MAX_SAMPLES);
            TU_CHECK_INT(off, got);
            for (i = 0; i < m; i++) {
                if (r.chunk[i] != ramp(want_start + off + i)) {
                    ok = 0;
                }
                seen[off + i] = 1;
            }
            got += m;
        }
        for (i = 0; i < block; i++) {
            buf[i] = ramp(pos + i);
        }
        kws_review_write(&r, buf, block);
        pos += block;
    }
    TU_CHECK(ok); /* every sample sent is the stream sample it claims to be: none was overwritten first */
    TU_CHECK_INT(got, want_len);
    /* bursts stay small: about one block of audio per block written, plus one chunk */
    TU_CHECK(max_due <= (uint32_t)((block + KWS_PROTO_AUD_MAX_SAMPLES - 1u) / KWS_PROTO_AUD_MAX_SAMPLES) + KWS_REVIEW_PACE_CHUNKS + 1u);
}

static void test_clips_come_out_whole_and_in_time(void)
{
    /* a detection: the second ending at the current position */
    run_clip(48000, 48000, 320, 32000, KWS_REVIEW_CLIP_SAMPLES);
    /* a near-miss peak 0.5 s back: the oldest part is about to be overwritten */
    run_clip(48000, 40000, 320, 24000, KWS_REVIEW_CLIP_SAMPLES);
    /* further back than the ring holds: clamped to the oldest sample kept */
    run_clip(48000, 30000, 320, 48000 - KWS_REVIEW_RING_SAMPLES, KWS_REVIEW_CLIP_SAMPLES);
    /* big blocks (a host reading a WAV in one go) */
    run_clip(48000, 40000, 4096, 24000, KWS_REVIEW_CLIP_SAMPLES);
    /* right after start: only the audio there is */
    run_clip(6000, 6000, 320, 0, KWS_REVIEW_CLIP_SAMPLES);
}

static void test_a_new_clip_abandons_the_old_one(void)
{
    static int16_t z[320];
    uint32_t off;
    int k;
    kws_review_init(&r, 100);
    for (k = 0; k < 100; k++) {
        kws_review_write(&r, z, 320);
    }
    kws_review_start_clip(&r, 32000, 1);
    TU_CHECK(kws_review_next_chunk(&r, &off) > 0);
    kws_review_start_clip(&r, 32000, 2);
    TU_CHECK_INT(r.clip_id, 2);
    TU_CHECK_INT(r.clip_sent, 0);
    kws_review_set_threshold(&r, 0);
    TU_CHECK_INT(kws_review_chunks_due(&r, 320), 0);
    TU_CHECK_INT(kws_review_next_chunk(&r, &off), 0);
}

/* The default 400-ms stride (6400 samples): the history (8000 past the clip) leaves a hold of
 * 8000 - 6400 - 320 = 1280 samples, as kws_app sets it; a long episode is then reported at the
 * first inference after its peak, and its clip still starts a full second before the peak. */
static void test_a_long_stride_lowers_the_hold_and_keeps_the_clip_whole(void)
{
    static int16_t z[320];
    kws_detection_t n;
    uint64_t end;
    const uint32_t hold = KWS_REVIEW_RING_SAMPLES - KWS_REVIEW_CLIP_SAMPLES - 6400u - 320u;
    int reports = 0;
    kws_review_init(&r, 100);
    TU_CHECK_INT(r.near_hold, KWS_REVIEW_NEAR_HOLD_SAMPLES);
    kws_review_set_hold(&r, 1000000u); /* never above the default */
    TU_CHECK_INT(r.near_hold, KWS_REVIEW_NEAR_HOLD_SAMPLES);
    kws_review_set_hold(&r, hold);
    TU_CHECK_INT(r.near_hold, hold);
    for (end = 320; end <= 160000; end += 320) {
        kws_review_write(&r, z, 320);
        if (end % 6400 != 0) {
            continue;
        }
        /* above the review threshold from 3.2 s to 9.6 s, peak 150 at its start */
        uint8_t q = end < 51200 || end >= 153600 ? 40 : end == 51200 ? 150 : 120;
        if (kws_review_after_inference(&r, (uint32_t)(end / 16), end, 0, 1, 3, q, &n)) {
            reports++;
            TU_CHECK_INT((long long)r.peak_end_sample, 51200);
            TU_CHECK_INT((long long)end, 51200 + 6400); /* the next inference, not the episode end */
            kws_review_start_clip(&r, r.peak_end_sample, 1);
            TU_CHECK_INT((long long)r.clip_start, (long long)(51200 - KWS_REVIEW_CLIP_SAMPLES));
        }
    }
    TU_CHECK_INT(reports, 1);
}

int main(void)
{
    TU_RUN(test_off_by_default_and_when_zero);
    TU_RUN(test_near_miss_is_reported_once_at_episode_end_with_its_peak);
    TU_RUN(test_an_episode_with_a_detection_is_no_near_miss);
    TU_RUN(test_a_long_episode_is_reported_while_its_peak_is_in_the_history);
    TU_RUN(test_a_long_stride_lowers_the_hold_and_keeps_the_clip_whole);
    TU_RUN(test_best_keyword_skips_silence_and_unknown);
    TU_RUN(test_clips_come_out_whole_and_in_time);
    TU_RUN(test_a_new_clip_abandons_the_old_one);
    return TU_SUMMARY("test_review");
}
