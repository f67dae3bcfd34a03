package dev.tinykws.train;

/**
 * Distillation targets of a batch of samples (see dev.tinykws.distill.DistillationLoss): the
 * teacher's class probabilities at the distillation temperature, and how much each sample's hard
 * label counts (0 for inputs only the teacher labels: mixed, spliced or unlabeled audio).
 *
 * @param probabilities {@code size × classes} teacher probabilities at temperature {@code temperature}
 * @param hardWeight    per sample, the weight of the hard-label cross-entropy (0..1)
 * @param classes       classes per sample
 * @param temperature   the temperature the probabilities were softened with (&gt; 0)
 * @param alpha         weight of the soft (teacher) term; the hard term gets {@code hardWeight}
 */
public record SoftTargets(float[] probabilities, float[] hardWeight, int classes, float temperature, float alpha) {

    public SoftTargets {
        if (classes < 1 || probabilities.length != hardWeight.length * classes) {
            throw new TrainingException(probabilities.length + " probabilities do not hold " + hardWeight.length
                    + " samples of " + classes + " classes");
        }
        if (!(temperature > 0) || !(alpha >= 0)) {
            throw new TrainingException("distillation temperature must be > 0 and alpha >= 0, got " + temperature
                    + ", " + alpha);
        }
    }

    public int size() {
        return hardWeight.length;
    }
}
