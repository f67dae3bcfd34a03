package dev.tinykws.train;

import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.mfcc.ClipFeatures;
import java.util.Random;

/**
 * The training-only input levers of {@link VoiceOptions}: a noise floor under every training input
 * and vocal-tract-length perturbation (VTLP) of the mel filter bank.
 *
 * <ul>
 *   <li><b>Noise floor.</b> About 63 % of the samples of default synthetic clips are exact zeros
 *       (digital silence); real recordings never are. Zeros drive the log-mel energies to their floor,
 *       a cue no real clip has. Every training input gets Gaussian noise at an RMS level drawn uniformly
 *       within ±{@value #NOISE_SPREAD_DB} dB of the configured level, added after all other augmentation.</li>
 *   <li><b>VTLP.</b> A different vocal-tract length shifts every formant by about the same factor. The mel
 *       filter bank of a training input is warped by a random factor α ∈ [1 − w, 1 + w] (its band edges
 *       move from 20–4000 Hz to 20α–4000α Hz; the bands stay mel-spaced between them). Inference always
 *       uses the unwarped frontend; the firmware is unchanged.</li>
 * </ul>
 * Instances are immutable; {@link #extractors()} returns a set of extractors (one per warp step) for one
 * thread (cheap; callers on several threads each get their own).
 */
final class VoiceAugment {

    /** The noise floor's level varies by up to this much around the configured one. */
    static final double NOISE_SPREAD_DB = 10;
    /** VTLP factors are drawn from this many evenly spaced steps (so extractors can be reused). */
    static final int VTLP_STEPS = 21;

    private final VoiceOptions options;
    private final FrontendConfig frontend;

    VoiceAugment(VoiceOptions options, FrontendConfig frontend) {
        this.options = options;
        this.frontend = frontend;
    }

    boolean active() {
        return options.noiseFloor() || options.vtlpMaxWarp() > 0;
    }

    /** What changes the produced features (for cache keys). */
    String key() {
        return String.format(java.util.Locale.ROOT, "noise=%s;vtlp=%s", options.noiseFloorDbfs(), options.vtlpMaxWarp());
    }

    /** Adds the noise floor to {@code x} in place (no-op when off) and returns it. */
    float[] addNoiseFloor(float[] x, Random r) {
        if (!options.noiseFloor()) {
            return x;
        }
        double db = options.noiseFloorDbfs() + (2 * r.nextDouble() - 1) * NOISE_SPREAD_DB;
        double rms = Math.pow(10, db / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (r.nextGaussian() * rms);
        }
        return x;
    }

    /** The warp factor step drawn for one input (index into {@link #warpFactor(int)}). */
    int drawWarp(Random r) {
        return options.vtlpMaxWarp() > 0 ? r.nextInt(VTLP_STEPS) : VTLP_STEPS / 2;
    }

    /** The factor of warp step {@code k}: 1 − w … 1 + w. */
    double warpFactor(int k) {
        double w = options.vtlpMaxWarp();
        return 1 - w + 2 * w * k / (VTLP_STEPS - 1);
    }

    /** The frontend of warp step {@code k} (the unwarped one for the middle step or when VTLP is off). */
    FrontendConfig warped(int k) {
        double a = warpFactor(k);
        if (a == 1.0) {
            return frontend;
        }
        double high = Math.min(frontend.melHighHz() * a, frontend.sampleRate() / 2.0);
        return new FrontendConfig(frontend.sampleRate(), frontend.windowMs(), frontend.hopMs(), frontend.fftSize(),
                frontend.window(), frontend.melBands(), frontend.melLowHz() * a, high, frontend.melFormula(),
                frontend.logFloor(), frontend.numCoefficients(), frontend.framesPerClip(),
                frontend.cepstralMeanSubtraction(), frontend.inputScale(), frontend.inputZeroPoint());
    }

    /** Per-thread cache of one extractor per warp step. */
    final class Extractors {
        private final ClipFeatures[] byStep = new ClipFeatures[VTLP_STEPS];

        /** Features of {@code x} through the filter bank of a warp drawn from {@code r}. */
        float[] extract(float[] x, Random r) {
            int k = drawWarp(r);
            if (byStep[k] == null) {
                byStep[k] = new ClipFeatures(warped(k));
            }
            return byStep[k].extract(x);
        }
    }

    Extractors extractors() {
        return new Extractors();
    }
}
