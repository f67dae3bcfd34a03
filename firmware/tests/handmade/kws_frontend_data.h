/* Hand-made test data written by tests/handmade/gen_handmade.py -- do not edit. */
#ifndef KWS_FRONTEND_DATA_H
#define KWS_FRONTEND_DATA_H
#include <stdint.h>
#define KWS_FE_SAMPLE_RATE 16000
#define KWS_FE_WINDOW_SAMPLES 640
#define KWS_FE_HOP_SAMPLES 320
#define KWS_FE_FFT_SIZE 1024
#define KWS_FE_NUM_BINS 513
#define KWS_FE_MEL_BANDS 40
#define KWS_FE_NUM_COEFFS 10
#define KWS_FE_FRAMES 49
#define KWS_FE_LOG_FLOOR 1e-6f
#define KWS_FE_CMS 1
#define KWS_FE_INPUT_SCALE 0.0625f
#define KWS_FE_INPUT_ZERO_POINT (-3)
#define KWS_FRONTEND_HASH 0x1a2b3c4du
#define KWS_FE_MEL_WEIGHTS_COUNT 493
extern const float kws_fe_window[KWS_FE_WINDOW_SAMPLES];
extern const int16_t kws_fe_mel_start[KWS_FE_MEL_BANDS];
extern const int16_t kws_fe_mel_len[KWS_FE_MEL_BANDS];
extern const int16_t kws_fe_mel_offset[KWS_FE_MEL_BANDS];
extern const float kws_fe_mel_weights[KWS_FE_MEL_WEIGHTS_COUNT];
extern const float kws_fe_dct[KWS_FE_NUM_COEFFS * KWS_FE_MEL_BANDS]; /* [k][j] */
#endif
