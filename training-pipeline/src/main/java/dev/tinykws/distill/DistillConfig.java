package dev.tinykws.distill;

/**
 * Distillation settings.
 *
 * @param temperature      softening temperature of the teacher's and the student's logits in the soft term
 * @param alpha            weight of the soft (teacher) term
 * @param hardWeight       weight of the hard-label term for labelled training clips
 * @param mixCopies        teacher-labelled mixed/spliced inputs per training clip ("function matching")
 * @param unlabeledMax     at most this many 1-s windows of --unlabeled audio
 * @param unlabeledPerEpoch at most this many unlabeled windows per epoch, as a multiple of the training clips
 */
public record DistillConfig(float temperature, float alpha, float hardWeight, int mixCopies, int unlabeledMax,
                            double unlabeledPerEpoch) {

    public DistillConfig {
        if (!(temperature > 0) || !(alpha >= 0) || !(hardWeight >= 0) || mixCopies < 0 || unlabeledMax < 0
                || !(unlabeledPerEpoch >= 0)) {
            throw new DistillException("bad distillation settings: temperature " + temperature + ", alpha " + alpha
                    + ", hard weight " + hardWeight + ", mix copies " + mixCopies + ", unlabeled max " + unlabeledMax);
        }
    }

    public static DistillConfig defaults() {
        return new DistillConfig(2f, 0.7f, 0.3f, 1, 4000, 1.0);
    }
}
