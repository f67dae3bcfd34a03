package dev.tinykws.features.mfcc;

import be.tarsos.dsp.mfcc.MFCC;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FrontendTablesTest {

    private final FrontendConfig cfg = FrontendConfig.defaults();
    private final FrontendTables t = new FrontendTables(cfg);

    @Test
    void windowIsPeriodicHann() {
        float[] w = t.window();
        assertEquals(640, w.length);
        assertEquals(0f, w[0]);
        assertEquals(1f, w[320]);
        assertEquals(0.5f, w[160], 1e-7f);
        for (int n = 1; n < 320; n++) {
            assertEquals(w[n], w[640 - n], 0f, "periodic Hann is symmetric about N/2");
        }
        assertEquals((float) (0.5 - 0.5 * Math.cos(2 * Math.PI * 7 / 640)), w[7]);
    }

    @Test
    void melEdgesFollowHtkFormula() {
        double[] f = FrontendTables.melEdgesHz(cfg);
        assertEquals(42, f.length);
        assertEquals(20.0, f[0]);
        assertEquals(4000.0, f[41]);
        double step = (FrontendTables.hzToMel(4000) - FrontendTables.hzToMel(20)) / 41;
        for (int i = 1; i < 41; i++) {
            assertEquals(FrontendTables.hzToMel(20) + i * step, FrontendTables.hzToMel(f[i]), 1e-9);
            assertTrue(f[i] > f[i - 1]);
        }
        assertEquals(1000.0, FrontendTables.melToHz(FrontendTables.hzToMel(1000.0)), 1e-9);
        assertEquals(999.985, FrontendTables.hzToMel(1000.0), 1e-3);
    }

    @Test
    void filtersAreTrianglesWithPeakBelowOneAndNoBinAboveTheUpperEdge() {
        double[] f = FrontendTables.melEdgesHz(cfg);
        double binHz = 16000.0 / 1024;
        int total = 0;
        for (int j = 0; j < 40; j++) {
            int[] start = t.melStart();
            int[] len = t.melLen();
            assertTrue(len[j] >= 1, "filter " + j + " empty");
            assertEquals(total, t.melOffset()[j]);
            total += len[j];
            // every stored bin lies strictly inside (f_j, f_{j+2}) and the weight matches the formula
            for (int b = start[j]; b < start[j] + len[j]; b++) {
                double fb = b * binHz;
                assertTrue(fb > f[j] && fb < f[j + 2], "bin " + b + " outside filter " + j);
                double expect = fb <= f[j + 1] ? (fb - f[j]) / (f[j + 1] - f[j]) : (f[j + 2] - fb) / (f[j + 2] - f[j + 1]);
                assertEquals((float) expect, t.weight(j, b), 0f);
                assertTrue(t.weight(j, b) <= 1f);
            }
            // the bins just outside are outside the triangle
            assertTrue((start[j] - 1) * binHz <= f[j]);
            assertTrue((start[j] + len[j]) * binHz >= f[j + 2]);
        }
        assertEquals(total, t.melWeights().length);
        assertEquals(2, t.melStart()[0], "first filter starts at the first bin above 20 Hz (31.25 Hz)");
        assertEquals(256, t.binsUsed(), "no bin at or above 4000 Hz is used");
    }

    @Test
    void adjacentFiltersSumToOneBetweenTheFirstAndLastCentres() {
        double[] f = FrontendTables.melEdgesHz(cfg);
        double binHz = 16000.0 / 1024;
        for (int b = 0; b < 513; b++) {
            double fb = b * binHz;
            if (fb < f[1] || fb > f[40]) {
                continue;
            }
            double sum = 0;
            for (int j = 0; j < 40; j++) {
                sum += t.weight(j, b);
            }
            assertEquals(1.0, sum, 1e-6, "bin " + b);
        }
    }

    @Test
    void dctIsOrthonormal() {
        float[] d = t.dct();
        assertEquals(400, d.length);
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                double dot = 0;
                for (int j = 0; j < 40; j++) {
                    dot += (double) d[a * 40 + j] * d[b * 40 + j];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-6, "rows " + a + "," + b);
            }
        }
        assertEquals((float) Math.sqrt(1.0 / 40), d[5]);
        assertEquals((float) (Math.sqrt(2.0 / 40) * Math.cos(Math.PI * 3 * (7 + 0.5) / 40)), d[3 * 40 + 7]);
    }

    @Test
    void tooManyBandsForTheFftResolutionIsReported() {
        // 128 bands over 0..500 Hz (triangles ~6 Hz wide) with 15.6 Hz bins: the lowest triangles fall between two bins
        FrontendConfig narrow = FrontendConfig.fromJson(cfg.toJson().replace("\"melBands\":40", "\"melBands\":128")
                .replace("\"melLowHz\":20.0", "\"melLowHz\":0.0").replace("\"melHighHz\":4000.0", "\"melHighHz\":500.0"));
        FeatureException e = assertThrows(FeatureException.class, () -> new FrontendTables(narrow));
        assertTrue(e.getMessage().contains("contains no FFT bin"), e.getMessage());
    }

    /**
     * The reason we wrote our own filter bank: TarsosDSP's MFCC(640, 16000, 10, 40, 20, 4000) computes
     * its filter edges with an off-by-one, so the first filter starts at its own centre bin (the
     * 20 Hz lower edge is lost), and the last filter's upper edge is Nyquist (bin 320 = 8 kHz):
     * a ramp that lets energy far above 4 kHz in. Our filters cover exactly 20..4000 Hz.
     */
    @Test
    void tarsosFilterBankLosesTheLowerEdgeAndMakesTheLastFilterARampButOursDoesNot() {
        MFCC tarsos = new MFCC(640, 16000, 10, 40, 20, 4000);
        int[] c = tarsos.getCenterFrequencies(); // bin indices at 25 Hz resolution, M + 2 entries
        assertEquals(42, c.length);
        assertEquals(2, c[0], "TarsosDSP's lowest edge is bin 2 = 50 Hz, not 20 Hz");
        assertEquals(0, c[40], "TarsosDSP's last centre is left at 0");
        assertEquals(320, c[41], "TarsosDSP's last edge is Nyquist");

        // probe TarsosDSP's filter bank with single-bin spectra (magnitudes, 640-point FFT bins of 25 Hz)
        float[] at25Hz = new float[641];
        at25Hz[1] = 1f;
        float[] at6kHz = new float[641];
        at6kHz[240] = 1f;
        float[] low = tarsos.melFilter(at25Hz, c);
        assertEquals(0f, low[0], "TarsosDSP's first filter ignores 25 Hz although its lower edge should be 20 Hz");
        assertTrue(low[39] > 0.9f, "TarsosDSP's last filter (meant for ~3.8 kHz) responds to 25 Hz: a ramp from bin 0");
        float[] high = tarsos.melFilter(at6kHz, c);
        assertTrue(high[39] > 0.2f, "TarsosDSP's last filter responds to 6 kHz: the ramp runs to Nyquist");

        // ours: the first filter responds at 31.25 Hz, nothing responds at or above 4 kHz
        assertTrue(t.weight(0, 2) > 0f, "our first filter covers 31.25 Hz");
        for (int j = 0; j < 40; j++) {
            for (int b = 256; b < 513; b++) {
                assertEquals(0f, t.weight(j, b), "filter " + j + " bin " + b);
            }
        }
        // our last filter is a full triangle: rises then falls to zero before 4 kHz
        int last = 39;
        int s = t.melStart()[last];
        int n = t.melLen()[last];
        float peak = 0;
        int peakAt = -1;
        for (int b = s; b < s + n; b++) {
            if (t.weight(last, b) > peak) {
                peak = t.weight(last, b);
                peakAt = b;
            }
        }
        assertTrue(peakAt > s && peakAt < s + n - 1, "peak inside the filter");
        assertTrue(t.weight(last, s + n - 1) < 0.2f, "falls towards zero at the upper edge");
    }

    /** The firmware FFT's quarter-wave cosine table: cos(2πk/N), k = 0..N/4, each within an ulp. */
    @Test
    void fftCosIsAQuarterWaveAccurateToAnUlp() {
        float[] c = t.fftCos();
        assertEquals(1024 / 4 + 1, c.length);
        assertEquals(Float.floatToRawIntBits(1f), Float.floatToRawIntBits(c[0]));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(c[256]), "cos(pi/2) stored as +0 (sin 0)");
        assertEquals((float) Math.sqrt(0.5), c[128], 0f, "cos(pi/4)");
        for (int n = 16; n <= 65536; n *= 2) {
            float[] q = FrontendTables.computeFftCos(n);
            assertEquals(n / 4 + 1, q.length);
            float step = (float) (2 * Math.PI) / n;
            for (int k = 0; k <= n / 4; k++) {
                // the float nearest to the cosine of the first-octant float angle (sine of the
                // complementary one), as the firmware computed at start-up before
                int j = k <= n / 8 ? k : n / 4 - k;
                float a = step * j;
                double ref = k <= n / 8 ? Math.cos(a) : Math.sin(a);
                assertEquals(ref, q[k], Math.ulp(q[k]) / 2 + 1e-15, "n " + n + " k " + k + " nearest float");
                // and close to cos(2 pi k / n): an ulp plus the rounding of the angle
                assertEquals(Math.cos(2 * Math.PI * k / n), q[k], Math.ulp(q[k]) + 2 * Math.ulp(a) + 1e-15, "n " + n + " k " + k);
                if (k > 0) {
                    assertTrue(q[k] <= q[k - 1], "n " + n + " k " + k + " non-increasing");
                }
            }
        }
    }
}
