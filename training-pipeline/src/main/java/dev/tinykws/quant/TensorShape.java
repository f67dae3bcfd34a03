package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;

import java.util.ArrayList;
import java.util.List;

/**
 * An NHWC activation shape with N = 1.
 */
public record TensorShape(int h, int w, int c) {

    public int size() {
        return h * w * c;
    }

    /** Output size of a padded window op: floor((in + 2p − k)/s) + 1 (PyTorch symmetric padding). */
    public static int outDim(int in, int k, int stride, int pad) {
        return Math.floorDiv(in + 2 * pad - k, stride) + 1;
    }

    /**
     * Output shape of every layer of {@code model}, validating weight sizes on the way.
     *
     * @throws IllegalArgumentException with the layer index when the model is inconsistent
     */
    public static List<TensorShape> infer(FloatModel model) {
        List<TensorShape> out = new ArrayList<>();
        TensorShape s = new TensorShape(model.inputH(), model.inputW(), 1);
        int i = 0;
        for (FloatModel.Layer l : model.layers()) {
            s = next(i, s, l);
            out.add(s);
            i++;
        }
        return out;
    }

    static TensorShape next(int index, TensorShape in, FloatModel.Layer l) {
        String where = "layer " + index + " (" + l.op() + ")";
        if (l.strideH() < 1 || l.strideW() < 1 || l.kh() < 1 || l.kw() < 1) {
            throw new IllegalArgumentException(where + ": kernel and stride must be >= 1");
        }
        switch (l.op()) {
            case CONV2D -> {
                int oh = outDim(in.h(), l.kh(), l.strideH(), l.padH());
                int ow = outDim(in.w(), l.kw(), l.strideW(), l.padW());
                check(where, l.weights(), (long) l.outChannels() * l.kh() * l.kw() * in.c());
                checkBias(where, l, l.outChannels());
                return positive(where, new TensorShape(oh, ow, l.outChannels()));
            }
            case DWCONV2D -> {
                if (l.outChannels() != in.c()) {
                    throw new IllegalArgumentException(where + ": depthwise outChannels " + l.outChannels()
                            + " must equal input channels " + in.c());
                }
                int oh = outDim(in.h(), l.kh(), l.strideH(), l.padH());
                int ow = outDim(in.w(), l.kw(), l.strideW(), l.padW());
                check(where, l.weights(), (long) l.kh() * l.kw() * in.c());
                checkBias(where, l, in.c());
                return positive(where, new TensorShape(oh, ow, in.c()));
            }
            case AVGPOOL -> {
                if (l.padH() != 0 || l.padW() != 0) {
                    throw new IllegalArgumentException(where + ": padded average pooling is not supported");
                }
                if (l.bn() != null) {
                    throw new IllegalArgumentException(where + ": BatchNorm after pooling is not supported");
                }
                return positive(where, new TensorShape(outDim(in.h(), l.kh(), l.strideH(), 0),
                        outDim(in.w(), l.kw(), l.strideW(), 0), in.c()));
            }
            case FC -> {
                check(where, l.weights(), (long) l.outChannels() * in.size());
                checkBias(where, l, l.outChannels());
                return new TensorShape(1, 1, l.outChannels());
            }
            default -> throw new IllegalArgumentException(where + ": unsupported op");
        }
    }

    private static TensorShape positive(String where, TensorShape s) {
        if (s.h() < 1 || s.w() < 1 || s.c() < 1) {
            throw new IllegalArgumentException(where + ": empty output " + s);
        }
        return s;
    }

    private static void check(String where, float[] w, long expected) {
        if (w == null || w.length != expected) {
            throw new IllegalArgumentException(where + ": expected " + expected + " weights, got "
                    + (w == null ? "none" : w.length));
        }
    }

    private static void checkBias(String where, FloatModel.Layer l, int n) {
        if (l.bias() != null && l.bias().length != n) {
            throw new IllegalArgumentException(where + ": expected " + n + " biases, got " + l.bias().length);
        }
        FloatModel.BatchNorm bn = l.bn();
        if (bn != null && (bn.gamma().length != n || bn.beta().length != n || bn.mean().length != n
                || bn.var().length != n)) {
            throw new IllegalArgumentException(where + ": BatchNorm must have " + n + " channels");
        }
    }
}
