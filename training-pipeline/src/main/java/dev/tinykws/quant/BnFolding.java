package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds each BatchNorm into the preceding layer's weights and bias:
 * {@code a = γ/√(σ²+ε)}, {@code w' = a·w} (per output channel), {@code b' = a·(b − μ) + β}.
 */
public final class BnFolding {

    private BnFolding() { }

    /** A model computing the same function without BatchNorm layers (every conv/FC gets a bias). */
    public static FloatModel fold(FloatModel model) {
        TensorShape.infer(model); // validates sizes
        List<FloatModel.Layer> out = new ArrayList<>();
        for (FloatModel.Layer l : model.layers()) {
            out.add(foldLayer(l));
        }
        return new FloatModel(model.architecture(), model.inputH(), model.inputW(), model.labels(), out);
    }

    static FloatModel.Layer foldLayer(FloatModel.Layer l) {
        FloatModel.BatchNorm bn = l.bn();
        if (bn == null) {
            return l;
        }
        int ch = l.outChannels();
        float[] w = l.weights().clone();
        float[] b = new float[ch];
        double[] a = new double[ch];
        for (int c = 0; c < ch; c++) {
            a[c] = bn.gamma()[c] / Math.sqrt((double) bn.var()[c] + bn.eps());
            double b0 = l.bias() == null ? 0 : l.bias()[c];
            b[c] = (float) (a[c] * (b0 - bn.mean()[c]) + bn.beta()[c]);
        }
        switch (l.op()) {
            case CONV2D, FC -> {
                int per = w.length / ch; // [out][...]
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (l.weights()[i] * a[i / per]);
                }
            }
            case DWCONV2D -> { // [kh][kw][c]
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (l.weights()[i] * a[i % ch]);
                }
            }
            default -> throw new IllegalArgumentException("BatchNorm after " + l.op() + " cannot be folded");
        }
        return new FloatModel.Layer(l.op(), l.kh(), l.kw(), l.strideH(), l.strideW(), l.padH(), l.padW(),
                l.outChannels(), l.relu(), w, b, null);
    }
}
