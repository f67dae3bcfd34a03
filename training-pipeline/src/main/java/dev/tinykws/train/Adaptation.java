package dev.tinykws.train;

import java.nio.file.Path;

/**
 * How a training run treats the user's own (real) recordings and whether it starts from an
 * existing model: the "your own voice" settings of {@code tinykws train}.
 *
 * @param initFrom           model package to start from ({@code --init}), or null to train from scratch
 * @param realOversample     copies of every real keyword clip in the training split per epoch (1 = as is)
 * @param keepRealInTraining keep at least one real speaker of every keyword in the training split
 *                           (the speaker with most clips of it), whatever the split hash says
 */
public record Adaptation(Path initFrom, int realOversample, boolean keepRealInTraining) {

    /**
     * Default copies of each real keyword clip per epoch. Measured on the few-shot protocol
     * (docs/real-voices.md, "Your own recordings"): see bench/RESULTS.md for the comparison.
     */
    public static final int DEFAULT_REAL_OVERSAMPLE = 10;
    /** Default maximum epochs when starting from an existing model ({@code --init}). */
    public static final int DEFAULT_INIT_EPOCHS = 10;
    /** Default peak learning rate with {@code --init}: a third of the scratch rate, so the model keeps what it knew. */
    public static final float DEFAULT_INIT_LEARNING_RATE = 1e-3f;

    public Adaptation {
        if (realOversample < 1) {
            throw new TrainingException("--real-oversample must be at least 1, got " + realOversample);
        }
    }

    /** Defaults: from scratch, real clips oversampled by the measured default, sole real speakers kept. */
    public static Adaptation defaults() {
        return new Adaptation(null, DEFAULT_REAL_OVERSAMPLE, true);
    }

    /** The behaviour before own-voice support: no oversampling, the hash split untouched. */
    public static Adaptation none() {
        return new Adaptation(null, 1, false);
    }

    public Adaptation withInit(Path base) {
        return new Adaptation(base, realOversample, keepRealInTraining);
    }
}
