package dev.tinykws.features.mfcc;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;

/**
 * Model input features of one clip (SPEC §2): the clip is zero-padded or trimmed to
 * {@link FrontendConfig#clipSamples()}, its first {@code framesPerClip} MFCC frames are
 * flattened as [t][k], and cepstral mean subtraction is applied when enabled.
 * Not thread-safe (holds an {@link Mfcc}); use one instance per thread.
 */
public final class ClipFeatures {

    private final FrontendConfig config;
    private final Mfcc mfcc;

    public ClipFeatures(FrontendConfig config) {
        this.config = config;
        this.mfcc = new Mfcc(config);
    }

    public FrontendConfig config() {
        return config;
    }

    /** Raw MFCC (no CMS) of the clip fitted to 1 s: framesPerClip × numCoefficients, [t][k]. */
    public float[] rawMfcc(float[] clip16k) {
        int n = config.clipSamples();
        float[] clip = clip16k.length == n ? clip16k : java.util.Arrays.copyOf(clip16k, n);
        int nc = config.numCoefficients();
        float[] out = new float[config.framesPerClip() * nc];
        for (int t = 0; t < config.framesPerClip(); t++) {
            mfcc.frame(clip, t * config.hopSamples(), out, t * nc);
        }
        return out;
    }

    /** Features of the clip: {@link #rawMfcc} followed by CMS when the config enables it. */
    public float[] extract(float[] clip16k) {
        float[] f = rawMfcc(clip16k);
        if (config.cepstralMeanSubtraction()) {
            applyCms(f, config.framesPerClip(), config.numCoefficients());
        }
        return f;
    }

    /**
     * Cepstral mean subtraction in place: for each coefficient k, the mean over the frames is
     * {@code sum / frames} with sum accumulated in float over t = 0..frames-1 in order, and is
     * subtracted from every frame (the C side does exactly the same). Returns {@code features}.
     */
    public static float[] applyCms(float[] features, int frames, int coeffs) {
        if (features.length < frames * coeffs) {
            throw new FeatureException("applyCms: " + features.length + " values < " + frames + " frames × " + coeffs + " coefficients");
        }
        for (int k = 0; k < coeffs; k++) {
            float sum = 0f;
            for (int t = 0; t < frames; t++) {
                sum += features[t * coeffs + k];
            }
            float mean = sum / frames;
            for (int t = 0; t < frames; t++) {
                features[t * coeffs + k] -= mean;
            }
        }
        return features;
    }

    /** int8 quantization of features with this config's inputScale / inputZeroPoint (SPEC §2.7). */
    public byte[] quantize(float[] features) {
        return quantize(features, config.inputScale(), config.inputZeroPoint());
    }

    /**
     * {@code q = clamp(roundHalfAwayFromZero(x / scale) + zeroPoint, −128, 127)} with {@code x / scale}
     * a float32 division.
     */
    public static byte[] quantize(float[] features, float scale, int zeroPoint) {
        byte[] q = new byte[features.length];
        for (int i = 0; i < features.length; i++) {
            q[i] = quantize(features[i], scale, zeroPoint);
        }
        return q;
    }

    /** One value of {@link #quantize(float[], float, int)}. */
    public static byte quantize(float x, float scale, int zeroPoint) {
        float v = x / scale;
        long r = roundHalfAwayFromZero(v) + zeroPoint;
        return (byte) Math.max(-128, Math.min(127, r));
    }

    /** Like C's {@code roundf}: halves go away from zero (−2.5 → −3, unlike {@link Math#round}). NaN → 0. */
    public static long roundHalfAwayFromZero(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        double d = v; // exact; d ± 0.5 is exact in double for every float
        double r = d >= 0 ? Math.floor(d + 0.5) : -Math.floor(-d + 0.5);
        if (r >= Long.MAX_VALUE) {
            return Long.MAX_VALUE / 2;
        }
        if (r <= Long.MIN_VALUE) {
            return Long.MIN_VALUE / 2;
        }
        return (long) r;
    }

    /** Dequantization: (q − zeroPoint) · scale. */
    public static float dequantize(byte q, float scale, int zeroPoint) {
        return (q - zeroPoint) * scale;
    }
}
