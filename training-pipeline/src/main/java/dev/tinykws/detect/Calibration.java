package dev.tinykws.detect;

import dev.tinykws.contract.Threshold;

/**
 * Result of a threshold calibration on negative-only audio.
 *
 * @param thresholdQ       chosen threshold on the 0..255 averaged score
 * @param falseAccepts     false accepts at that threshold on the negative audio
 * @param negativeMs       length of the negative audio
 * @param targetFaPerHour  the requested false-accept rate
 * @param targetReached    false when even the highest threshold gives more false accepts than the target
 */
public record Calibration(int thresholdQ, int falseAccepts, long negativeMs, double targetFaPerHour, boolean targetReached) {

    /** The threshold as a probability, thresholdQ/256 (so that round(threshold*256) == thresholdQ). */
    public double threshold() {
        return Threshold.probabilityOfQ(thresholdQ);
    }

    public double faPerHour() {
        return falseAccepts * 3_600_000.0 / negativeMs;
    }

    public double negativeHours() {
        return negativeMs / 3_600_000.0;
    }

    /** One false accept in the negative audio: the smallest non-zero rate it can measure. */
    public double resolutionFaPerHour() {
        return 3_600_000.0 / negativeMs;
    }

    /**
     * True when the audio is too short to tell the target from zero: the target is below
     * 3 false accepts over the audio (with 0 observed, the 95% upper bound is 3/hours).
     */
    public boolean tooShortForTarget() {
        return targetFaPerHour * negativeHours() < 3;
    }
}
