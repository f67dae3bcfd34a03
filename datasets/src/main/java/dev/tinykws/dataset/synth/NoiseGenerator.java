package dev.tinykws.dataset.synth;

import java.util.Random;

/** Seeded white, pink and brown noise for {@code _background_noise_}, peak-normalized to 0.5. */
public final class NoiseGenerator {
    private NoiseGenerator() {
    }

    public enum Colour { WHITE, PINK, BROWN }

    public static float[] generate(Colour colour, int samples, long seed) {
        Random r = new Random(seed);
        double[] y = new double[samples];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, brown = 0;
        for (int i = 0; i < samples; i++) {
            double w = r.nextGaussian();
            switch (colour) {
                case WHITE -> y[i] = w;
                case PINK -> { // Paul Kellet's refined -3 dB/octave filter
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    y[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
                    b6 = w * 0.115926;
                }
                case BROWN -> { // leaky integrator: -6 dB/octave above a few Hz
                    brown = 0.998 * brown + 0.05 * w;
                    y[i] = brown;
                }
            }
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= Math.max(1, samples);
        double peak = 1e-12;
        for (int i = 0; i < samples; i++) {
            y[i] -= mean;
            peak = Math.max(peak, Math.abs(y[i]));
        }
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (0.5 * y[i] / peak);
        }
        return out;
    }
}
