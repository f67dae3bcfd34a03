/*
 * kws_frontend_data.h for test_frontend_alt: the frontend built for another FFT size and
 * window (-DKWS_FE_FFT_SIZE=.. -DKWS_FE_WINDOW_SAMPLES=.. -DKWS_FE_HOP_SAMPLES=..), with
 * tables the test fills at run time (so they are not const here; kws_frontend.c only reads
 * them). Not a real configuration: no Java FrontendConfig, no model.
 */
#ifndef KWS_FRONTEND_DATA_H
#define KWS_FRONTEND_DATA_H

#include <stdint.h>

#ifndef KWS_FE_FFT_SIZE
#define KWS_FE_FFT_SIZE 512
#endif
#ifndef KWS_FE_WINDOW_SAMPLES
#define KWS_FE_WINDOW_SAMPLES 400
#endif
#ifndef KWS_FE_HOP_SAMPLES
#define KWS_FE_HOP_SAMPLES 160
#endif
#define KWS_FE_SAMPLE_RATE 16000
#define KWS_FE_NUM_BINS (KWS_FE_FFT_SIZE / 2 + 1)
#define KWS_FE_MEL_BANDS 12
#define KWS_FE_NUM_COEFFS 10
#define KWS_FE_FRAMES 49
#define KWS_FE_LOG_FLOOR 1.0E-6f
#define KWS_FE_CMS 1
#define KWS_FE_INPUT_SCALE 0.32f
#define KWS_FE_INPUT_ZERO_POINT (-32)
#define KWS_FRONTEND_HASH 0u
#define KWS_FE_MEL_WEIGHTS_COUNT (KWS_FE_MEL_BANDS * KWS_FE_NUM_BINS) /* room for any filter layout */

extern float kws_fe_window[KWS_FE_WINDOW_SAMPLES];
extern int16_t kws_fe_mel_start[KWS_FE_MEL_BANDS];
extern int16_t kws_fe_mel_len[KWS_FE_MEL_BANDS];
extern int16_t kws_fe_mel_offset[KWS_FE_MEL_BANDS];
extern float kws_fe_mel_weights[KWS_FE_MEL_WEIGHTS_COUNT];
extern float kws_fe_dct[KWS_FE_NUM_COEFFS * KWS_FE_MEL_BANDS];
extern float kws_fe_fft_cos[KWS_FE_FFT_SIZE / 4 + 1];

#endif /* KWS_FRONTEND_DATA_H */
