package dev.tinykws.augment;

import java.util.Random;

/** Adds noise to a signal at an exact signal-to-noise ratio. */
public final class Mixer {
    private Mixer() {
    }

    /**
     * Returns {@code signal + g·n}, where {@code n} is a random segment of {@code noise} as long as
     * the signal (the noise is looped from a random start when it is shorter) and {@code g} makes
     * {@code 10·log10(Σ signal² / Σ (g·n)²) = snrDb} exactly (up to float rounding). The result is
     * not clipped. A silent noise segment returns a copy of the signal; a silent signal gets the
     * noise at its own level (there is no level to refer to).
     */
    public static float[] mixAtSnr(float[] signal, float[] noise, double snrDb, Random rng) {
        if (noise.length == 0) {
            throw new IllegalArgumentException("noise is empty");
        }
        int n = signal.length;
        float[] seg = new float[n];
        if (noise.length >= n) {
            int off = rng.nextInt(noise.length - n + 1);
            System.arraycopy(noise, off, seg, 0, n);
        } else {
            int off = rng.nextInt(noise.length);
            for (int i = 0; i < n; i++) {
                seg[i] = noise[(off + i) % noise.length];
            }
        }
        double ps = energy(signal);
        double pn = energy(seg);
        float[] out = signal.clone();
        if (pn == 0) {
            return out;
        }
        double g = ps == 0 ? 1.0 : Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < n; i++) {
            out[i] = (float) (signal[i] + g * seg[i]);
        }
        return out;
    }

    /** Sum of squares. */
    public static double energy(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return e;
    }

    /** Measured SNR in dB of {@code mixed} against the clean {@code signal}. */
    public static double measureSnrDb(float[] signal, float[] mixed) {
        double s = 0;
        double d = 0;
        for (int i = 0; i < signal.length; i++) {
            s += (double) signal[i] * signal[i];
            double e = (double) mixed[i] - signal[i];
            d += e * e;
        }
        return 10 * Math.log10(s / d);
    }
}
