package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Activation ranges of the input and of every layer output, measured by running the float
 * model over a representative set of feature windows.
 */
public final class Calibration {

    private Calibration() { }

    public enum Method { MIN_MAX, PERCENTILE }

    /**
     * @param method     MIN_MAX (the observed extremes) or PERCENTILE (clip outliers)
     * @param percentile for PERCENTILE: the upper percentile kept, e.g. 99.99; the lower one
     *                   is {@code 100 − percentile}
     */
    public record Options(Method method, double percentile) {
        public Options {
            if (method == Method.PERCENTILE && !(percentile > 50 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
            }
        }

        public static Options minMax() {
            return new Options(Method.MIN_MAX, 100);
        }

        public static Options percentile(double p) {
            return new Options(Method.PERCENTILE, p);
        }

        public String describe() {
            return method == Method.MIN_MAX ? "min-max" : "percentile " + percentile;
        }
    }

    public record Range(double min, double max) { }

    /** @param input range of the input features; layers: range of each layer output */
    public record Result(Range input, List<Range> layers) { }

    private static final int BINS = 4096;

    public static Result calibrate(FloatModel model, List<float[]> features, Options options) {
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one feature window");
        }
        FloatInference fi = new FloatInference(model);
        int nl = model.layers().size();
        double[] min = new double[nl + 1];
        double[] max = new double[nl + 1];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        List<float[][]> cache = new ArrayList<>(); // activations reused by the percentile pass
        boolean keep = options.method() == Method.PERCENTILE;
        for (float[] f : features) {
            float[][] acts = withInput(f, fi.inferAllLayers(f));
            for (int t = 0; t <= nl; t++) {
                for (float v : acts[t]) {
                    if (v < min[t]) min[t] = v;
                    if (v > max[t]) max[t] = v;
                }
            }
            if (keep) cache.add(acts);
        }
        List<Range> ranges = new ArrayList<>();
        for (int t = 0; t <= nl; t++) {
            if (!keep || max[t] <= min[t]) {
                ranges.add(new Range(min[t], max[t]));
                continue;
            }
            long[] hist = new long[BINS];
            long total = 0;
            double width = (max[t] - min[t]) / BINS;
            for (float[][] acts : cache) {
                for (float v : acts[t]) {
                    int b = (int) ((v - min[t]) / width);
                    hist[Math.min(BINS - 1, Math.max(0, b))]++;
                    total++;
                }
            }
            double tail = (100 - options.percentile()) / 100.0 * total;
            double lo = min[t], hi = max[t];
            long acc = 0;
            for (int b = 0; b < BINS; b++) {
                acc += hist[b];
                if (acc > tail) { lo = min[t] + b * width; break; }
            }
            acc = 0;
            for (int b = BINS - 1; b >= 0; b--) {
                acc += hist[b];
                if (acc > tail) { hi = min[t] + (b + 1) * width; break; }
            }
            ranges.add(new Range(lo, hi));
        }
        return new Result(ranges.get(0), List.copyOf(ranges.subList(1, nl + 1)));
    }

    private static float[][] withInput(float[] in, float[][] acts) {
        float[][] all = new float[acts.length + 1][];
        all[0] = in;
        System.arraycopy(acts, 0, all, 1, acts.length);
        return all;
    }
}
