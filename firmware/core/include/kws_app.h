/*
 * kws_app: the firmware's main loop, the same on every board.
 *
 *   HAL audio -> kws_frontend (one MFCC frame per hop) -> feature window (49 frames)
 *   -> kws_model_run every KWS_DET_STRIDE_FRAMES hops -> kws_detector -> DET line
 *
 * plus HELLO at start, STAT every 5 s of stream time, host commands (THRESH, REC, INFO,
 * REVIEW) and AUD lines while recording, and after DET/NEAR lines while reviewing (kws_review.h). The whole state is one kws_app_t that the board owns
 * (typically a static in its main.c); nothing else is global.
 */
#ifndef KWS_APP_H
#define KWS_APP_H

#include <stddef.h>
#include <stdint.h>

#include "kws_detector.h"
#include "kws_frontend.h"
#include "kws_frontend_data.h"
#include "kws_model_data.h"
#include "kws_nn.h"
#include "kws_protocol.h"
#include "kws_review.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KWS_APP_FW_VERSION "0.1.0"
/** STAT period in stream time. */
#define KWS_APP_STAT_PERIOD_MS 5000u
/** Samples asked from the HAL per read: one frame hop. */
#define KWS_APP_CHUNK_SAMPLES KWS_FE_HOP_SAMPLES
/**
 * Field-loop reviewing (REVIEW command, NEAR lines, detection audio; kws_review.h). Costs
 * KWS_REVIEW_RING_SAMPLES x 2 bytes of RAM (48 KB by default); build with -DKWS_APP_REVIEW=0 on a
 * part with little RAM (REVIEW then answers ERR,BADCMD).
 */
#ifndef KWS_APP_REVIEW
#define KWS_APP_REVIEW 1
#endif
/** Most host command bytes handled between two audio reads. */
#define KWS_APP_MAX_CMD_BYTES_PER_POLL 256

/** Cost counters (HAL cycles), for STAT and for the benchmarks. */
typedef struct {
    uint64_t fe_cycles;     /* frontend, inference excluded */
    uint32_t fe_frames;     /* frames the frontend produced */
    uint64_t nn_cycles;     /* kws_model_run, all inferences */
    uint32_t nn_runs;
    uint32_t nn_min_cycles;
    uint32_t nn_max_cycles;
    uint64_t busy_cycles;   /* everything the app did after reading audio (incl. output) */
    uint32_t detections;
} kws_app_costs_t;

typedef struct {
    kws_frontend_t fe;
    kws_feature_window_t window;
    kws_detector_t det;
    kws_proto_tx_t tx;
    kws_proto_rx_t rx;

    int16_t audio[KWS_APP_CHUNK_SAMPLES];
    int8_t input[KWS_MODEL_INPUT_H * KWS_MODEL_INPUT_W];
    int8_t arena[2u * KWS_MODEL_MAX_TENSOR_BYTES];
    char line[KWS_PROTO_MAX_LINE + 1];

    uint64_t samples;           /* stream position (samples consumed) */
    uint64_t next_stat_samples; /* stream position of the next STAT */
    uint32_t last_infer_cycles;
    uint64_t period_busy_cycles; /* busy cycles since the last STAT */
    uint32_t reported_overruns;
    uint8_t started;

    /* REC: the next rec_total samples go out as AUD lines */
    uint8_t rec_active;
    uint32_t rec_clip_id;
    uint32_t rec_next_clip_id;
    uint32_t rec_total;
    uint32_t rec_offset;   /* samples already sent */
    uint16_t rec_fill;     /* samples waiting in rec_buf */
    int16_t rec_buf[KWS_PROTO_AUD_MAX_SAMPLES];

#if KWS_APP_REVIEW
    /* field loop: NEAR lines and detection audio once the host sent REVIEW */
    kws_review_t review;
#endif

    kws_app_costs_t costs;
} kws_app_t;

/** Initializes every part (model defaults for the detector) and sends HELLO. */
void kws_app_init(kws_app_t *app);

/**
 * One step of the loop: handles waiting host commands, reads up to one hop of audio from
 * the HAL and processes it. Returns 0 when the audio input has ended, 1 otherwise.
 */
int kws_app_step(kws_app_t *app);

/** kws_app_init, then kws_app_step until the input ends (never returns on a microphone). */
void kws_app_run(kws_app_t *app);

/** Processes n samples already read (what kws_app_step does after reading). */
void kws_app_feed(kws_app_t *app, const int16_t *pcm, size_t n);

/** Handles one host byte (what kws_app_step does with each command byte). */
void kws_app_command_byte(kws_app_t *app, uint8_t byte);

/** Stream time in ms of the end of frame k: (k*hop + window)*1000/sample_rate. */
uint32_t kws_app_frame_end_ms(uint32_t k);

#ifdef __cplusplus
}
#endif

#endif /* KWS_APP_H */
