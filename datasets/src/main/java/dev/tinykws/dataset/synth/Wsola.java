package dev.tinykws.dataset.synth;

/**
 * Waveform-similarity overlap-add time stretching: changes duration without changing pitch.
 * 32 ms Hann frames, 50 % synthesis overlap, ±8 ms search for the best-matching continuation.
 */
final class Wsola {
    private static final int N = 512;
    private static final int HS = N / 2;
    private static final int TOL = 128;

    private Wsola() {
    }

    /** Returns x stretched (or compressed) to exactly {@code outLen} samples. */
    static float[] stretch(float[] x, int outLen) {
        if (x.length == outLen || x.length < 2 * N) {
            return resampleLinear(x, outLen);
        }
        double ha = (x.length - N) / (double) Math.max(1, (outLen - N) / (double) HS);
        float[] win = new float[N];
        for (int i = 0; i < N; i++) {
            win[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / N));
        }
        float[] out = new float[outLen + N];
        float[] norm = new float[outLen + N];
        int prev = 0;
        for (int k = 0; k * HS < outLen; k++) {
            int nominal = (int) Math.round(k * ha);
            int best = Math.min(Math.max(0, nominal), Math.max(0, x.length - N));
            if (k > 0) {
                int natural = prev + HS; // where the previous frame would have continued
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int d = -TOL; d <= TOL; d++) {
                    int c = nominal + d;
                    if (c < 0 || c + N > x.length || natural + HS > x.length) {
                        continue;
                    }
                    double score = 0;
                    for (int i = 0; i < HS; i += 2) {
                        score += x[c + i] * x[natural + i];
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
            }
            int o = k * HS;
            for (int i = 0; i < N && best + i < x.length && o + i < out.length; i++) {
                out[o + i] += x[best + i] * win[i];
                norm[o + i] += win[i];
            }
            prev = best;
        }
        float[] y = new float[outLen];
        for (int i = 0; i < outLen; i++) {
            y[i] = norm[i] > 1e-3f ? out[i] / norm[i] : out[i];
        }
        return y;
    }

    private static float[] resampleLinear(float[] x, int outLen) {
        float[] y = new float[outLen];
        double r = (x.length - 1) / (double) Math.max(1, outLen - 1);
        for (int i = 0; i < outLen; i++) {
            double p = i * r;
            int k = (int) p;
            double f = p - k;
            y[i] = (float) (x[k] + (k + 1 < x.length ? (x[k + 1] - x[k]) * f : 0));
        }
        return y;
    }
}
