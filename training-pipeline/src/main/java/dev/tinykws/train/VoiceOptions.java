package dev.tinykws.train;

import java.nio.file.Path;

/**
 * The training options that target real voices (docs/real-voices.md), grouped apart from the
 * core {@link TrainOptions}.
 *
 * @param priorCorrection strength λ of the class-prior correction: {@code -λ·log(training class share)} is
 *                        folded into the final layer's bias before quantization (dev.tinykws.prior.PriorCorrection);
 *                        0 = off, 1 = the full correction
 * @param noiseFloorDbfs  RMS level (dBFS) of the Gaussian noise floor added to every augmented training
 *                        input (with {@code --augment default}); with
 *                        {@code --augment none} the training features are the clean cached ones and no floor
 *                        is added; {@code Double.NEGATIVE_INFINITY} = none
 * @param vtlpMaxWarp     vocal-tract-length perturbation of training inputs: the spectrum is warped by
 *                        a random factor in {@code [1 - w, 1 + w]}; 0 = off
 * @param teacher         "none", or the teacher to distil from (see dev.tinykws.distill)
 * @param unlabeled       folder of unlabeled audio the teacher labels for distillation, or null
 */
public record VoiceOptions(double priorCorrection, double noiseFloorDbfs, double vtlpMaxWarp, String teacher,
                           Path unlabeled) {

    /**
     * The level measured for {@code --noise-floor on}: −60 dBFS RMS, far below speech, far above digital
     * silence. Off by default: it lowered real-voice accuracy (docs/real-voices.md).
     */
    public static final double DEFAULT_NOISE_FLOOR_DBFS = -60;

    /** Default strength of the class-prior correction (docs/real-voices.md, "Class-prior correction"). */
    public static final double DEFAULT_PRIOR_CORRECTION = 1.0;

    public VoiceOptions {
        if (!(priorCorrection >= 0 && priorCorrection <= 1)) {
            throw new TrainingException("--prior-correction must be on, off or a strength in [0, 1], got "
                    + priorCorrection);
        }
        if (vtlpMaxWarp < 0 || vtlpMaxWarp >= 0.5) {
            throw new TrainingException("--vtlp must be in [0, 0.5), got " + vtlpMaxWarp);
        }
        if (noiseFloorDbfs > -10) {
            throw new TrainingException("--noise-floor must be below -10 dBFS (or 'off'), got " + noiseFloorDbfs);
        }
        teacher = teacher == null || teacher.isBlank() ? "none" : teacher.strip();
    }

    /** Defaults without a teacher (library callers and tests). */
    public static VoiceOptions withoutTeacher() {
        return new VoiceOptions(DEFAULT_PRIOR_CORRECTION, Double.NEGATIVE_INFINITY, 0, "none", null);
    }

    /** Today's behaviour before any real-voice lever: no correction, no noise floor, no warping, no teacher. */
    public static VoiceOptions none() {
        return new VoiceOptions(0, Double.NEGATIVE_INFINITY, 0, "none", null);
    }

    public boolean noiseFloor() {
        return noiseFloorDbfs > Double.NEGATIVE_INFINITY;
    }

    public boolean distil() {
        return !"none".equalsIgnoreCase(teacher);
    }

    /** Part of the resume fingerprint: what changes the training inputs. */
    String dataId() {
        return String.format(java.util.Locale.ROOT, "noise=%s;vtlp=%s;teacher=%s;unlabeled=%s", noiseFloorDbfs,
                vtlpMaxWarp, teacher, unlabeled);
    }
}
