#!/usr/bin/env python3
"""Writes a DS-CNN-S-shaped int8 model (docs/SPEC.md section 3) with random weights as
kws_model_data.h/.c, for the firmware size and speed benchmarks only (it detects nothing).

Shapes are the default architecture: conv 10x4 stride 2 SAME 64 ch -> 25x5x64,
4 x (depthwise 3x3 + pointwise 1x1 64), global average pool, fully connected -> 12 labels,
softmax. Multipliers are set so activations stay in range on typical inputs; the cost of
the kernels does not depend on the values.

usage: gen_dscnn_s_model.py OUT_DIR FRONTEND_HASH_HEX [NUM_LABELS]
"""
import math
import os
import random
import sys


def quantize_multiplier(m):
    if m == 0:
        return 0, 0
    q, shift = math.frexp(m)
    qf = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)
    if qf == (1 << 31):
        qf //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return qf, shift


def arr(ctype, name, vals, per=16):
    lines = []
    for i in range(0, len(vals), per):
        lines.append("    " + ", ".join(str(v) for v in vals[i:i + per]) + ",")
    return "static const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(vals), "\n".join(lines))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, fe_hash = sys.argv[1], int(sys.argv[2], 16)
    labels_n = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    rnd = random.Random(42)
    labels = ["_silence_", "_unknown_", "yes", "no", "up", "down", "left", "right", "on", "off",
              "stop", "go", "zero", "one", "two", "three"][:labels_n]
    h, w, c = 49, 10, 64
    oh, ow = 25, 5
    layers = []  # dicts in kws_layer_t order

    def layer(op, ih, iw, ic, o_h, o_w, oc, kh, kw, sh, sw, ph, pw, in_zp, out_zp, amin, amax,
              wn=0, per_channel=True, relu_scale=None, lut=False):
        d = dict(op=op, dims=(ih, iw, ic, o_h, o_w, oc, kh, kw, sh, sw, ph, pw),
                 zp=(in_zp, out_zp, amin, amax))
        if wn:
            d["weights"] = [rnd.randint(-127, 127) for _ in range(wn)]
            d["bias"] = [rnd.randint(-2000, 2000) for _ in range(oc)]
            n = oc if per_channel else 1
            mults = [quantize_multiplier(relu_scale * (0.8 + 0.4 * rnd.random())) for _ in range(n)]
            d["multiplier"] = [m for m, _ in mults]
            d["shift"] = [s for _, s in mults]
        if lut:
            d["lut"] = [int(math.floor((1 << 20) * math.exp(-k * 0.1) + 0.5)) for k in range(256)]
        layers.append(d)

    # conv 10x4 stride 2 SAME: pad_total h = (25-1)*2+10-49 = 9 -> 4; w = (5-1)*2+4-10 = 2 -> 1
    layer("KWS_OP_CONV2D", h, w, 1, oh, ow, c, 10, 4, 2, 2, 4, 1, -32, -128, -128, 127,
          wn=c * 10 * 4, relu_scale=1.0 / 2000)
    for _ in range(4):
        layer("KWS_OP_DWCONV2D", oh, ow, c, oh, ow, c, 3, 3, 1, 1, 1, 1, -128, -128, -128, 127,
              wn=9 * c, relu_scale=1.0 / 1500)
        layer("KWS_OP_CONV2D", oh, ow, c, oh, ow, c, 1, 1, 1, 1, 0, 0, -128, -128, -128, 127,
              wn=c * c, relu_scale=1.0 / 4000)
    layer("KWS_OP_AVGPOOL", oh, ow, c, 1, 1, c, oh, ow, oh, ow, 0, 0, -128, -128, -128, 127)
    layer("KWS_OP_FC", 1, 1, c, 1, 1, labels_n, 1, 1, 1, 1, 0, 0, -128, 0, -128, 127,
          wn=labels_n * c, per_channel=False, relu_scale=1.0 / 3000)
    layer("KWS_OP_SOFTMAX", 1, 1, labels_n, 1, 1, labels_n, 1, 1, 1, 1, 0, 0, 0, -128, -128, 127, lut=True)

    sizes = [h * w] + [d["dims"][3] * d["dims"][4] * d["dims"][5] for d in layers]
    os.makedirs(out, exist_ok=True)
    hdr = """/* DS-CNN-S-shaped benchmark model with random weights (bench/scripts/gen_dscnn_s_model.py). */
#ifndef KWS_MODEL_DATA_H
#define KWS_MODEL_DATA_H
#include "kws_nn.h"
#define KWS_MODEL_NUM_LAYERS %d
#define KWS_MODEL_NUM_LABELS %d
#define KWS_MODEL_INPUT_H 49
#define KWS_MODEL_INPUT_W 10
#define KWS_MODEL_MAX_TENSOR_BYTES %d
#define KWS_MODEL_FRONTEND_HASH 0x%08xu
#define KWS_MODEL_ID "bench-ds-cnn-s-random"
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
""" % (len(layers), labels_n, max(sizes), fe_hash)
    src = '#include "kws_model_data.h"\n\n'
    for i, d in enumerate(layers):
        for key, ctype in (("weights", "int8_t"), ("bias", "int32_t"), ("multiplier", "int32_t"),
                           ("shift", "int32_t"), ("lut", "int32_t")):
            if key in d:
                src += arr(ctype, "l%d_%s" % (i, key), d[key])
    src += "\nconst kws_layer_t kws_model_layers[KWS_MODEL_NUM_LAYERS] = {\n"
    for i, d in enumerate(layers):
        refs = ", ".join(("l%d_%s" % (i, k)) if k in d else "NULL"
                         for k in ("weights", "bias", "multiplier", "shift", "lut"))
        src += "    {%s, %s, %s, %s},\n" % (d["op"], ", ".join(map(str, d["dims"])),
                                            ", ".join(map(str, d["zp"])), refs)
    src += "};\n\nconst char *const kws_model_labels[KWS_MODEL_NUM_LABELS] = {%s};\n" % ", ".join(
        '"%s"' % s for s in labels)
    with open(os.path.join(out, "kws_model_data.h"), "w") as f:
        f.write(hdr)
    with open(os.path.join(out, "kws_model_data.c"), "w") as f:
        f.write(src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
