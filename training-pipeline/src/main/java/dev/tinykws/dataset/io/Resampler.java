package dev.tinykws.dataset.io;

/**
 * Windowed-sinc (Blackman) sample-rate conversion with the cut-off at 0.95 × the lower
 * Nyquist frequency, so engine output at 22.05/32/44.1 kHz does not alias into 0–8 kHz.
 */
final class Resampler {
    private static final int HALF_TAPS = 24;

    private Resampler() {
    }

    static float[] resample(float[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + from + " -> " + to);
        }
        int n = (int) ((long) x.length * to / from);
        float[] y = new float[n];
        double ratio = (double) from / to;
        double cutoff = 0.95 * Math.min(1.0, (double) to / from); // relative to the input Nyquist
        double scale = Math.max(1.0, ratio);
        int half = (int) Math.ceil(HALF_TAPS * scale);
        for (int i = 0; i < n; i++) {
            double centre = i * ratio;
            int k0 = (int) Math.floor(centre) - half + 1;
            double acc = 0;
            for (int k = k0; k < k0 + 2 * half; k++) {
                if (k < 0 || k >= x.length) {
                    continue;
                }
                double t = k - centre;
                double arg = Math.PI * cutoff * t;
                double sinc = t == 0 ? 1 : Math.sin(arg) / arg;
                double w = (t + half) / (2.0 * half);
                double win = w <= 0 || w >= 1 ? 0
                        : 0.42 - 0.5 * Math.cos(2 * Math.PI * w) + 0.08 * Math.cos(4 * Math.PI * w);
                acc += x[k] * cutoff * sinc * win;
            }
            y[i] = (float) acc;
        }
        return y;
    }
}
