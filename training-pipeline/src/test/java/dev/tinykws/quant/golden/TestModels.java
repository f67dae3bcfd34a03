package dev.tinykws.quant.golden;

import dev.tinykws.contract.Labels;
import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.BatchNorm;
import dev.tinykws.model.FloatModel.Layer;
import dev.tinykws.model.FloatModel.Op;
import dev.tinykws.quant.FloatInference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic random models and MFCC-like features for tests, golden vectors and
 * benchmarks. The weights are random but shaped like trained ones: He-scaled weights and
 * BatchNorm statistics measured on random features, so activations have realistic ranges.
 */
public final class TestModels {

    public static final List<String> LABELS = Labels.forKeywords(List.of("yes", "no"));
    public static final int H = 49;
    public static final int W = 10;

    private TestModels() { }

    /** DS-CNN-S shaped: conv 10×4/2 (pad 5,1) 64 + BN + ReLU, 4 × (dw 3×3 + BN + ReLU, pw 1×1 + BN + ReLU), avgpool, FC. */
    public static FloatModel dsCnn(long seed) {
        Random rnd = new Random(seed);
        List<float[]> batch = randomFeatures(seed ^ 0x5eedL, 24);
        List<Layer> layers = new ArrayList<>();
        int ch = 64;
        layers.add(withBn(layers, batch, rnd, new Layer(Op.CONV2D, 10, 4, 2, 2, 5, 1, ch, true,
                normal(rnd, ch * 10 * 4, Math.sqrt(2.0 / 40)), null, null)));
        for (int b = 0; b < 4; b++) {
            layers.add(withBn(layers, batch, rnd, new Layer(Op.DWCONV2D, 3, 3, 1, 1, 1, 1, ch, true,
                    normal(rnd, 9 * ch, Math.sqrt(2.0 / 9)), null, null)));
            layers.add(withBn(layers, batch, rnd, new Layer(Op.CONV2D, 1, 1, 1, 1, 0, 0, ch, true,
                    normal(rnd, ch * ch, Math.sqrt(2.0 / ch)), null, null)));
        }
        layers.add(new Layer(Op.AVGPOOL, 25, 5, 25, 5, 0, 0, ch, false, null, null, null));
        layers.add(new Layer(Op.FC, 1, 1, 1, 1, 0, 0, LABELS.size(), false,
                normal(rnd, LABELS.size() * ch, 2.0 / Math.sqrt(ch)), normal(rnd, LABELS.size(), 0.3), null));
        return new FloatModel("ds-cnn-s", H, W, LABELS, layers);
    }

    /** micro_speech-like: conv 10×8/2 (pad 4,3) 8 ch with bias + ReLU, FC over the flattened 24×5×8 map. */
    public static FloatModel tinyConv(long seed) {
        Random rnd = new Random(seed);
        int ch = 8;
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer(Op.CONV2D, 10, 8, 2, 2, 4, 3, ch, true,
                normal(rnd, ch * 10 * 8, Math.sqrt(2.0 / 80) / 4), normal(rnd, ch, 0.3), null));
        int flat = 24 * 5 * ch;
        layers.add(new Layer(Op.FC, 1, 1, 1, 1, 0, 0, LABELS.size(), false,
                normal(rnd, LABELS.size() * flat, 2.0 / Math.sqrt(flat)), normal(rnd, LABELS.size(), 0.3), null));
        return new FloatModel("tiny-conv", H, W, LABELS, layers);
    }

    /**
     * MFCC-like windows after cepstral mean subtraction: per-coefficient AR(1) trajectories
     * (c0 widest), mean removed over the window, occasionally a loud burst.
     */
    public static List<float[]> randomFeatures(long seed, int n) {
        Random rnd = new Random(seed);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[H * W];
            double loud = rnd.nextDouble() < 0.2 ? 2.0 : 1.0;
            for (int k = 0; k < W; k++) {
                double sigma = loud * (k == 0 ? 6.0 : 3.0 / (1 + 0.25 * k));
                double v = 0;
                double mean = 0;
                for (int t = 0; t < H; t++) {
                    v = 0.8 * v + 0.6 * sigma * rnd.nextGaussian();
                    f[t * W + k] = (float) v;
                    mean += v;
                }
                mean /= H;
                for (int t = 0; t < H; t++) {
                    f[t * W + k] -= (float) mean;
                }
            }
            out.add(f);
        }
        return out;
    }

    private static Layer withBn(List<Layer> before, List<float[]> batch, Random rnd, Layer raw) {
        List<Layer> probe = new ArrayList<>(before);
        probe.add(new Layer(raw.op(), raw.kh(), raw.kw(), raw.strideH(), raw.strideW(), raw.padH(), raw.padW(),
                raw.outChannels(), false, raw.weights(), raw.bias(), null));
        FloatInference fi = new FloatInference(new FloatModel("probe", H, W, LABELS, probe));
        int ch = raw.outChannels();
        double[] sum = new double[ch];
        double[] sq = new double[ch];
        long count = 0;
        for (float[] f : batch) {
            float[][] acts = fi.inferAllLayers(f);
            float[] y = acts[acts.length - 1];
            for (int i = 0; i < y.length; i++) {
                sum[i % ch] += y[i];
                sq[i % ch] += (double) y[i] * y[i];
            }
            count += y.length / ch;
        }
        float[] gamma = new float[ch], beta = new float[ch], mean = new float[ch], var = new float[ch];
        for (int c = 0; c < ch; c++) {
            double m = sum[c] / count;
            double v = Math.max(1e-4, sq[c] / count - m * m);
            mean[c] = (float) (m + 0.1 * Math.sqrt(v) * rnd.nextGaussian());
            var[c] = (float) (v * (0.8 + 0.45 * rnd.nextDouble()));
            gamma[c] = (float) (0.5 + rnd.nextDouble());
            beta[c] = (float) (0.1 + 0.3 * rnd.nextGaussian());
        }
        return new Layer(raw.op(), raw.kh(), raw.kw(), raw.strideH(), raw.strideW(), raw.padH(), raw.padW(),
                ch, raw.relu(), raw.weights(), raw.bias(), new BatchNorm(gamma, beta, mean, var, 1e-5f));
    }

    private static float[] normal(Random rnd, int n, double sigma) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (sigma * rnd.nextGaussian());
        }
        return a;
    }
}
