package dev.tinykws.train;

import java.util.Arrays;

/**
 * Feature matrices with class indices, stored flat for fast batch assembly.
 *
 * @param features {@code size × frames × coeffs} values, sample-major, each sample [t][k]
 * @param labels   class index per sample
 * @param frames   frames per sample (H, 49)
 * @param coeffs   coefficients per frame (W, 10)
 * @param soft     teacher soft targets per sample for distillation, or null (hard labels only)
 */
public record LabeledFeatures(float[] features, int[] labels, int frames, int coeffs, SoftTargets soft) {

    public LabeledFeatures {
        if (frames < 1 || coeffs < 1 || (long) labels.length * frames * coeffs != features.length) {
            throw new TrainingException("feature array of " + features.length + " values does not hold "
                    + labels.length + " samples of " + frames + "x" + coeffs);
        }
        if (soft != null && soft.size() != labels.length) {
            throw new TrainingException(soft.size() + " soft targets for " + labels.length + " samples");
        }
    }

    /** Hard labels only. */
    public LabeledFeatures(float[] features, int[] labels, int frames, int coeffs) {
        this(features, labels, frames, coeffs, null);
    }

    public int size() {
        return labels.length;
    }

    public int sampleLength() {
        return frames * coeffs;
    }

    /** A copy of sample {@code i}. */
    public float[] sample(int i) {
        int n = sampleLength();
        return Arrays.copyOfRange(features, i * n, (i + 1) * n);
    }

    /** Number of samples per class, for {@code classes} classes. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new TrainingException("label index " + l + " outside 0.." + (classes - 1));
            }
            counts[l]++;
        }
        return counts;
    }
}
