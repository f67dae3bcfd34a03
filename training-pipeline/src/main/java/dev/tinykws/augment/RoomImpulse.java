package dev.tinykws.augment;

import java.util.Random;

/**
 * Synthetic room impulse responses: a direct path, a handful of early reflections whose
 * spread grows with the room size, and an exponentially decaying, progressively darker noise
 * tail with the requested RT60 (the time to decay by 60 dB). Energy-normalized to 1.
 */
final class RoomImpulse {
    private RoomImpulse() {
    }

    /**
     * @param rt60S      reverberation time, seconds (> 0)
     * @param roomSize   0 (small booth) .. 1 (large hall): spreads the early reflections
     * @param sampleRate Hz
     */
    static float[] generate(double rt60S, double roomSize, int sampleRate, Random rng) {
        int len = Math.max(16, (int) Math.min(rt60S * sampleRate, sampleRate));
        double[] h = new double[len];
        double decay = 6.907755 / (rt60S * sampleRate); // ln(1000): -60 dB after rt60
        h[0] = 1.0;
        int earlyEnd = Math.min(len - 1, (int) ((0.005 + 0.045 * roomSize) * sampleRate));
        int reflections = 4 + rng.nextInt(9);
        for (int r = 0; r < reflections; r++) {
            int t = 1 + rng.nextInt(Math.max(1, earlyEnd));
            double amp = (0.2 + 0.6 * rng.nextDouble()) * Math.exp(-decay * t) * (rng.nextBoolean() ? 1 : -1);
            h[t] += amp;
        }
        // Late tail: Gaussian noise under the exponential envelope, low-passed harder as it decays
        // (air and wall absorption remove the highs first).
        int mix = Math.max(1, earlyEnd / 2);
        double lp = 0;
        double tailGain = 0.3 + 0.5 * rng.nextDouble();
        for (int t = mix; t < len; t++) {
            double a = Math.min(0.9, 0.2 + 0.7 * t / (double) len);
            lp = a * lp + (1 - a) * rng.nextGaussian();
            h[t] += tailGain * lp * Math.exp(-decay * t);
        }
        double e = 0;
        for (double v : h) {
            e += v * v;
        }
        double norm = 1 / Math.sqrt(e);
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = (float) (h[i] * norm);
        }
        return out;
    }
}
