#!/usr/bin/env python3
"""Throwaway generator of the hand-made firmware test inputs (tests/handmade/).

The real tables and golden vectors come from Java (FrontendGoldenWriter,
NnGoldenWriter, the model exporter). Until those exist, this script writes
files with the SAME names and symbols so the firmware builds and is tested:

  kws_frontend_data.h/.c  SPEC section 2 tables (double precision, stored as float32)
  kws_model_data.h/.c     a tiny DS-CNN-shaped int8 model (conv 10x4 s2 SAME -> dw 3x3
                          -> pw 1x1 -> global avgpool -> fc -> softmax), random weights
  golden_frontend.h       2 clips: samples, raw MFCC (float64 reference, plain DFT via
                          numpy), CMS features, int8 features
  golden_nn.h             3 inputs and every layer output, from an independent Python
                          integer implementation of SPEC section 3

Python ints are exact, so the kernels below are a second, independent reading of
the SPEC formulas. Run: python3 gen_handmade.py (writes next to itself).
"""
import math
import os

import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))
HASH = 0x1A2B3C4D  # hand-made frontend hash (the real one is FrontendConfig.hash())

# ---------------------------------------------------------------- frontend
SR, WIN, HOP, NFFT, MEL, NCOEF, FRAMES = 16000, 640, 320, 1024, 40, 10, 49
LOW, HIGH, FLOOR = 20.0, 4000.0, 1e-6
IN_SCALE, IN_ZP = 0.0625, -3


def mel(f):
    return 2595.0 * math.log10(1.0 + f / 700.0)


def imel(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def frontend_tables():
    window = np.array([0.5 - 0.5 * math.cos(2 * math.pi * n / WIN) for n in range(WIN)], dtype=np.float32)
    ml, mh = mel(LOW), mel(HIGH)
    f = [imel(ml + i * (mh - ml) / (MEL + 1)) for i in range(MEL + 2)]
    starts, lens, offs, weights = [], [], [], []
    for j in range(MEL):
        ws = []
        for b in range(NFFT // 2 + 1):
            fb = b * SR / NFFT
            if f[j] < fb <= f[j + 1]:
                w = (fb - f[j]) / (f[j + 1] - f[j])
            elif f[j + 1] < fb < f[j + 2]:
                w = (f[j + 2] - fb) / (f[j + 2] - f[j + 1])
            else:
                w = 0.0
            ws.append(w)
        nz = [b for b, w in enumerate(ws) if w > 0]
        s, e = nz[0], nz[-1]
        starts.append(s)
        lens.append(e - s + 1)
        offs.append(len(weights))
        weights.extend(ws[s:e + 1])
    dct = np.zeros((NCOEF, MEL))
    for k in range(NCOEF):
        sk = math.sqrt(1.0 / MEL) if k == 0 else math.sqrt(2.0 / MEL)
        for j in range(MEL):
            dct[k, j] = sk * math.cos(math.pi * k * (j + 0.5) / MEL)
    return (window, np.array(starts), np.array(lens), np.array(offs),
            np.array(weights, dtype=np.float32), dct.astype(np.float32))


def mfcc_reference(pcm, tables):
    window, starts, lens, offs, weights, dct = tables
    x = pcm.astype(np.float64) / 32768.0
    nfr = 1 + (len(x) - WIN) // HOP
    out = np.zeros((nfr, NCOEF))
    for t in range(nfr):
        y = np.zeros(NFFT)
        y[:WIN] = x[t * HOP:t * HOP + WIN] * window.astype(np.float64)
        spec = np.fft.rfft(y)
        p = spec.real ** 2 + spec.imag ** 2
        logmel = np.zeros(MEL)
        for j in range(MEL):
            w = weights[offs[j]:offs[j] + lens[j]].astype(np.float64)
            e = float(np.dot(w, p[starts[j]:starts[j] + lens[j]]))
            logmel[j] = math.log(max(e, FLOOR))
        out[t] = dct.astype(np.float64) @ logmel
    return out


def quantize_feature(c):
    v = np.float32(np.float32(c) / np.float32(IN_SCALE))
    r = math.floor(abs(float(v)) + 0.5) * (1 if v >= 0 else -1)
    return max(-128, min(127, int(r) + IN_ZP))


def test_clips():
    rng = np.random.default_rng(11)
    t = np.arange(16000) / SR
    # clip 0: three tones with a moving envelope, a chirp and -45 dB noise
    env = 0.5 + 0.5 * np.sin(2 * math.pi * 1.3 * t)
    c0 = (0.25 * env * np.sin(2 * math.pi * 440 * t) + 0.1 * np.sin(2 * math.pi * 1250 * t)
          + 0.05 * np.sin(2 * math.pi * (300 * t + 1500 * t * t)) + 0.005 * rng.standard_normal(16000))
    # clip 1: digital silence, then noise bursts of rising level, then a loud tone (clipped)
    c1 = np.zeros(16000)
    c1[4000:8000] = 0.002 * rng.standard_normal(4000)
    c1[8000:12000] = 0.05 * rng.standard_normal(4000)
    c1[12000:] = 1.2 * np.sin(2 * math.pi * 700 * t[12000:]) + 0.01 * rng.standard_normal(4000)
    clips = []
    for c in (c0, c1):
        clips.append(np.clip(np.round(c * 32768.0), -32768, 32767).astype(np.int16))
    return clips


# ---------------------------------------------------------------- int8 model
def round_half_away(v):
    return int(math.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def quantize_multiplier(m):
    if m == 0:
        return 0, 0
    q, shift = math.frexp(m)
    qf = round_half_away(q * (1 << 31))
    if qf == (1 << 31):
        qf //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return qf, shift


def to_i32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= (1 << 31) else v


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def mbqm(x, m, shift):
    left = shift if shift > 0 else 0
    right = 0 if shift > 0 else -shift
    a = to_i32(x * (1 << left))
    if a == -(1 << 31) and m == -(1 << 31):
        h = (1 << 31) - 1
    else:
        ab = a * m
        h = trunc_div(ab + ((1 << 30) if ab >= 0 else 1 - (1 << 30)), 1 << 31)
    if right == 0:
        return h
    mask = (1 << right) - 1
    rem = h & mask
    thr = (mask >> 1) + (1 if h < 0 else 0)
    return (h >> right) + (1 if rem > thr else 0)


def same(in_, k, s):
    out = -(-in_ // s)
    return out, max((out - 1) * s + k - in_, 0) // 2


class Layer:
    def __init__(self, **kw):
        self.__dict__.update(dict(k_h=1, k_w=1, stride_h=1, stride_w=1, pad_h=0, pad_w=0, in_zp=0,
                                  out_zp=0, act_min=-128, act_max=127, weights=None, bias=None,
                                  multiplier=None, shift=None, lut=None))
        self.__dict__.update(kw)


def acc_conv(l, x, dw):
    """int accumulators [oh][ow][oc] of CONV/DW (x as [h][w][c] nested lists)."""
    acc = np.zeros((l.out_h, l.out_w, l.out_c), dtype=object)
    for oy in range(l.out_h):
        for ox in range(l.out_w):
            for c in range(l.out_c):
                a = int(l.bias[c]) if l.bias is not None else 0
                for ky in range(l.k_h):
                    for kx in range(l.k_w):
                        iy, ix = oy * l.stride_h + ky - l.pad_h, ox * l.stride_w + kx - l.pad_w
                        if not (0 <= iy < l.in_h and 0 <= ix < l.in_w):
                            continue
                        if dw:
                            a += (int(x[iy, ix, c]) - l.in_zp) * int(l.weights[ky, kx, c])
                        else:
                            for ic in range(l.in_c):
                                a += (int(x[iy, ix, ic]) - l.in_zp) * int(l.weights[c, ky, kx, ic])
                acc[oy, ox, c] = a
    return acc


def run_layer(l, x):
    if l.op in ("CONV", "DW"):
        acc = acc_conv(l, x, l.op == "DW")
        out = np.zeros(acc.shape, dtype=np.int64)
        for idx in np.ndindex(acc.shape):
            c = idx[2]
            v = mbqm(acc[idx], int(l.multiplier[c]), int(l.shift[c])) + l.out_zp
            out[idx] = min(max(v, l.act_min), l.act_max)
        return out
    if l.op == "AVG":
        out = np.zeros((l.out_h, l.out_w, l.out_c), dtype=np.int64)
        for oy in range(l.out_h):
            for ox in range(l.out_w):
                for c in range(l.out_c):
                    s, n = 0, 0
                    for ky in range(l.k_h):
                        for kx in range(l.k_w):
                            iy, ix = oy * l.stride_h + ky - l.pad_h, ox * l.stride_w + kx - l.pad_w
                            if 0 <= iy < l.in_h and 0 <= ix < l.in_w:
                                s += int(x[iy, ix, c])
                                n += 1
                    avg = trunc_div(s + n // 2, n) if s > 0 else trunc_div(s - n // 2, n)
                    out[oy, ox, c] = min(max(avg, l.act_min), l.act_max)
        return out
    if l.op == "FC":
        flat = [int(v) for v in x.reshape(-1)]
        out = np.zeros((1, 1, l.out_c), dtype=np.int64)
        for c in range(l.out_c):
            a = int(l.bias[c]) + sum((v - l.in_zp) * int(w) for v, w in zip(flat, l.weights[c]))
            v = mbqm(a, int(l.multiplier[0]), int(l.shift[0])) + l.out_zp
            out[0, 0, c] = min(max(v, l.act_min), l.act_max)
        return out
    if l.op == "SOFTMAX":
        out = np.zeros(x.shape, dtype=np.int64)
        for idx in np.ndindex(x.shape[:2]):
            q = [int(v) for v in x[idx]]
            mx = max(q)
            e = [int(l.lut[mx - v]) for v in q]
            s = sum(e)
            for c, ei in enumerate(e):
                out[idx][c] = min(max(trunc_div(ei * 256 + s // 2, s) - 128, -128), 127)
        return out
    raise ValueError(l.op)


def build_model(inputs):
    rng = np.random.default_rng(5)
    h, w = FRAMES, NCOEF
    layers = []

    def calibrate(l, xs, dw, target=45.0):
        # per-channel multipliers so the accumulators' spread maps to ~target LSB
        accs = np.concatenate([acc_conv(l, x, dw).reshape(-1, l.out_c) for x in xs]).astype(np.float64)
        std = accs.std(axis=0) + 1.0
        qm = [quantize_multiplier(target / s) for s in std]
        l.multiplier = np.array([m for m, _ in qm], dtype=np.int64)
        l.shift = np.array([s for _, s in qm], dtype=np.int64)

    oh, ph = same(h, 10, 2)
    ow, pw = same(w, 4, 2)
    l0 = Layer(op="CONV", in_h=h, in_w=w, in_c=1, out_h=oh, out_w=ow, out_c=4, k_h=10, k_w=4,
               stride_h=2, stride_w=2, pad_h=ph, pad_w=pw, in_zp=IN_ZP, out_zp=-128, act_min=-128,
               weights=rng.integers(-127, 128, size=(4, 10, 4, 1)), bias=rng.integers(-3000, 3000, size=4))
    xs = [np.array(i, dtype=np.int64).reshape(h, w, 1) for i in inputs]
    calibrate(l0, xs, False)
    layers.append(l0)
    xs = [run_layer(l0, x) for x in xs]

    l1 = Layer(op="DW", in_h=oh, in_w=ow, in_c=4, out_h=oh, out_w=ow, out_c=4, k_h=3, k_w=3,
               pad_h=1, pad_w=1, in_zp=-128, out_zp=-128, act_min=-128,
               weights=rng.integers(-127, 128, size=(3, 3, 4)), bias=rng.integers(-20000, 20000, size=4))
    calibrate(l1, xs, True)
    layers.append(l1)
    xs = [run_layer(l1, x) for x in xs]

    l2 = Layer(op="CONV", in_h=oh, in_w=ow, in_c=4, out_h=oh, out_w=ow, out_c=6, in_zp=-128, out_zp=-128,
               act_min=-128, weights=rng.integers(-127, 128, size=(6, 1, 1, 4)),
               bias=rng.integers(-20000, 20000, size=6))
    calibrate(l2, xs, False)
    layers.append(l2)
    xs = [run_layer(l2, x) for x in xs]

    l3 = Layer(op="AVG", in_h=oh, in_w=ow, in_c=6, out_h=1, out_w=1, out_c=6, k_h=oh, k_w=ow,
               stride_h=oh, stride_w=ow, in_zp=-128, out_zp=-128)
    layers.append(l3)
    xs = [run_layer(l3, x) for x in xs]

    m, s = quantize_multiplier(0.0123)
    l4 = Layer(op="FC", in_h=1, in_w=1, in_c=6, out_h=1, out_w=1, out_c=4, in_zp=-128, out_zp=3,
               weights=rng.integers(-127, 128, size=(4, 6)), bias=rng.integers(-5000, 5000, size=4),
               multiplier=np.array([m]), shift=np.array([s]))
    layers.append(l4)
    xs = [run_layer(l4, x) for x in xs]

    scale = 0.125
    lut = np.array([round_half_away((1 << 20) * math.exp(-d * scale)) for d in range(256)])
    l5 = Layer(op="SOFTMAX", in_h=1, in_w=1, in_c=4, out_h=1, out_w=1, out_c=4, in_zp=3, out_zp=-128,
               lut=lut)
    layers.append(l5)
    return layers


def golden_nn(layers, inputs):
    outs = []
    for i in inputs:
        x = np.array(i, dtype=np.int64).reshape(FRAMES, NCOEF, 1)
        per = []
        for l in layers:
            x = run_layer(l, x)
            per.append(x.reshape(-1).tolist())
        outs.append(per)
    return outs


# ---------------------------------------------------------------- C writers
HEADER = "/* Hand-made test data written by tests/handmade/gen_handmade.py -- do not edit. */\n"


def c_array(vals, fmt, per_line=12):
    vals = list(vals)
    lines = []
    for i in range(0, len(vals), per_line):
        lines.append("    " + ", ".join(fmt(v) for v in vals[i:i + per_line]) + ",")
    return "\n".join(lines)


def ffmt(v):
    return "%.9ef" % float(np.float32(v))


def ifmt(v):
    v = int(v)
    return "INT32_MIN" if v == -(1 << 31) else str(v)


def write(name, text):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(text)


def write_frontend(tables):
    window, starts, lens, offs, weights, dct = tables
    h = HEADER + """#ifndef KWS_FRONTEND_DATA_H
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
#define KWS_FE_INPUT_SCALE %sf
#define KWS_FE_INPUT_ZERO_POINT (%d)
#define KWS_FRONTEND_HASH 0x%08xu
#define KWS_FE_MEL_WEIGHTS_COUNT %d
extern const float kws_fe_window[KWS_FE_WINDOW_SAMPLES];
extern const int16_t kws_fe_mel_start[KWS_FE_MEL_BANDS];
extern const int16_t kws_fe_mel_len[KWS_FE_MEL_BANDS];
extern const int16_t kws_fe_mel_offset[KWS_FE_MEL_BANDS];
extern const float kws_fe_mel_weights[KWS_FE_MEL_WEIGHTS_COUNT];
extern const float kws_fe_dct[KWS_FE_NUM_COEFFS * KWS_FE_MEL_BANDS]; /* [k][j] */
#endif
""" % (repr(IN_SCALE), IN_ZP, HASH, len(weights))
    c = HEADER + '#include "kws_frontend_data.h"\n'
    c += "const float kws_fe_window[KWS_FE_WINDOW_SAMPLES] = {\n%s\n};\n" % c_array(window, ffmt, 6)
    c += "const int16_t kws_fe_mel_start[KWS_FE_MEL_BANDS] = {\n%s\n};\n" % c_array(starts, ifmt)
    c += "const int16_t kws_fe_mel_len[KWS_FE_MEL_BANDS] = {\n%s\n};\n" % c_array(lens, ifmt)
    c += "const int16_t kws_fe_mel_offset[KWS_FE_MEL_BANDS] = {\n%s\n};\n" % c_array(offs, ifmt)
    c += "const float kws_fe_mel_weights[KWS_FE_MEL_WEIGHTS_COUNT] = {\n%s\n};\n" % c_array(weights, ffmt, 6)
    c += "const float kws_fe_dct[KWS_FE_NUM_COEFFS * KWS_FE_MEL_BANDS] = {\n%s\n};\n" % c_array(
        dct.reshape(-1), ffmt, 6)
    write("kws_frontend_data.h", h)
    write("kws_frontend_data.c", c)


def write_golden_frontend(clips, tables):
    n = len(clips)
    mf, feats, q8 = [], [], []
    for pcm in clips:
        m = mfcc_reference(pcm, tables)
        assert m.shape == (FRAMES, NCOEF)
        f = m - m.mean(axis=0)
        mf.append(m.reshape(-1))
        feats.append(f.reshape(-1))
        q8.append([quantize_feature(v) for v in f.reshape(-1)])
    h = HEADER + "#ifndef GOLDEN_FRONTEND_H\n#define GOLDEN_FRONTEND_H\n#include <stdint.h>\n"
    h += "#define GOLDEN_FE_NUM_CASES %d\n#define GOLDEN_FE_NUM_SAMPLES 16000\n" % n
    h += "static const int16_t golden_fe_samples[%d][16000] = {\n" % n
    h += "\n".join("  {\n%s\n  }," % c_array(p, ifmt, 16) for p in clips) + "\n};\n"
    for name, arr in (("golden_fe_mfcc", mf), ("golden_fe_features", feats)):
        h += "static const float %s[%d][%d] = {\n" % (name, n, FRAMES * NCOEF)
        h += "\n".join("  {\n%s\n  }," % c_array(a, ffmt, 6) for a in arr) + "\n};\n"
    h += "static const int8_t golden_fe_int8[%d][%d] = {\n" % (n, FRAMES * NCOEF)
    h += "\n".join("  {\n%s\n  }," % c_array(a, ifmt, 16) for a in q8) + "\n};\n#endif\n"
    write("golden_frontend.h", h)
    return q8


OPS = {"CONV": "KWS_OP_CONV2D", "DW": "KWS_OP_DWCONV2D", "AVG": "KWS_OP_AVGPOOL", "FC": "KWS_OP_FC",
       "SOFTMAX": "KWS_OP_SOFTMAX"}


def write_model(layers):
    sizes = [layers[0].in_h * layers[0].in_w * layers[0].in_c] + [l.out_h * l.out_w * l.out_c for l in layers]
    labels = ["_silence_", "_unknown_", "yes", "no"]
    h = HEADER + """#ifndef KWS_MODEL_DATA_H
#define KWS_MODEL_DATA_H
#include "kws_nn.h"
#define KWS_MODEL_NUM_LAYERS %d
#define KWS_MODEL_NUM_LABELS %d
#define KWS_MODEL_INPUT_H %d
#define KWS_MODEL_INPUT_W %d
#define KWS_MODEL_MAX_TENSOR_BYTES %d
#define KWS_MODEL_FRONTEND_HASH 0x%08xu
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
""" % (len(layers), len(labels), FRAMES, NCOEF, max(sizes), HASH)
    c = HEADER + '#include "kws_model_data.h"\n\n'
    for i, l in enumerate(layers):
        if l.weights is not None:
            c += "static const int8_t layer%d_weights[%d] = {\n%s\n};\n" % (
                i, l.weights.size, c_array(l.weights.reshape(-1), ifmt, 16))
        if l.bias is not None:
            c += "static const int32_t layer%d_bias[%d] = {\n%s\n};\n" % (i, len(l.bias), c_array(l.bias, ifmt))
        if l.multiplier is not None:
            c += "static const int32_t layer%d_multiplier[%d] = {\n%s\n};\n" % (
                i, len(l.multiplier), c_array(l.multiplier, ifmt, 6))
            c += "static const int32_t layer%d_shift[%d] = {\n%s\n};\n" % (i, len(l.shift), c_array(l.shift, ifmt))
        if l.lut is not None:
            c += "static const int32_t layer%d_lut[256] = {\n%s\n};\n" % (i, c_array(l.lut, ifmt, 8))
    c += "\nconst kws_layer_t kws_model_layers[KWS_MODEL_NUM_LAYERS] = {\n"
    for i, l in enumerate(layers):
        def ref(attr, cast=""):
            return "layer%d_%s" % (i, attr) if getattr(l, attr) is not None else "NULL"
        c += ("    {%s, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d,\n"
              "     %s, %s, %s, %s, %s},\n") % (
            OPS[l.op], l.in_h, l.in_w, l.in_c, l.out_h, l.out_w, l.out_c, l.k_h, l.k_w, l.stride_h, l.stride_w,
            l.pad_h, l.pad_w, l.in_zp, l.out_zp, l.act_min, l.act_max, ref("weights"), ref("bias"),
            ref("multiplier"), ref("shift"), ref("lut"))
    c += "};\n\nconst char *const kws_model_labels[KWS_MODEL_NUM_LABELS] = {%s};\n" % ", ".join(
        '"%s"' % s for s in labels)
    write("kws_model_data.h", h)
    write("kws_model_data.c", c)


def write_golden_nn(layers, inputs, outs):
    n = len(inputs)
    h = HEADER + "#ifndef GOLDEN_NN_H\n#define GOLDEN_NN_H\n#include <stdint.h>\n#include \"kws_model_data.h\"\n"
    h += "#define GOLDEN_NN_NUM_CASES %d\n" % n
    h += "static const int8_t golden_nn_input[%d][%d] = {\n" % (n, FRAMES * NCOEF)
    h += "\n".join("  {\n%s\n  }," % c_array(i, ifmt, 16) for i in inputs) + "\n};\n"
    for li, l in enumerate(layers):
        size = l.out_h * l.out_w * l.out_c
        h += "static const int8_t golden_nn_out_%d[%d][%d] = {\n" % (li, n, size)
        h += "\n".join("  {\n%s\n  }," % c_array(outs[c][li], ifmt, 16) for c in range(n)) + "\n};\n"
    h += "static const int8_t *const golden_nn_outputs[KWS_MODEL_NUM_LAYERS] = {\n%s\n};\n" % ",\n".join(
        "    &golden_nn_out_%d[0][0]" % i for i in range(len(layers)))
    h += "static const int32_t golden_nn_out_size[KWS_MODEL_NUM_LAYERS] = {%s};\n#endif\n" % ", ".join(
        str(l.out_h * l.out_w * l.out_c) for l in layers)
    write("golden_nn.h", h)


def main():
    tables = frontend_tables()
    write_frontend(tables)
    clips = test_clips()
    q8 = write_golden_frontend(clips, tables)
    rng = np.random.default_rng(3)
    inputs = [list(q8[0]), list(q8[1]), rng.integers(-128, 128, size=FRAMES * NCOEF).tolist()]
    layers = build_model(inputs)
    write_model(layers)
    outs = golden_nn(layers, inputs)
    write_golden_nn(layers, inputs, outs)
    for li, l in enumerate(layers):
        o = np.array([outs[c][li] for c in range(len(inputs))])
        print("layer %d %-7s out %dx%dx%d  min %d max %d distinct %d" % (
            li, l.op, l.out_h, l.out_w, l.out_c, o.min(), o.max(), len(np.unique(o))))
    print("scores", [outs[c][-1] for c in range(len(inputs))])


if __name__ == "__main__":
    main()
