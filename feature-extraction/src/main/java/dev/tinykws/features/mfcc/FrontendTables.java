package dev.tinykws.features.mfcc;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;

import java.util.Arrays;

/**
 * The constant tables of the frontend (SPEC §2), computed once in double precision and
 * stored as float32. The Java {@link Mfcc} and the generated C ({@code kws_frontend_data.c})
 * multiply by exactly these floats.
 *
 * <ul>
 *   <li>{@link #window()}: periodic Hann (or Hamming), {@code windowSamples} values;</li>
 *   <li>sparse mel weights: filter j covers spectrum bins
 *       {@code melStart[j] .. melStart[j] + melLen[j] - 1}, with weights
 *       {@code melWeights[melOffset[j] .. melOffset[j] + melLen[j] - 1]} (only bins with a
 *       strictly positive weight are stored);</li>
 *   <li>{@link #dct()}: orthonormal DCT-II rows including s_k, {@code dct[k * melBands + j]};</li>
 *   <li>{@link #fftCos()}: the firmware FFT's twiddles, cos(2πk/fftSize) for
 *       k = 0..fftSize/4 (a quarter wave; the C FFT gets the rest of the circle and the sines
 *       by symmetry). Not used by the Java {@link Mfcc}, whose FFT is TarsosDSP's.</li>
 * </ul>
 *
 * Instances are immutable; the getters return copies, the package-private fields are used
 * directly by {@link Mfcc}.
 */
public final class FrontendTables {

    private final FrontendConfig config;
    final float[] window;
    final int[] melStart;
    final int[] melLen;
    final int[] melOffset;
    final float[] melWeights;
    final float[] dct;
    final float[] fftCos;
    /** One past the highest spectrum bin any filter uses. */
    final int binsUsed;

    public FrontendTables(FrontendConfig config) {
        this.config = config;
        this.window = computeWindow(config);
        int m = config.melBands();
        double[] edges = melEdgesHz(config);
        melStart = new int[m];
        melLen = new int[m];
        melOffset = new int[m];
        float[] weights = new float[config.numBins() * 2];
        int count = 0;
        int maxBin = 0;
        double binHz = (double) config.sampleRate() / config.fftSize();
        for (int j = 0; j < m; j++) {
            double lo = edges[j];
            double mid = edges[j + 1];
            double hi = edges[j + 2];
            int start = -1;
            int len = 0;
            for (int b = 0; b < config.numBins(); b++) {
                double fb = b * binHz;
                double w;
                if (fb <= lo || fb >= hi) {
                    w = 0;
                } else if (fb <= mid) {
                    w = (fb - lo) / (mid - lo);
                } else {
                    w = (hi - fb) / (hi - mid);
                }
                float wf = (float) w;
                if (wf > 0f) {
                    if (start < 0) {
                        start = b;
                    }
                    if (count >= weights.length) {
                        weights = Arrays.copyOf(weights, weights.length * 2);
                    }
                    weights[count++] = wf;
                    len++;
                    maxBin = Math.max(maxBin, b);
                }
            }
            if (len == 0) {
                throw new FeatureException(String.format(java.util.Locale.ROOT,
                        "FrontendConfig: mel filter %d (%.1f..%.1f Hz) contains no FFT bin at fftSize %d; "
                                + "use fewer melBands, a larger fftSize or a wider mel range",
                        j, lo, hi, config.fftSize()));
            }
            melStart[j] = start;
            melLen[j] = len;
            melOffset[j] = count - len;
        }
        melWeights = Arrays.copyOf(weights, count);
        binsUsed = maxBin + 1;
        dct = computeDct(config.numCoefficients(), m);
        fftCos = computeFftCos(config.fftSize());
    }

    public FrontendConfig config() {
        return config;
    }

    /** Window coefficients (length windowSamples). */
    public float[] window() {
        return window.clone();
    }

    /** First spectrum bin of each mel filter. */
    public int[] melStart() {
        return melStart.clone();
    }

    /** Number of bins (and weights) of each mel filter. */
    public int[] melLen() {
        return melLen.clone();
    }

    /** Offset of each filter's first weight in {@link #melWeights()}. */
    public int[] melOffset() {
        return melOffset.clone();
    }

    /** All filter weights, filter after filter. */
    public float[] melWeights() {
        return melWeights.clone();
    }

    /** Orthonormal DCT-II matrix including s_k, row-major [k][j] (numCoefficients × melBands). */
    public float[] dct() {
        return dct.clone();
    }

    /**
     * The C FFT's quarter-wave cosine table, {@code fftSize / 4 + 1} values:
     * {@code fftCos[k] = cos(2πk / fftSize)}, k = 0..fftSize/4 (see {@link #computeFftCos}).
     */
    public float[] fftCos() {
        return fftCos.clone();
    }

    /** One past the highest spectrum bin used by any filter (the rest of the spectrum is never read). */
    public int binsUsed() {
        return binsUsed;
    }

    /** Dense weight of filter {@code j} at bin {@code b} (0 outside the filter). */
    public float weight(int j, int b) {
        int i = b - melStart[j];
        return i < 0 || i >= melLen[j] ? 0f : melWeights[melOffset[j] + i];
    }

    /** HTK mel scale: 2595·log10(1 + f/700). */
    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    /** Inverse of {@link #hzToMel}: 700·(10^(m/2595) − 1). */
    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    /** The M + 2 filter edge frequencies f_0..f_{M+1} in Hz (SPEC §2 step 3). */
    public static double[] melEdgesHz(FrontendConfig config) {
        int m = config.melBands();
        double lo = hzToMel(config.melLowHz());
        double hi = hzToMel(config.melHighHz());
        double[] f = new double[m + 2];
        for (int i = 0; i < m + 2; i++) {
            f[i] = melToHz(lo + i * (hi - lo) / (m + 1));
        }
        // exact ends, independent of the round trip through the mel scale
        f[0] = config.melLowHz();
        f[m + 1] = config.melHighHz();
        return f;
    }

    static float[] computeWindow(FrontendConfig config) {
        int n = config.windowSamples();
        float[] w = new float[n];
        boolean hann = "hann".equals(config.window());
        for (int i = 0; i < n; i++) {
            double c = Math.cos(2.0 * Math.PI * i / n);
            w[i] = (float) (hann ? 0.5 - 0.5 * c : 0.54 - 0.46 * c);
        }
        return w;
    }

    /**
     * cos(2πk/n) for k = 0..n/4 as float, computed over the first octant only, as the firmware
     * did at start-up before the table moved to flash: the angle is the float product
     * {@code a = (float) (2π) / n * k} (float arithmetic), entry k is the float nearest to the
     * double {@code cos(a)} and entry n/4 - k the float nearest to {@code sin(a)}, k = 0..n/8
     * (StrictMath, so every JVM writes the same bits). Small arguments keep both accurate.
     * At k = n/8 both land on entry n/8; the sine is written last.
     */
    static float[] computeFftCos(int n) {
        int quarter = n / 4;
        float[] c = new float[quarter + 1];
        float step = (float) (2.0 * Math.PI) / (float) n;
        for (int k = 0; k <= n / 8; k++) {
            float a = step * (float) k;
            c[k] = (float) StrictMath.cos(a);
            c[quarter - k] = (float) StrictMath.sin(a);
        }
        return c;
    }

    static float[] computeDct(int numCoefficients, int m) {
        float[] d = new float[numCoefficients * m];
        for (int k = 0; k < numCoefficients; k++) {
            double s = k == 0 ? Math.sqrt(1.0 / m) : Math.sqrt(2.0 / m);
            for (int j = 0; j < m; j++) {
                d[k * m + j] = (float) (s * Math.cos(Math.PI * k * (j + 0.5) / m));
            }
        }
        return d;
    }
}
