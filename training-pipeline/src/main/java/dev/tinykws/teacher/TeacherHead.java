package dev.tinykws.teacher;

import java.util.Objects;

/**
 * The teacher's classifier head on the 288 embedding features: standardize ({@code (x - mean) / std}),
 * {@code hidden = relu(W1 x + b1)}, {@code logits = W2 hidden + b2}. Plain Java inference (no DJL at
 * run time); immutable and thread-safe. Dropout exists only in training.
 *
 * @param inputMean per-feature mean of the training features
 * @param inputStd  per-feature standard deviation (never 0)
 * @param w1        {@code [hidden][288]}
 * @param b1        {@code [hidden]}
 * @param w2        {@code [labels][hidden]}
 * @param b2        {@code [labels]}
 */
public record TeacherHead(float[] inputMean, float[] inputStd, float[][] w1, float[] b1, float[][] w2, float[] b2) {

    public TeacherHead {
        Objects.requireNonNull(w1, "w1");
        int in = inputMean.length;
        if (inputStd.length != in || w1.length == 0 || b1.length != w1.length || w2.length == 0 || b2.length != w2.length) {
            throw new IllegalArgumentException("inconsistent head shapes: mean " + in + ", std " + inputStd.length
                    + ", w1 " + w1.length + ", b1 " + b1.length + ", w2 " + w2.length + ", b2 " + b2.length);
        }
        for (float[] r : w1) {
            if (r.length != in) {
                throw new IllegalArgumentException("w1 rows must have " + in + " values, got " + r.length);
            }
        }
        for (float[] r : w2) {
            if (r.length != w1.length) {
                throw new IllegalArgumentException("w2 rows must have " + w1.length + " values, got " + r.length);
            }
        }
        for (float s : inputStd) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("inputStd values must be > 0");
            }
        }
    }

    public int inputs() {
        return inputMean.length;
    }

    public int hidden() {
        return w1.length;
    }

    public int outputs() {
        return w2.length;
    }

    /** Raw logits (no class-prior correction). */
    public float[] logits(float[] features) {
        if (features.length != inputs()) {
            throw new IllegalArgumentException("the head takes " + inputs() + " features, got " + features.length);
        }
        float[] z = new float[features.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (features[i] - inputMean[i]) / inputStd[i];
        }
        float[] h = new float[hidden()];
        for (int j = 0; j < h.length; j++) {
            float[] w = w1[j];
            double s = b1[j];
            for (int i = 0; i < z.length; i++) {
                s += w[i] * z[i];
            }
            h[j] = (float) Math.max(0, s);
        }
        float[] y = new float[outputs()];
        for (int k = 0; k < y.length; k++) {
            float[] w = w2[k];
            double s = b2[k];
            for (int j = 0; j < h.length; j++) {
                s += w[j] * h[j];
            }
            y[k] = (float) s;
        }
        return y;
    }

    /** Softmax of {@code logits / temperature}. */
    public static float[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] / temperature - max);
            sum += e[i];
        }
        float[] p = new float[e.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
