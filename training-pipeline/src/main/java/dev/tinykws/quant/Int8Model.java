package dev.tinykws.quant;

import java.util.List;

import static dev.tinykws.quant.FixedPoint.clamp;
import static dev.tinykws.quant.FixedPoint.multiplyByQuantizedMultiplier;

/**
 * The int8 model and its integer-only reference inference: the oracle the C kernels
 * ({@code kws_nn}) must match bit for bit (docs/SPEC.md section 3). The last layer is the
 * table-driven softmax (output scale 1/256, zero point −128).
 *
 * @param architecture architecture name
 * @param inputH       input frames (49)
 * @param inputW       coefficients per frame (10)
 * @param input        input quantization (the FrontendConfig's inputScale / inputZeroPoint)
 * @param labels       class labels
 * @param layers       layers in execution order, ending with SOFTMAX
 */
public record Int8Model(String architecture, int inputH, int inputW, QuantParams input,
                        List<String> labels, List<Int8Layer> layers) {

    public Int8Model {
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
        if (layers.isEmpty() || layers.get(layers.size() - 1).op() != Int8Op.SOFTMAX) {
            throw new IllegalArgumentException("an int8 model ends with SOFTMAX");
        }
        if (layers.get(layers.size() - 1).outC() != labels.size()) {
            throw new IllegalArgumentException("softmax width " + layers.get(layers.size() - 1).outC()
                    + " != " + labels.size() + " labels");
        }
    }

    /** int8 softmax outputs (probability ≈ (q + 128)/256). */
    public byte[] infer(byte[] inputInt8) {
        byte[][] all = inferAllLayers(inputInt8);
        return all[all.length - 1];
    }

    /** The pre-softmax int8 logits (output of the layer before SOFTMAX). */
    public byte[] logits(byte[] inputInt8) {
        byte[][] all = inferAllLayers(inputInt8);
        return all[all.length - 2];
    }

    /** Output of every layer, in order. */
    public byte[][] inferAllLayers(byte[] input) {
        if (input == null || input.length != inputH * inputW) {
            throw new IllegalArgumentException("expected " + inputH * inputW + " int8 inputs, got "
                    + (input == null ? 0 : input.length));
        }
        byte[][] out = new byte[layers.size()][];
        byte[] x = input;
        for (int i = 0; i < layers.size(); i++) {
            Int8Layer l = layers.get(i);
            out[i] = switch (l.op()) {
                case CONV2D -> conv2d(x, l);
                case DWCONV2D -> dwconv2d(x, l);
                case AVGPOOL -> avgpool(x, l);
                case FC -> fullyConnected(x, l);
                case SOFTMAX -> softmax(x, l);
            };
            x = out[i];
        }
        return out;
    }

    /** Quantizes float features with the model's input parameters (SPEC section 2 step 7). */
    public byte[] quantizeInput(float[] features) {
        byte[] q = new byte[features.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = input.quantize(features[i]);
        }
        return q;
    }

    /** Largest activation tensor in bytes, including the input (KWS_MODEL_MAX_TENSOR_BYTES). */
    public int maxTensorBytes() {
        int m = inputH * inputW;
        for (Int8Layer l : layers) {
            m = Math.max(m, l.outSize());
        }
        return m;
    }

    public long macs() {
        return layers.stream().mapToLong(Int8Layer::macs).sum();
    }

    /** Weights + biases. */
    public int paramCount() {
        return layers.stream().mapToInt(Int8Layer::paramCount).sum();
    }

    /** Bytes of constant data in the firmware: int8 weights, int32 bias/multiplier/shift/LUT. */
    public int constantBytes() {
        int b = 0;
        for (Int8Layer l : layers) {
            b += l.weights() == null ? 0 : l.weights().length;
            b += 4 * ((l.bias() == null ? 0 : l.bias().length) + (l.multiplier() == null ? 0 : l.multiplier().length)
                    + (l.shift() == null ? 0 : l.shift().length) + (l.lut() == null ? 0 : l.lut().length));
        }
        return b;
    }

    // ---- kernels ------------------------------------------------------------------------

    static byte[] conv2d(byte[] x, Int8Layer l) {
        return requantize(accumulators(x, l), l);
    }

    static byte[] dwconv2d(byte[] x, Int8Layer l) {
        return requantize(accumulators(x, l), l);
    }

    /**
     * The int32 accumulators ({@code bias + Σ (x − in_zp)·w}) of a CONV2D, DWCONV2D or FC
     * layer, one per output value, before requantization.
     */
    public static int[] accumulators(byte[] x, Int8Layer l) {
        int[] acc = new int[l.outSize()];
        byte[] w = l.weights();
        int[] bias = l.bias();
        int zp = l.inZp();
        switch (l.op()) {
            case CONV2D -> {
                int ic = l.inC();
                for (int oh = 0; oh < l.outH(); oh++) {
                    for (int ow = 0; ow < l.outW(); ow++) {
                        for (int oc = 0; oc < l.outC(); oc++) {
                            int a = bias == null ? 0 : bias[oc];
                            for (int fy = 0; fy < l.kH(); fy++) {
                                int iy = oh * l.strideH() - l.padH() + fy;
                                if (iy < 0 || iy >= l.inH()) continue;
                                for (int fx = 0; fx < l.kW(); fx++) {
                                    int ix = ow * l.strideW() - l.padW() + fx;
                                    if (ix < 0 || ix >= l.inW()) continue;
                                    int xb = (iy * l.inW() + ix) * ic;
                                    int wb = ((oc * l.kH() + fy) * l.kW() + fx) * ic;
                                    for (int c = 0; c < ic; c++) {
                                        a += (x[xb + c] - zp) * w[wb + c];
                                    }
                                }
                            }
                            acc[(oh * l.outW() + ow) * l.outC() + oc] = a;
                        }
                    }
                }
            }
            case DWCONV2D -> {
                int ch = l.inC();
                for (int oh = 0; oh < l.outH(); oh++) {
                    for (int ow = 0; ow < l.outW(); ow++) {
                        for (int c = 0; c < ch; c++) {
                            int a = bias == null ? 0 : bias[c];
                            for (int fy = 0; fy < l.kH(); fy++) {
                                int iy = oh * l.strideH() - l.padH() + fy;
                                if (iy < 0 || iy >= l.inH()) continue;
                                for (int fx = 0; fx < l.kW(); fx++) {
                                    int ix = ow * l.strideW() - l.padW() + fx;
                                    if (ix < 0 || ix >= l.inW()) continue;
                                    a += (x[(iy * l.inW() + ix) * ch + c] - zp) * w[(fy * l.kW() + fx) * ch + c];
                                }
                            }
                            acc[(oh * l.outW() + ow) * ch + c] = a;
                        }
                    }
                }
            }
            case FC -> {
                int n = l.inC();
                for (int o = 0; o < l.outC(); o++) {
                    int a = bias == null ? 0 : bias[o];
                    for (int i = 0; i < n; i++) {
                        a += (x[i] - zp) * w[o * n + i];
                    }
                    acc[o] = a;
                }
            }
            default -> throw new IllegalArgumentException(l.op() + " has no accumulators");
        }
        return acc;
    }

    /** {@code clamp(MultiplyByQuantizedMultiplier(acc, M[c], shift[c]) + out_zp, act_min, act_max)}. */
    static byte[] requantize(int[] acc, Int8Layer l) {
        byte[] y = new byte[acc.length];
        boolean perChannel = l.multiplier().length > 1 || l.op() != Int8Op.FC;
        for (int i = 0; i < acc.length; i++) {
            int c = perChannel ? i % l.outC() : 0;
            int v = multiplyByQuantizedMultiplier(acc[i], l.multiplier()[c], l.shift()[c]) + l.outZp();
            y[i] = (byte) clamp(v, l.actMin(), l.actMax());
        }
        return y;
    }

    static byte[] avgpool(byte[] x, Int8Layer l) {
        byte[] y = new byte[l.outSize()];
        int ch = l.inC();
        int n = l.kH() * l.kW();
        for (int oh = 0; oh < l.outH(); oh++) {
            for (int ow = 0; ow < l.outW(); ow++) {
                for (int c = 0; c < ch; c++) {
                    int sum = 0;
                    for (int fy = 0; fy < l.kH(); fy++) {
                        for (int fx = 0; fx < l.kW(); fx++) {
                            sum += x[((oh * l.strideH() + fy) * l.inW() + ow * l.strideW() + fx) * ch + c];
                        }
                    }
                    int avg = sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n;
                    y[(oh * l.outW() + ow) * ch + c] = (byte) clamp(avg, l.actMin(), l.actMax());
                }
            }
        }
        return y;
    }

    static byte[] fullyConnected(byte[] x, Int8Layer l) {
        return requantize(accumulators(x, l), l);
    }

    static byte[] softmax(byte[] x, Int8Layer l) {
        int n = l.outC();
        int mx = -128;
        for (int i = 0; i < n; i++) {
            mx = Math.max(mx, x[i]);
        }
        long[] e = new long[n];
        long s = 0;
        for (int i = 0; i < n; i++) {
            e[i] = l.lut()[mx - x[i]];
            s += e[i];
        }
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            long q = (e[i] * 256 + s / 2) / s - 128;
            y[i] = (byte) Math.max(-128, Math.min(127, q));
        }
        return y;
    }

    /** LUT[d] = round(2^20 · exp(−d · s)) for d = 0..255 (s = logits scale). */
    public static int[] softmaxLut(float logitScale) {
        int[] lut = new int[256];
        for (int d = 0; d < 256; d++) {
            lut[d] = (int) FixedPoint.roundHalfAwayFromZero((double) (1 << 20) * Math.exp(-d * (double) logitScale));
        }
        return lut;
    }
}
