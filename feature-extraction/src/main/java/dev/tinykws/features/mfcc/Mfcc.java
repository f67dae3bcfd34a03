package dev.tinykws.features.mfcc;

import be.tarsos.dsp.util.fft.FFT;
import dev.tinykws.features.FrontendConfig;

/**
 * Batch MFCC exactly as SPEC §2 steps 1–5 (no cepstral mean subtraction): window, zero-padded
 * real FFT (TarsosDSP's {@link FFT}, unnormalized), power spectrum, sparse triangular mel
 * filters from {@link FrontendTables}, natural log with floor, orthonormal DCT-II.
 *
 * <p>Arithmetic is float32 like the C side (products and sums in float, in the order of the
 * tables). Not thread-safe: it owns scratch buffers; use one instance per thread.
 */
public final class Mfcc {

    private final FrontendConfig config;
    private final FrontendTables tables;
    private final FFT fft;
    private final float[] fftBuf;
    private final float[] power;
    private final float[] logMel;

    public Mfcc(FrontendConfig config) {
        this(new FrontendTables(config));
    }

    public Mfcc(FrontendTables tables) {
        this.tables = tables;
        this.config = tables.config();
        this.fft = new FFT(config.fftSize());
        this.fftBuf = new float[config.fftSize()];
        this.power = new float[config.numBins()];
        this.logMel = new float[config.melBands()];
    }

    public FrontendConfig config() {
        return config;
    }

    public FrontendTables tables() {
        return tables;
    }

    /** Number of whole frames in {@code n} samples: frame k covers [k·hop, k·hop + window). */
    public int frameCount(int n) {
        int win = config.windowSamples();
        return n < win ? 0 : 1 + (n - win) / config.hopSamples();
    }

    /** Raw MFCC of every whole frame of {@code samples} (no padding, no CMS): [frame][coefficient]. */
    public float[][] frames(float[] samples) {
        int n = frameCount(samples.length);
        float[][] out = new float[n][config.numCoefficients()];
        for (int t = 0; t < n; t++) {
            frame(samples, t * config.hopSamples(), out[t], 0);
        }
        return out;
    }

    /**
     * MFCC of the window starting at {@code samples[offset]} (needs windowSamples values) into
     * {@code out[outOffset .. outOffset + numCoefficients)}.
     */
    public void frame(float[] samples, int offset, float[] out, int outOffset) {
        spectrum(samples, offset, power, tables.binsUsed);
        melLog(power, logMel);
        dct(logMel, out, outOffset);
    }

    /**
     * Steps 1–2: windowed, zero-padded, unnormalized FFT power spectrum P[b], b = 0..fftSize/2,
     * into {@code power} (length ≥ numBins).
     */
    public void powerSpectrum(float[] samples, int offset, float[] power) {
        spectrum(samples, offset, power, config.numBins());
    }

    /** Power of bins 0..bins-1 only (the filters never read higher bins). */
    private void spectrum(float[] samples, int offset, float[] power, int bins) {
        int win = config.windowSamples();
        float[] w = tables.window;
        float[] buf = fftBuf;
        for (int i = 0; i < win; i++) {
            buf[i] = samples[offset + i] * w[i];
        }
        java.util.Arrays.fill(buf, win, buf.length, 0f);
        fft.forwardTransform(buf); // JTransforms packing: [Re0, Re(N/2), Re1, Im1, Re2, Im2, ...]
        int half = config.fftSize() / 2;
        power[0] = buf[0] * buf[0];
        if (bins > half) {
            power[half] = buf[1] * buf[1];
        }
        for (int b = 1, end = Math.min(bins, half); b < end; b++) {
            float re = buf[2 * b];
            float im = buf[2 * b + 1];
            power[b] = re * re + im * im;
        }
    }

    /** Steps 3–4: L_j = ln(max(Σ_b w_j[b]·P[b], logFloor)). */
    public void melLog(float[] power, float[] logMel) {
        int[] start = tables.melStart;
        int[] len = tables.melLen;
        int[] off = tables.melOffset;
        float[] wts = tables.melWeights;
        float floor = (float) config.logFloor();
        for (int j = 0; j < start.length; j++) {
            float e = 0f;
            int s = start[j];
            int o = off[j];
            for (int i = 0, n = len[j]; i < n; i++) {
                e += wts[o + i] * power[s + i];
            }
            logMel[j] = (float) Math.log(Math.max(e, floor));
        }
    }

    /** Step 5: c_k = Σ_j dct[k][j]·L_j. */
    public void dct(float[] logMel, float[] out, int outOffset) {
        float[] d = tables.dct;
        int m = logMel.length;
        for (int k = 0, nc = config.numCoefficients(); k < nc; k++) {
            float c = 0f;
            int row = k * m;
            for (int j = 0; j < m; j++) {
                c += d[row + j] * logMel[j];
            }
            out[outOffset + k] = c;
        }
    }
}
