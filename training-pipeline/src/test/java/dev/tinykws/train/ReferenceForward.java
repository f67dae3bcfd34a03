package dev.tinykws.train;

import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.Layer;

/** A plain-Java float forward pass of a FloatModel (NHWC, PyTorch-style symmetric padding), for tests. */
final class ReferenceForward {

    private ReferenceForward() { }

    /** Returns logits (no softmax). {@code input} is [H][W] (C = 1). */
    static float[] logits(FloatModel m, float[] input) {
        int h = m.inputH();
        int w = m.inputW();
        int c = 1;
        float[] x = input.clone();
        for (Layer l : m.layers()) {
            float[] y;
            int oh;
            int ow;
            int oc = l.outChannels();
            switch (l.op()) {
                case CONV2D, DWCONV2D -> {
                    oh = (h + 2 * l.padH() - l.kh()) / l.strideH() + 1;
                    ow = (w + 2 * l.padW() - l.kw()) / l.strideW() + 1;
                    y = new float[oh * ow * oc];
                    boolean dw = l.op() == FloatModel.Op.DWCONV2D;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            for (int o = 0; o < oc; o++) {
                                double acc = l.bias() == null ? 0 : l.bias()[o];
                                for (int ky = 0; ky < l.kh(); ky++) {
                                    int iy = oy * l.strideH() - l.padH() + ky;
                                    if (iy < 0 || iy >= h) {
                                        continue;
                                    }
                                    for (int kx = 0; kx < l.kw(); kx++) {
                                        int ix = ox * l.strideW() - l.padW() + kx;
                                        if (ix < 0 || ix >= w) {
                                            continue;
                                        }
                                        if (dw) {
                                            acc += x[(iy * w + ix) * c + o] * l.weights()[(ky * l.kw() + kx) * oc + o];
                                        } else {
                                            for (int i = 0; i < c; i++) {
                                                acc += x[(iy * w + ix) * c + i]
                                                        * l.weights()[((o * l.kh() + ky) * l.kw() + kx) * c + i];
                                            }
                                        }
                                    }
                                }
                                y[(oy * ow + ox) * oc + o] = (float) acc;
                            }
                        }
                    }
                }
                case AVGPOOL -> {
                    oh = 1;
                    ow = 1;
                    y = new float[oc];
                    for (int o = 0; o < oc; o++) {
                        double s = 0;
                        for (int p = 0; p < h * w; p++) {
                            s += x[p * c + o];
                        }
                        y[o] = (float) (s / (h * w));
                    }
                }
                case FC -> {
                    oh = 1;
                    ow = 1;
                    int in = h * w * c;
                    y = new float[oc];
                    for (int o = 0; o < oc; o++) {
                        double acc = l.bias() == null ? 0 : l.bias()[o];
                        for (int i = 0; i < in; i++) {
                            acc += x[i] * l.weights()[o * in + i];
                        }
                        y[o] = (float) acc;
                    }
                }
                default -> throw new IllegalStateException();
            }
            if (l.bn() != null) {
                FloatModel.BatchNorm bn = l.bn();
                for (int p = 0; p < y.length; p++) {
                    int o = p % oc;
                    y[p] = (float) ((y[p] - bn.mean()[o]) / Math.sqrt(bn.var()[o] + bn.eps()) * bn.gamma()[o] + bn.beta()[o]);
                }
            }
            if (l.relu()) {
                for (int p = 0; p < y.length; p++) {
                    y[p] = Math.max(0, y[p]);
                }
            }
            x = y;
            h = oh;
            w = ow;
            c = oc;
        }
        return x;
    }
}
