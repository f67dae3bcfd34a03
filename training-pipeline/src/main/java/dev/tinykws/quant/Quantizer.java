package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-training int8 quantization in the TFLite scheme (docs/SPEC.md section 3): BatchNorm
 * folding, activation calibration, per-channel symmetric conv/depthwise weights, per-tensor
 * symmetric FC weights, per-tensor asymmetric activations, int32 bias, fixed-point
 * multipliers, and the softmax table.
 */
public final class Quantizer {

    private static final Logger LOG = LoggerFactory.getLogger(Quantizer.class);

    private Quantizer() { }

    /**
     * @param model       float model (BatchNorm folded here if present)
     * @param calibration representative feature windows (inputH·inputW floats each)
     * @param options     range estimation
     */
    public static Int8Model quantize(FloatModel model, List<float[]> calibration, Calibration.Options options) {
        FloatModel folded = BnFolding.fold(model);
        Calibration.Result ranges = Calibration.calibrate(folded, calibration, options);
        QuantParams input = QuantParams.fromRange(ranges.input().min(), ranges.input().max());
        return quantize(folded, ranges, input);
    }

    /** Quantizes an already folded model with given ranges and input parameters. */
    public static Int8Model quantize(FloatModel folded, Calibration.Result ranges, QuantParams input) {
        List<TensorShape> shapes = TensorShape.infer(folded);
        List<Int8Layer> layers = new ArrayList<>();
        TensorShape in = new TensorShape(folded.inputH(), folded.inputW(), 1);
        QuantParams inQ = input;
        for (int i = 0; i < folded.layers().size(); i++) {
            FloatModel.Layer l = folded.layers().get(i);
            if (l.bn() != null) {
                throw new IllegalArgumentException("layer " + i + " still has BatchNorm: fold first");
            }
            TensorShape os = shapes.get(i);
            Calibration.Range r = ranges.layers().get(i);
            QuantParams outQ = l.op() == FloatModel.Op.AVGPOOL ? inQ
                    : QuantParams.fromRange(l.relu() ? Math.max(0, r.min()) : r.min(), r.max());
            int actMin = l.relu() ? outQ.zeroPoint() : -128;
            Int8Layer q = switch (l.op()) {
                case CONV2D, DWCONV2D -> convLayer(l, in, os, inQ, outQ, actMin);
                case FC -> fcLayer(l, in, os, inQ, outQ, actMin);
                case AVGPOOL -> new Int8Layer(Int8Op.AVGPOOL, in.h(), in.w(), in.c(), os.h(), os.w(), os.c(),
                        l.kh(), l.kw(), l.strideH(), l.strideW(), 0, 0, inQ.zeroPoint(), outQ.zeroPoint(),
                        actMin, 127, inQ.scale(), outQ.scale(), l.relu(), null, null, null, null, null, null);
            };
            layers.add(q);
            LOG.debug("layer {} {} out {} range [{}, {}] scale {} zp {}", i, l.op(), os, r.min(), r.max(),
                    outQ.scale(), outQ.zeroPoint());
            in = os;
            inQ = outQ;
        }
        int n = in.size();
        layers.add(new Int8Layer(Int8Op.SOFTMAX, 1, 1, n, 1, 1, n, 1, 1, 1, 1, 0, 0,
                inQ.zeroPoint(), -128, -128, 127, inQ.scale(), 1f / 256, false,
                null, null, null, null, null, Int8Model.softmaxLut(inQ.scale())));
        return new Int8Model(folded.architecture(), folded.inputH(), folded.inputW(), input, folded.labels(), layers);
    }

    private static Int8Layer convLayer(FloatModel.Layer l, TensorShape in, TensorShape os,
                                       QuantParams inQ, QuantParams outQ, int actMin) {
        boolean dw = l.op() == FloatModel.Op.DWCONV2D;
        int ch = os.c();
        float[] w = l.weights();
        float[] scales = new float[ch];
        for (int i = 0; i < w.length; i++) {
            int c = dw ? i % ch : i / (w.length / ch);
            scales[c] = Math.max(scales[c], Math.abs(w[i]));
        }
        for (int c = 0; c < ch; c++) {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }
        byte[] qw = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = dw ? i % ch : i / (w.length / ch);
            qw[i] = quantizeWeight(w[i], scales[c]);
        }
        int[] bias = new int[ch];
        int[] mult = new int[ch];
        int[] shift = new int[ch];
        for (int c = 0; c < ch; c++) {
            bias[c] = quantizeBias(l.bias() == null ? 0 : l.bias()[c], inQ.scale(), scales[c]);
            FixedPoint.QuantizedMultiplier m = FixedPoint.quantizeMultiplier(
                    (double) inQ.scale() * (double) scales[c] / (double) outQ.scale());
            mult[c] = m.multiplier();
            shift[c] = m.shift();
        }
        return new Int8Layer(dw ? Int8Op.DWCONV2D : Int8Op.CONV2D, in.h(), in.w(), in.c(), os.h(), os.w(), os.c(),
                l.kh(), l.kw(), l.strideH(), l.strideW(), l.padH(), l.padW(), inQ.zeroPoint(), outQ.zeroPoint(),
                actMin, 127, inQ.scale(), outQ.scale(), l.relu(), qw, scales, bias, mult, shift, null);
    }

    private static Int8Layer fcLayer(FloatModel.Layer l, TensorShape in, TensorShape os,
                                     QuantParams inQ, QuantParams outQ, int actMin) {
        float[] w = l.weights();
        float mx = 0;
        for (float v : w) {
            mx = Math.max(mx, Math.abs(v));
        }
        float scale = mx > 0 ? mx / 127f : 1f;
        byte[] qw = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            qw[i] = quantizeWeight(w[i], scale);
        }
        int[] bias = new int[os.c()];
        for (int c = 0; c < bias.length; c++) {
            bias[c] = quantizeBias(l.bias() == null ? 0 : l.bias()[c], inQ.scale(), scale);
        }
        FixedPoint.QuantizedMultiplier m = FixedPoint.quantizeMultiplier(
                (double) inQ.scale() * (double) scale / (double) outQ.scale());
        return new Int8Layer(Int8Op.FC, 1, 1, in.size(), 1, 1, os.c(), 1, 1, 1, 1, 0, 0,
                inQ.zeroPoint(), outQ.zeroPoint(), actMin, 127, inQ.scale(), outQ.scale(), l.relu(),
                qw, new float[] {scale}, bias, new int[] {m.multiplier()}, new int[] {m.shift()}, null);
    }

    static byte quantizeWeight(float w, float scale) {
        double q = FixedPoint.roundHalfAwayFromZero((double) w / scale);
        return (byte) Math.max(-127, Math.min(127, q));
    }

    static int quantizeBias(float b, float inScale, float wScale) {
        double q = FixedPoint.roundHalfAwayFromZero((double) b / ((double) inScale * (double) wScale));
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q));
    }
}
