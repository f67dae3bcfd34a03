package dev.tinykws.augment;

/**
 * A second-order IIR section (Direct Form I) with the RBJ "Audio EQ Cookbook" designs,
 * used to colour clips like different microphones and channels.
 */
final class Biquad {
    private final double b0, b1, b2, a1, a2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad lowPass(double fs, double f0, double q) {
        double w = 2 * Math.PI * f0 / fs, c = Math.cos(w), alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
    }

    static Biquad highPass(double fs, double f0, double q) {
        double w = 2 * Math.PI * f0 / fs, c = Math.cos(w), alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
    }

    static Biquad peaking(double fs, double f0, double q, double gainDb) {
        double a = Math.pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, c = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad(1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a);
    }

    /** Shelf with slope S = 1. */
    static Biquad lowShelf(double fs, double f0, double gainDb) {
        double a = Math.pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, c = Math.cos(w);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2);
        double sa = 2 * Math.sqrt(a) * alpha;
        return new Biquad(a * ((a + 1) - (a - 1) * c + sa), 2 * a * ((a - 1) - (a + 1) * c),
                a * ((a + 1) - (a - 1) * c - sa), (a + 1) + (a - 1) * c + sa, -2 * ((a - 1) + (a + 1) * c),
                (a + 1) + (a - 1) * c - sa);
    }

    static Biquad highShelf(double fs, double f0, double gainDb) {
        double a = Math.pow(10, gainDb / 40), w = 2 * Math.PI * f0 / fs, c = Math.cos(w);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2);
        double sa = 2 * Math.sqrt(a) * alpha;
        return new Biquad(a * ((a + 1) + (a - 1) * c + sa), -2 * a * ((a - 1) + (a + 1) * c),
                a * ((a + 1) + (a - 1) * c - sa), (a + 1) - (a - 1) * c + sa, 2 * ((a - 1) - (a + 1) * c),
                (a + 1) - (a - 1) * c - sa);
    }

    /** Filters x in place (state starts at zero). */
    void process(float[] x) {
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double x0 = x[i];
            double y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x0;
            y2 = y1;
            y1 = y0;
            x[i] = (float) y0;
        }
    }

    /** Magnitude response at frequency f (for tests). */
    double magnitude(double fs, double f) {
        double w = 2 * Math.PI * f / fs;
        double cr = Math.cos(w), ci = -Math.sin(w), c2r = Math.cos(2 * w), c2i = -Math.sin(2 * w);
        double nr = b0 + b1 * cr + b2 * c2r, ni = b1 * ci + b2 * c2i;
        double dr = 1 + a1 * cr + a2 * c2r, di = a1 * ci + a2 * c2i;
        return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
    }
}
