package dev.tinykws.augment;

/** Small radix-2 complex FFT and FFT convolution for augmentation (double precision). */
final class Fft {
    private Fft() {
    }

    static int nextPow2(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /** In-place iterative radix-2 FFT; {@code inverse} scales by 1/n. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two: " + n);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            int half = len >> 1;
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < half; k++) {
                    int a = i + k;
                    int b = a + half;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    /** Linear convolution of x and h, truncated to x.length samples. */
    static float[] convolve(float[] x, float[] h) {
        int n = nextPow2(x.length + h.length - 1);
        // Pack x into the real part and h into the imaginary part: one forward FFT for both.
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < x.length; i++) {
            re[i] = x[i];
        }
        for (int i = 0; i < h.length; i++) {
            im[i] = h[i];
        }
        transform(re, im, false);
        double[] pr = new double[n];
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            int m = (n - k) & (n - 1);
            // X[k] = (Z[k] + conj Z[n-k]) / 2, H[k] = (Z[k] - conj Z[n-k]) / 2i
            double xr = (re[k] + re[m]) / 2;
            double xi = (im[k] - im[m]) / 2;
            double hr = (im[k] + im[m]) / 2;
            double hi = -(re[k] - re[m]) / 2;
            pr[k] = xr * hr - xi * hi;
            pi[k] = xr * hi + xi * hr;
        }
        transform(pr, pi, true);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) pr[i];
        }
        return y;
    }
}
