/* Hand-made test data written by tests/handmade/gen_handmade.py -- do not edit. */
#ifndef KWS_MODEL_DATA_H
#define KWS_MODEL_DATA_H
#include "kws_nn.h"
#define KWS_MODEL_NUM_LAYERS 6
#define KWS_MODEL_NUM_LABELS 4
#define KWS_MODEL_INPUT_H 49
#define KWS_MODEL_INPUT_W 10
#define KWS_MODEL_MAX_TENSOR_BYTES 750
#define KWS_MODEL_FRONTEND_HASH 0x1a2b3c4du
#define KWS_MODEL_ID "handmade-tiny-1"
#define KWS_MODEL_SILENCE_INDEX 0
#define KWS_MODEL_UNKNOWN_INDEX 1
#define KWS_DET_AVERAGE_WINDOW_MS 500
#define KWS_DET_THRESHOLD_Q 179
#define KWS_DET_SUPPRESSION_MS 1500
#define KWS_DET_MIN_COUNT 3
#define KWS_DET_STRIDE_FRAMES 5
extern const kws_layer_t kws_model_layers[];
extern const char *const kws_model_labels[];
#endif
