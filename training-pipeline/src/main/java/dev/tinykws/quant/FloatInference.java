package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;

import java.util.List;

/**
 * Plain-Java float inference of a {@link FloatModel}: the reference the int8 model is
 * calibrated against and compared with. Layer semantics follow PyTorch: symmetric zero
 * padding, conv → BatchNorm (eval mode) → ReLU, softmax after the last layer.
 */
public final class FloatInference {

    private final FloatModel model;
    private final List<TensorShape> shapes;

    public FloatInference(FloatModel model) {
        this.model = model;
        this.shapes = TensorShape.infer(model);
    }

    public FloatModel model() {
        return model;
    }

    /** Output shape of each layer (without the implicit softmax). */
    public List<TensorShape> shapes() {
        return shapes;
    }

    /** Class probabilities for one input of inputH × inputW values, index [t·W + k]. */
    public float[] infer(float[] features) {
        float[][] acts = inferAllLayers(features);
        return softmax(acts[acts.length - 1]);
    }

    /** Pre-softmax outputs of the last layer. */
    public float[] logits(float[] features) {
        float[][] acts = inferAllLayers(features);
        return acts[acts.length - 1];
    }

    /** Output of every layer (after BN and ReLU), in order; the last entry is the logits. */
    public float[][] inferAllLayers(float[] features) {
        int n = model.inputH() * model.inputW();
        if (features == null || features.length != n) {
            throw new IllegalArgumentException("expected " + n + " input values ("
                    + model.inputH() + "x" + model.inputW() + "), got " + (features == null ? 0 : features.length));
        }
        float[][] out = new float[model.layers().size()][];
        float[] x = features;
        TensorShape in = new TensorShape(model.inputH(), model.inputW(), 1);
        for (int i = 0; i < out.length; i++) {
            FloatModel.Layer l = model.layers().get(i);
            TensorShape os = shapes.get(i);
            float[] y = switch (l.op()) {
                case CONV2D -> conv(x, in, os, l);
                case DWCONV2D -> dwconv(x, in, os, l);
                case AVGPOOL -> avgpool(x, in, os, l);
                case FC -> fc(x, in, os, l);
            };
            if (l.bn() != null) {
                batchNorm(y, os.c(), l.bn());
            }
            if (l.relu()) {
                for (int j = 0; j < y.length; j++) {
                    y[j] = Math.max(0f, y[j]);
                }
            }
            out[i] = y;
            x = y;
            in = os;
        }
        return out;
    }

    public static float[] softmax(float[] logits) {
        double mx = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            mx = Math.max(mx, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - mx);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    static float[] conv(float[] x, TensorShape in, TensorShape os, FloatModel.Layer l) {
        float[] y = new float[os.size()];
        float[] w = l.weights();
        int kh = l.kh(), kw = l.kw(), ic = in.c();
        for (int oh = 0; oh < os.h(); oh++) {
            for (int ow = 0; ow < os.w(); ow++) {
                for (int oc = 0; oc < os.c(); oc++) {
                    double acc = l.bias() == null ? 0 : l.bias()[oc];
                    for (int fy = 0; fy < kh; fy++) {
                        int iy = oh * l.strideH() - l.padH() + fy;
                        if (iy < 0 || iy >= in.h()) continue;
                        for (int fx = 0; fx < kw; fx++) {
                            int ix = ow * l.strideW() - l.padW() + fx;
                            if (ix < 0 || ix >= in.w()) continue;
                            int xb = (iy * in.w() + ix) * ic;
                            int wb = ((oc * kh + fy) * kw + fx) * ic;
                            for (int c = 0; c < ic; c++) {
                                acc += x[xb + c] * w[wb + c];
                            }
                        }
                    }
                    y[(oh * os.w() + ow) * os.c() + oc] = (float) acc;
                }
            }
        }
        return y;
    }

    static float[] dwconv(float[] x, TensorShape in, TensorShape os, FloatModel.Layer l) {
        float[] y = new float[os.size()];
        float[] w = l.weights();
        int kh = l.kh(), kw = l.kw(), ch = in.c();
        for (int oh = 0; oh < os.h(); oh++) {
            for (int ow = 0; ow < os.w(); ow++) {
                for (int c = 0; c < ch; c++) {
                    double acc = l.bias() == null ? 0 : l.bias()[c];
                    for (int fy = 0; fy < kh; fy++) {
                        int iy = oh * l.strideH() - l.padH() + fy;
                        if (iy < 0 || iy >= in.h()) continue;
                        for (int fx = 0; fx < kw; fx++) {
                            int ix = ow * l.strideW() - l.padW() + fx;
                            if (ix < 0 || ix >= in.w()) continue;
                            acc += x[(iy * in.w() + ix) * ch + c] * w[(fy * kw + fx) * ch + c];
                        }
                    }
                    y[(oh * os.w() + ow) * ch + c] = (float) acc;
                }
            }
        }
        return y;
    }

    static float[] avgpool(float[] x, TensorShape in, TensorShape os, FloatModel.Layer l) {
        float[] y = new float[os.size()];
        int ch = in.c();
        for (int oh = 0; oh < os.h(); oh++) {
            for (int ow = 0; ow < os.w(); ow++) {
                for (int c = 0; c < ch; c++) {
                    double acc = 0;
                    for (int fy = 0; fy < l.kh(); fy++) {
                        for (int fx = 0; fx < l.kw(); fx++) {
                            int iy = oh * l.strideH() + fy, ix = ow * l.strideW() + fx;
                            acc += x[(iy * in.w() + ix) * ch + c];
                        }
                    }
                    y[(oh * os.w() + ow) * ch + c] = (float) (acc / (l.kh() * l.kw()));
                }
            }
        }
        return y;
    }

    /** Fully connected over the NHWC-flattened input (index (h·W + w)·C + c). */
    static float[] fc(float[] x, TensorShape in, TensorShape os, FloatModel.Layer l) {
        int n = in.size();
        float[] y = new float[os.c()];
        for (int o = 0; o < os.c(); o++) {
            double acc = l.bias() == null ? 0 : l.bias()[o];
            for (int i = 0; i < n; i++) {
                acc += x[i] * l.weights()[o * n + i];
            }
            y[o] = (float) acc;
        }
        return y;
    }

    static void batchNorm(float[] y, int channels, FloatModel.BatchNorm bn) {
        for (int i = 0; i < y.length; i++) {
            int c = i % channels;
            double inv = 1.0 / Math.sqrt(bn.var()[c] + bn.eps());
            y[i] = (float) ((y[i] - bn.mean()[c]) * inv * bn.gamma()[c] + bn.beta()[c]);
        }
    }
}
