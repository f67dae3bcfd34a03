package dev.tinykws.augment;

import dev.tinykws.contract.ClipFormat;

import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Waveform augmentation of 1 s 16 kHz clips, in the order a real recording happens: speed
 * perturbation, time shift, room reverberation, background noise, microphone/channel
 * colouring, gain, then a peak limit. Every random draw comes from the {@link Random} passed
 * in, in a fixed order, so a seed reproduces the output exactly. Instances are immutable and
 * may be shared between threads (give each thread its own {@code Random}).
 */
public final class Augmenter {

    /** The sample rate clips are expected at. */
    public static final int SAMPLE_RATE = ClipFormat.SAMPLE_RATE_HZ;
    private static final float PEAK = 0.99f;

    private final AugmentConfig cfg;
    private final List<float[]> backgrounds;

    /**
     * @param cfg         settings
     * @param backgrounds background recordings at 16 kHz (any length); may be empty, in which
     *                    case no background is mixed whatever the probability
     */
    public Augmenter(AugmentConfig cfg, List<float[]> backgrounds) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.backgrounds = backgrounds.stream().filter(b -> b.length > 0).toList();
    }

    /**
     * Reads background recordings (e.g. {@code DatasetIndex.backgroundNoise()}) as 16 kHz mono;
     * unreadable files are logged and skipped, so a bad noise file never stops training.
     */
    public static List<float[]> loadBackgrounds(List<java.nio.file.Path> files) {
        List<float[]> out = new java.util.ArrayList<>();
        for (java.nio.file.Path f : files) {
            try {
                out.add(dev.tinykws.dataset.io.ClipAudio.readMono16k(f));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Augmenter.class).warn("skipped background file {}: {}", f, e.getMessage());
            }
        }
        return out;
    }

    public AugmentConfig config() {
        return cfg;
    }

    /** Returns an augmented copy of the clip (same length); the input is not modified. */
    public float[] apply(float[] clip16k, Random rng) {
        int n = clip16k.length;
        float[] x = clip16k.clone();
        if (n == 0) {
            return x;
        }
        if (cfg.speedProb() > 0 && rng.nextDouble() < cfg.speedProb()) {
            double f = uniform(rng, cfg.speedMin(), cfg.speedMax());
            x = fitCentred(resample(x, f), n);
        }
        if (cfg.timeShiftMs() > 0) {
            int max = (int) Math.round(cfg.timeShiftMs() * SAMPLE_RATE / 1000.0);
            x = shift(x, rng.nextInt(2 * max + 1) - max);
        }
        if (cfg.reverbProb() > 0 && rng.nextDouble() < cfg.reverbProb()) {
            x = reverberate(x, uniform(rng, cfg.rt60MinS(), cfg.rt60MaxS()), rng.nextDouble(),
                    uniform(rng, cfg.wetMin(), cfg.wetMax()), rng);
        }
        if (!backgrounds.isEmpty() && cfg.backgroundProb() > 0 && rng.nextDouble() < cfg.backgroundProb()) {
            float[] bg = backgrounds.get(rng.nextInt(backgrounds.size()));
            x = Mixer.mixAtSnr(x, bg, uniform(rng, cfg.snrDbMin(), cfg.snrDbMax()), rng);
        }
        if (cfg.channelProb() > 0 && rng.nextDouble() < cfg.channelProb()) {
            colour(x, rng);
        }
        if (cfg.gainDbMax() != 0 || cfg.gainDbMin() != 0) {
            float g = (float) Math.pow(10, uniform(rng, cfg.gainDbMin(), cfg.gainDbMax()) / 20);
            for (int i = 0; i < n; i++) {
                x[i] *= g;
            }
        }
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > PEAK) {
            float s = PEAK / peak;
            for (int i = 0; i < n; i++) {
                x[i] *= s;
            }
        }
        return x;
    }

    /**
     * SpecAugment on a feature matrix stored frame-major ({@code features[t * coeffs + c]}):
     * {@code timeMasks} runs of up to {@code maxTimeMaskFrames} frames and {@code freqMasks}
     * runs of up to {@code maxFreqMaskCoeffs} coefficients are set to 0 (the mean after cepstral
     * mean subtraction). Modifies the array in place.
     */
    public static void specAugment(float[] features, int frames, int coeffs, Random rng, AugmentConfig cfg) {
        if (features.length != frames * coeffs) {
            throw new IllegalArgumentException("features has " + features.length + " values, expected "
                    + frames + " x " + coeffs);
        }
        for (int m = 0; m < cfg.timeMasks(); m++) {
            int w = rng.nextInt(Math.min(cfg.maxTimeMaskFrames(), frames) + 1);
            int t0 = rng.nextInt(frames - w + 1);
            for (int t = t0; t < t0 + w; t++) {
                java.util.Arrays.fill(features, t * coeffs, (t + 1) * coeffs, 0f);
            }
        }
        for (int m = 0; m < cfg.freqMasks(); m++) {
            int w = rng.nextInt(Math.min(cfg.maxFreqMaskCoeffs(), coeffs) + 1);
            int c0 = rng.nextInt(coeffs - w + 1);
            for (int t = 0; t < frames; t++) {
                for (int c = c0; c < c0 + w; c++) {
                    features[t * coeffs + c] = 0f;
                }
            }
        }
    }

    /** Convolves with a synthetic RIR and mixes wet/dry; keeps the input's RMS level. */
    static float[] reverberate(float[] x, double rt60S, double roomSize, double wet, Random rng) {
        float[] h = RoomImpulse.generate(Math.max(rt60S, 0.01), roomSize, SAMPLE_RATE, rng);
        float[] y = Fft.convolve(x, h);
        double ex = Mixer.energy(x);
        double ey = Mixer.energy(y);
        float[] out = new float[x.length];
        double ny = ey > 0 ? Math.sqrt(ex / ey) : 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((1 - wet) * x[i] + wet * ny * y[i]);
        }
        double eo = Mixer.energy(out);
        if (eo > 0) {
            float s = (float) Math.sqrt(ex / eo);
            for (int i = 0; i < out.length; i++) {
                out[i] *= s;
            }
        }
        return out;
    }

    /** A random microphone: band limits, tilt and one resonance. */
    static void colour(float[] x, Random rng) {
        double fs = SAMPLE_RATE;
        Biquad.highPass(fs, uniform(rng, 60, 400), 0.707).process(x);
        Biquad.lowPass(fs, uniform(rng, 3000, 7500), uniform(rng, 0.6, 1.0)).process(x);
        Biquad.lowShelf(fs, uniform(rng, 150, 500), uniform(rng, -6, 6)).process(x);
        Biquad.highShelf(fs, uniform(rng, 2000, 5000), uniform(rng, -8, 6)).process(x);
        Biquad.peaking(fs, uniform(rng, 500, 4000), uniform(rng, 0.7, 3), uniform(rng, -6, 6)).process(x);
    }

    /** Linear-interpolation resampling by a speed factor: the output is length / factor long. */
    static float[] resample(float[] x, double factor) {
        int m = Math.max(1, (int) Math.round(x.length / factor));
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
            double p = i * factor;
            int k = (int) p;
            double fr = p - k;
            float a = k < x.length ? x[k] : 0f;
            float b = k + 1 < x.length ? x[k + 1] : 0f;
            y[i] = (float) (a + (b - a) * fr);
        }
        return y;
    }

    /** Crops or zero-pads symmetrically to length n. */
    static float[] fitCentred(float[] x, int n) {
        float[] y = new float[n];
        if (x.length >= n) {
            System.arraycopy(x, (x.length - n) / 2, y, 0, n);
        } else {
            System.arraycopy(x, 0, y, (n - x.length) / 2, x.length);
        }
        return y;
    }

    /** Shifts right by s samples (left if negative), zero-filling. */
    static float[] shift(float[] x, int s) {
        float[] y = new float[x.length];
        if (s >= 0) {
            if (s < x.length) {
                System.arraycopy(x, 0, y, s, x.length - s);
            }
        } else if (-s < x.length) {
            System.arraycopy(x, -s, y, 0, x.length + s);
        }
        return y;
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
