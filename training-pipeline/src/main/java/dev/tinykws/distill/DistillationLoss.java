package dev.tinykws.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Knowledge-distillation loss (Hinton et al., 2015) for a batch, per sample i:
 *
 * <pre>
 *   L_i = alpha · T² · Σ_c −p_ic · log softmax(z_i / T)_c  +  w_i · (−log softmax(z_i)_{y_i})
 * </pre>
 *
 * where {@code z} are the student's logits, {@code p} the teacher's probabilities at temperature
 * {@code T}, {@code y} the hard labels and {@code w} their per-sample weights (0 for inputs only
 * the teacher labels). The batch loss is the mean over samples. The {@code T²} keeps the soft
 * term's gradient scale independent of the temperature.
 */
public final class DistillationLoss {

    private DistillationLoss() { }

    /**
     * The batch loss as a scalar NDArray (differentiable in {@code logits}).
     *
     * @param logits     student logits, {@code [n, classes]}
     * @param labels     hard labels, {@code n}
     * @param teacher    teacher probabilities at {@code temperature}, {@code n × classes} row-major
     * @param hardWeight per-sample weight of the hard term, {@code n}
     */
    public static NDArray evaluate(NDArray logits, long[] labels, float[] teacher, float[] hardWeight,
                                   float temperature, float alpha) {
        NDManager m = logits.getManager();
        int n = (int) logits.getShape().get(0);
        int classes = (int) logits.getShape().get(1);
        NDArray p = m.create(teacher, new Shape(n, classes));
        NDArray soft = p.mul(logits.div(temperature).logSoftmax(1)).sum(new int[] {1}).neg()
                .mul(alpha * temperature * temperature);
        float[] onehot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            onehot[i * classes + (int) labels[i]] = 1f;
        }
        NDArray hard = m.create(onehot, new Shape(n, classes)).mul(logits.logSoftmax(1)).sum(new int[] {1}).neg()
                .mul(m.create(hardWeight));
        return soft.add(hard).mean();
    }

    /** The same loss in plain Java (reference for tests and logs). */
    public static double value(float[][] logits, int[] labels, float[][] teacher, float[] hardWeight,
                               float temperature, float alpha) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] lsT = logSoftmax(logits[i], temperature);
            double[] ls = logSoftmax(logits[i], 1);
            double s = 0;
            for (int c = 0; c < ls.length; c++) {
                s -= teacher[i][c] * lsT[c];
            }
            sum += alpha * temperature * temperature * s - hardWeight[i] * ls[labels[i]];
        }
        return sum / logits.length;
    }

    /** Softmax of {@code logits / temperature}. */
    public static float[] softmax(float[] logits, double temperature) {
        double[] ls = logSoftmax(logits, temperature);
        float[] p = new float[ls.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(ls[i]);
        }
        return p;
    }

    static double[] logSoftmax(float[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / t);
        }
        double s = 0;
        for (float v : z) {
            s += Math.exp(v / t - max);
        }
        double lse = max + Math.log(s);
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            r[i] = z[i] / t - lse;
        }
        return r;
    }
}
