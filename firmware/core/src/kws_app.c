/* kws_app: the firmware's main loop (see kws_app.h, docs/firmware.md). */
#include "kws_app.h"

#include <string.h>

#include "kws_div.h"
#include "kws_hal.h"

_Static_assert(KWS_MODEL_FRONTEND_HASH == KWS_FRONTEND_HASH,
               "model was trained with another frontend configuration (KWS_MODEL_FRONTEND_HASH "
               "!= KWS_FRONTEND_HASH): regenerate kws_model_data and kws_frontend_data together");
_Static_assert(KWS_MODEL_INPUT_H == KWS_FE_FRAMES, "model input height != frontend frames");
_Static_assert(KWS_MODEL_INPUT_W == KWS_FE_NUM_COEFFS, "model input width != MFCC coefficients");
_Static_assert(KWS_MODEL_NUM_LABELS >= 1 && KWS_MODEL_NUM_LABELS <= KWS_DET_MAX_LABELS,
               "more labels than KWS_DET_MAX_LABELS: build with -DKWS_DET_MAX_LABELS=n");
_Static_assert(KWS_DET_STRIDE_FRAMES >= 1, "stride must be at least one frame");
_Static_assert(KWS_DET_THRESHOLD_Q >= 0 && KWS_DET_THRESHOLD_Q <= 255, "threshold is 0..255");
_Static_assert(KWS_DET_MIN_COUNT >= 1 && KWS_DET_MIN_COUNT <= KWS_DET_QUEUE_CAPACITY,
               "min count out of 1..64");
_Static_assert(KWS_MODEL_MAX_TENSOR_BYTES >= KWS_MODEL_INPUT_H * KWS_MODEL_INPUT_W,
               "tensor arena smaller than the model input");
_Static_assert(KWS_APP_CHUNK_SAMPLES >= 1, "empty audio chunk");
_Static_assert(KWS_FE_SAMPLE_RATE >= 1 && KWS_FE_SAMPLE_RATE <= 65535,
               "sample rate above 65535 Hz: kws_udiv64_u16 cannot divide by it");
_Static_assert(KWS_MODEL_ARENA_NN_LIMITS == KWS_NN_LIMITS_ID,
               "kws_model_arena.h was generated with other KWS_NN_* limits than this build uses");
_Static_assert(KWS_MODEL_NUM_LAYERS >= 1 && KWS_MODEL_NUM_LAYERS <= KWS_NN_MAX_LAYERS,
               "more layers than kws_model_run plans for: build with -DKWS_NN_MAX_LAYERS=n (the app's "
               "arena is the plan's, too small for the unplanned fallback)");
#if KWS_APP_REVIEW
/* The peak's clip must still be in the history when a near-miss is reported: at most one stride
 * and one audio block after the hold. The hold is what the history leaves after them (the
 * default 400-ms stride leaves 80 ms; a 100-ms stride the full KWS_REVIEW_NEAR_HOLD_SAMPLES). */
_Static_assert((uint64_t)KWS_DET_STRIDE_FRAMES * KWS_FE_HOP_SAMPLES + KWS_APP_CHUNK_SAMPLES
                   <= KWS_REVIEW_RING_SAMPLES - KWS_REVIEW_CLIP_SAMPLES,
               "one inference stride does not fit in the review history: raise KWS_REVIEW_RING_SAMPLES");
#define KWS_APP_REVIEW_HOLD \
    (KWS_REVIEW_RING_SAMPLES - KWS_REVIEW_CLIP_SAMPLES - KWS_DET_STRIDE_FRAMES * KWS_FE_HOP_SAMPLES - KWS_APP_CHUNK_SAMPLES)
#endif
_Static_assert(KWS_MODEL_SCRATCH_BYTES <= sizeof(((kws_frontend_t *)0)->buf),
               "the int8 kernels need more scratch than the frontend's FFT buffer lends them");

static void send(kws_app_t *app, size_t n)
{
    if (n > 0u) {
        kws_hal_write((const uint8_t *)app->line, n);
    }
}

static void send_hello(kws_app_t *app)
{
    send(app, kws_proto_hello(&app->tx, app->line, sizeof app->line, KWS_APP_FW_VERSION,
                              KWS_MODEL_ID, KWS_FRONTEND_HASH, KWS_FE_SAMPLE_RATE,
                              app->det.cfg.threshold_q, kws_model_labels, KWS_MODEL_NUM_LABELS));
}

static void send_err(kws_app_t *app, kws_err_code_t code, const char *message)
{
    send(app, kws_proto_err(&app->tx, app->line, sizeof app->line, code, message));
}

uint32_t kws_app_frame_end_ms(uint32_t k)
{
    /* whole milliseconds per hop and window (320 and 640 samples at 16 kHz): a multiply-add,
     * equal to the division below (the two terms are integers), also modulo 2^32 */
    if ((KWS_FE_HOP_SAMPLES * 1000u) % KWS_FE_SAMPLE_RATE == 0u && (KWS_FE_WINDOW_SAMPLES * 1000u) % KWS_FE_SAMPLE_RATE == 0u) {
        return k * (uint32_t)(KWS_FE_HOP_SAMPLES * 1000u / KWS_FE_SAMPLE_RATE)
               + (uint32_t)(KWS_FE_WINDOW_SAMPLES * 1000u / KWS_FE_SAMPLE_RATE);
    }
    return (uint32_t)kws_udiv64_u16(((uint64_t)k * KWS_FE_HOP_SAMPLES + KWS_FE_WINDOW_SAMPLES) * 1000u,
                                    KWS_FE_SAMPLE_RATE, NULL);
}

void kws_app_init(kws_app_t *app)
{
    kws_detector_config_t dc;
    memset(app, 0, sizeof(*app));
    kws_frontend_init(&app->fe);
    kws_feature_window_init(&app->window);
    dc.average_window_ms = KWS_DET_AVERAGE_WINDOW_MS;
    dc.suppression_ms = KWS_DET_SUPPRESSION_MS;
    dc.min_count = KWS_DET_MIN_COUNT;
    dc.num_labels = KWS_MODEL_NUM_LABELS;
    dc.silence_index = KWS_MODEL_SILENCE_INDEX;
    dc.unknown_index = KWS_MODEL_UNKNOWN_INDEX;
    dc.threshold_q = KWS_DET_THRESHOLD_Q;
    (void)kws_detector_init(&app->det, &dc); /* settings checked by the static asserts */
    kws_proto_tx_init(&app->tx);
    kws_proto_rx_init(&app->rx);
    app->next_stat_samples = (uint64_t)KWS_APP_STAT_PERIOD_MS * KWS_FE_SAMPLE_RATE / 1000u;
    app->costs.nn_min_cycles = UINT32_MAX;
    app->rec_next_clip_id = 1;
#if KWS_APP_REVIEW
    kws_review_init(&app->review, 0u); /* off until the host sends REVIEW */
    kws_review_set_hold(&app->review, KWS_APP_REVIEW_HOLD);
#endif
    app->started = 1;
    send_hello(app);
}

const int8_t *kws_app_run_model(kws_app_t *app, kws_layer_cb cb, void *user)
{
    kws_nn_ctx_t scratch;
    scratch.buf = kws_frontend_scratch(&app->fe, &scratch.size);
    return kws_model_run_scratch(kws_model_layers, KWS_MODEL_NUM_LAYERS, app->input, app->arena,
                                 sizeof app->arena, &scratch, cb, user);
}

#if KWS_APP_REVIEW
/* Stream sample just after the window of the inference ending with frame k. */
static uint64_t frame_end_sample(uint32_t k)
{
    return (uint64_t)k * KWS_FE_HOP_SAMPLES + KWS_FE_WINDOW_SAMPLES;
}

/* Field loop: NEAR lines and the audio of detections and near-misses (kws_review.h). */
static void review_after_inference(kws_app_t *app, uint32_t k, int detected)
{
    uint16_t label = 0;
    uint8_t best = 0;
    int have;
    kws_detection_t near;
    if (app->review.review_q == 0u) {
        return;
    }
    have = kws_review_best_keyword(&app->det, &label, &best);
    if (kws_review_after_inference(&app->review, kws_app_frame_end_ms(k), frame_end_sample(k), detected,
                                   have, label, best, &near)) {
        send(app, kws_proto_near(&app->tx, app->line, sizeof app->line, near.t_ms,
                                 kws_model_labels[near.label], near.score_q));
        kws_review_start_clip(&app->review, app->review.peak_end_sample, app->rec_next_clip_id++);
    } else if (detected) {
        kws_review_start_clip(&app->review, frame_end_sample(k), app->rec_next_clip_id++);
    }
}

/* Sends the review-clip chunks due before n more samples enter the history, then stores them
 * (always: the history's sample count is the stream position). */
static void review_audio(kws_app_t *app, const int16_t *pcm, size_t n)
{
    uint32_t due;
    uint32_t offset;
    uint16_t m;
    /* the history is kept even while reviewing is off, so it always lines up with the stream */
    for (due = kws_review_chunks_due(&app->review, n); due > 0u; due--) {
        m = kws_review_next_chunk(&app->review, &offset);
        if (m == 0u) {
            break;
        }
        send(app, kws_proto_aud(&app->tx, app->line, sizeof app->line, app->review.clip_id, offset,
                                KWS_REVIEW_CLIP_SAMPLES, app->review.chunk, m));
    }
    kws_review_write(&app->review, pcm, n);
}
#else
static void review_after_inference(kws_app_t *app, uint32_t k, int detected)
{
    (void)app;
    (void)k;
    (void)detected;
}

static void review_audio(kws_app_t *app, const int16_t *pcm, size_t n)
{
    (void)app;
    (void)pcm;
    (void)n;
}
#endif

/* One inference on the last KWS_FE_FRAMES frames, ending with frame k. */
static void infer(kws_app_t *app, uint32_t k)
{
    const int8_t *scores;
    uint32_t t0;
    uint32_t dt;
    kws_detection_t d;
    int detected = 0;

    kws_feature_window_quantize(&app->window, app->input);
    t0 = kws_hal_cycles();
    scores = kws_app_run_model(app, NULL, NULL);
    dt = kws_hal_cycles() - t0;
    app->last_infer_cycles = dt;
    app->costs.nn_cycles += dt;
    app->costs.nn_runs++;
    if (dt < app->costs.nn_min_cycles) {
        app->costs.nn_min_cycles = dt;
    }
    if (dt > app->costs.nn_max_cycles) {
        app->costs.nn_max_cycles = dt;
    }
    if (scores == NULL) {
        return; /* impossible: the static asserts above keep the model on its plan */
    }
    if (kws_detector_push_s8(&app->det, kws_app_frame_end_ms(k), scores, &d)) {
        app->costs.detections++;
        send(app, kws_proto_det(&app->tx, app->line, sizeof app->line, d.t_ms,
                                kws_model_labels[d.label], d.score_q));
        detected = 1;
    }
    review_after_inference(app, k, detected);
}

static void on_frame(uint32_t frame_index, const float *mfcc, void *user)
{
    kws_app_t *app = (kws_app_t *)user;
    uint32_t k = frame_index;
    app->costs.fe_frames++;
    kws_feature_window_push(&app->window, mfcc);
    if (k + 1u >= (uint32_t)KWS_FE_FRAMES
        && (k + 1u - (uint32_t)KWS_FE_FRAMES) % (uint32_t)KWS_DET_STRIDE_FRAMES == 0u) {
        infer(app, k);
    }
}

static void send_stat(kws_app_t *app)
{
    const uint64_t period_cycles = (uint64_t)KWS_APP_STAT_PERIOD_MS * 1000u * kws_hal_cycles_per_us();
    const uint64_t busy_1000 = app->period_busy_cycles * 1000u;
    uint32_t load = 0u; /* permille, clamped at 1000 */
    uint32_t cpus = kws_hal_cycles_per_us();
    uint32_t infer_us = cpus ? app->last_infer_cycles / cpus : 0u;
    if (period_cycles > 0u) {
        load = busy_1000 >= period_cycles * 1000u ? 1000u : kws_udiv64_bounded(busy_1000, period_cycles, 10);
    }
    send(app, kws_proto_stat(&app->tx, app->line, sizeof app->line,
                             (uint32_t)kws_udiv64_u16(app->samples * 1000u, KWS_FE_SAMPLE_RATE, NULL), infer_us,
                             load, kws_hal_free_ram(), kws_hal_audio_overruns()));
    app->period_busy_cycles = 0;
}

/* Queues recorded samples; sends an AUD line per 256 samples and at the end of the clip. */
static void record(kws_app_t *app, const int16_t *pcm, size_t n)
{
    size_t i = 0;
    while (app->rec_active && i < n) {
        uint32_t left = app->rec_total - app->rec_offset - app->rec_fill;
        size_t room = (size_t)KWS_PROTO_AUD_MAX_SAMPLES - app->rec_fill;
        size_t m = n - i;
        if (m > room) {
            m = room;
        }
        if (m > left) {
            m = left;
        }
        memcpy(app->rec_buf + app->rec_fill, pcm + i, m * sizeof(int16_t));
        app->rec_fill = (uint16_t)(app->rec_fill + m);
        i += m;
        if (app->rec_fill == KWS_PROTO_AUD_MAX_SAMPLES
            || app->rec_offset + app->rec_fill == app->rec_total) {
            send(app, kws_proto_aud(&app->tx, app->line, sizeof app->line, app->rec_clip_id,
                                    app->rec_offset, app->rec_total, app->rec_buf,
                                    app->rec_fill));
            app->rec_offset += app->rec_fill;
            app->rec_fill = 0;
            if (app->rec_offset == app->rec_total) {
                app->rec_active = 0;
            }
        }
    }
}

static void handle_command(kws_app_t *app, const kws_cmd_t *cmd)
{
    char num[11];
    switch (cmd->type) {
    case KWS_CMD_THRESH:
        kws_detector_set_threshold(&app->det, kws_threshold_from_milli((uint16_t)cmd->value));
        send(app, kws_proto_ack(&app->tx, app->line, sizeof app->line, "THRESH", "OK"));
        break;
    case KWS_CMD_REC:
        if (app->rec_active) {
            send_err(app, KWS_ERR_BUSY, "recording in progress");
            break;
        }
        app->rec_active = 1;
        app->rec_clip_id = app->rec_next_clip_id++;
        app->rec_total = (uint32_t)kws_udiv64_u16((uint64_t)cmd->value * KWS_FE_SAMPLE_RATE, 1000u, NULL);
        app->rec_offset = 0;
        app->rec_fill = 0;
        kws_fmt_u32(num, sizeof num, app->rec_clip_id);
        send(app, kws_proto_ack(&app->tx, app->line, sizeof app->line, "REC", num));
        break;
    case KWS_CMD_INFO:
        send_hello(app);
        break;
    case KWS_CMD_REVIEW:
#if KWS_APP_REVIEW
        kws_review_set_threshold(&app->review, cmd->value == 0u ? 0u
                                 : kws_threshold_from_milli((uint16_t)cmd->value) == 0u ? 1u
                                 : kws_threshold_from_milli((uint16_t)cmd->value));
        send(app, kws_proto_ack(&app->tx, app->line, sizeof app->line, "REVIEW", "OK"));
#else
        send_err(app, KWS_ERR_BADCMD, "reviewing not built in (KWS_APP_REVIEW=0)");
#endif
        break;
    case KWS_CMD_ERROR:
    default:
        send_err(app, cmd->err, cmd->message != NULL ? cmd->message : "bad command");
        break;
    }
}

void kws_app_command_byte(kws_app_t *app, uint8_t byte)
{
    kws_cmd_t cmd;
    if (kws_proto_rx_byte(&app->rx, byte, &cmd)) {
        handle_command(app, &cmd);
    }
}

/* Processes n samples that do not cross a STAT boundary. */
static void process(kws_app_t *app, const int16_t *pcm, size_t n)
{
    uint32_t t0 = kws_hal_cycles();
    uint64_t nn_before = app->costs.nn_cycles;
    uint32_t t1;
    uint32_t t2;
    record(app, pcm, n);
    review_audio(app, pcm, n);
    t1 = kws_hal_cycles();
    kws_frontend_push(&app->fe, pcm, n, on_frame, app);
    t2 = kws_hal_cycles();
    app->costs.fe_cycles += (uint64_t)(uint32_t)(t2 - t1) - (app->costs.nn_cycles - nn_before);
    app->samples += n;
    app->period_busy_cycles += (uint32_t)(t2 - t0);
    app->costs.busy_cycles += (uint32_t)(t2 - t0);
}

void kws_app_feed(kws_app_t *app, const int16_t *pcm, size_t n)
{
    uint32_t overruns;
    while (n > 0u) {
        uint64_t to_stat = app->next_stat_samples - app->samples;
        size_t m = n;
        if ((uint64_t)m > to_stat) {
            m = (size_t)to_stat;
        }
        process(app, pcm, m);
        pcm += m;
        n -= m;
        if (app->samples == app->next_stat_samples) {
            send_stat(app);
            app->next_stat_samples += (uint64_t)KWS_APP_STAT_PERIOD_MS * KWS_FE_SAMPLE_RATE / 1000u;
        }
    }
    overruns = kws_hal_audio_overruns();
    if (overruns != app->reported_overruns) {
        app->reported_overruns = overruns;
        send_err(app, KWS_ERR_OVERRUN, "audio blocks lost (app too slow)");
    }
}

int kws_app_step(kws_app_t *app)
{
    size_t n;
    int i;
    for (i = 0; i < KWS_APP_MAX_CMD_BYTES_PER_POLL; i++) {
        int b = kws_hal_read_command_byte();
        if (b < 0) {
            break;
        }
        kws_app_command_byte(app, (uint8_t)b);
    }
    n = kws_hal_read_audio(app->audio, KWS_APP_CHUNK_SAMPLES);
    if (n == 0u) {
        return 0;
    }
    if (n > KWS_APP_CHUNK_SAMPLES) {
        n = KWS_APP_CHUNK_SAMPLES; /* a broken HAL must not make us read past the buffer */
    }
    kws_app_feed(app, app->audio, n);
    return 1;
}

void kws_app_run(kws_app_t *app)
{
    kws_app_init(app);
    while (kws_app_step(app)) {
    }
}
