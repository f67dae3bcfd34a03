package dev.tinykws.augment;

/**
 * Settings of the waveform and feature augmentation. Probabilities are in [0, 1]; a
 * probability of 0 (or an empty range) turns that stage off.
 *
 * @param timeShiftMs        maximum random shift of the clip, ± milliseconds (zero-filled)
 * @param speedMin           lowest speed factor (resampling: changes tempo and pitch together)
 * @param speedMax           highest speed factor
 * @param speedProb          probability of a speed perturbation
 * @param reverbProb         probability of convolving with a synthetic room impulse response
 * @param rt60MinS           shortest reverberation time RT60, seconds
 * @param rt60MaxS           longest reverberation time RT60, seconds
 * @param wetMin             lowest share of reverberant (wet) signal in the wet/dry mix
 * @param wetMax             highest share of reverberant signal
 * @param channelProb        probability of a random microphone/channel colouring
 *                           (high-pass, low-pass, low and high shelf biquads)
 * @param gainDbMin          lowest random gain, dB
 * @param gainDbMax          highest random gain, dB
 * @param backgroundProb     probability of mixing a random background segment
 * @param snrDbMin           lowest signal-to-noise ratio of the background mix, dB
 * @param snrDbMax           highest signal-to-noise ratio, dB
 * @param timeMasks          SpecAugment: number of time masks
 * @param maxTimeMaskFrames  SpecAugment: longest time mask, frames
 * @param freqMasks          SpecAugment: number of coefficient masks
 * @param maxFreqMaskCoeffs  SpecAugment: widest coefficient mask
 */
public record AugmentConfig(
        double timeShiftMs,
        double speedMin, double speedMax, double speedProb,
        double reverbProb, double rt60MinS, double rt60MaxS, double wetMin, double wetMax,
        double channelProb,
        double gainDbMin, double gainDbMax,
        double backgroundProb, double snrDbMin, double snrDbMax,
        int timeMasks, int maxTimeMaskFrames, int freqMasks, int maxFreqMaskCoeffs) {

    public AugmentConfig {
        requireProb("speedProb", speedProb);
        requireProb("reverbProb", reverbProb);
        requireProb("channelProb", channelProb);
        requireProb("backgroundProb", backgroundProb);
        requireRange("speed", speedMin, speedMax);
        requireRange("rt60", rt60MinS, rt60MaxS);
        requireRange("wet", wetMin, wetMax);
        requireRange("gainDb", gainDbMin, gainDbMax);
        requireRange("snrDb", snrDbMin, snrDbMax);
        if (timeShiftMs < 0 || speedMin <= 0 || rt60MinS < 0 || wetMin < 0 || wetMax > 1
                || timeMasks < 0 || maxTimeMaskFrames < 0 || freqMasks < 0 || maxFreqMaskCoeffs < 0) {
            throw new IllegalArgumentException("invalid augmentation settings: " + this);
        }
    }

    private static void requireProb(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }

    private static void requireRange(String name, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException(name + " range is empty: " + lo + " > " + hi);
        }
    }

    /**
     * The defaults used for training: realism first (rooms and microphones were the largest gain
     * on real voices in FINDINGS.md), then shift, speed, gain and background noise.
     */
    public static AugmentConfig defaults() {
        return new AugmentConfig(100,
                0.9, 1.1, 0.8,
                0.7, 0.15, 0.9, 0.2, 0.8,
                0.8,
                -6, 6,
                0.8, 3, 25,
                2, 5, 1, 2);
    }

    /** No augmentation at all: {@link Augmenter#apply} returns a copy of its input. */
    public static AugmentConfig none() {
        return new AugmentConfig(0,
                1, 1, 0,
                0, 0, 0, 0, 0,
                0,
                0, 0,
                0, 0, 0,
                0, 0, 0, 0);
    }

    /** A copy with SpecAugment switched off. */
    public AugmentConfig withoutSpecAugment() {
        return new AugmentConfig(timeShiftMs, speedMin, speedMax, speedProb, reverbProb, rt60MinS, rt60MaxS,
                wetMin, wetMax, channelProb, gainDbMin, gainDbMax, backgroundProb, snrDbMin, snrDbMax,
                0, 0, 0, 0);
    }

    /** A copy with a different background probability (e.g. 0 when no noise files exist). */
    public AugmentConfig withBackgroundProb(double p) {
        return new AugmentConfig(timeShiftMs, speedMin, speedMax, speedProb, reverbProb, rt60MinS, rt60MaxS,
                wetMin, wetMax, channelProb, gainDbMin, gainDbMax, p, snrDbMin, snrDbMax,
                timeMasks, maxTimeMaskFrames, freqMasks, maxFreqMaskCoeffs);
    }
}
