package dev.tinykws.features.mfcc;

import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class MfccTest {

    private final FrontendConfig cfg = FrontendConfig.defaults();
    private final Mfcc mfcc = new Mfcc(cfg);
    private final FrontendTables t = mfcc.tables();

    @Test
    void frameCountHasNoPadding() {
        assertEquals(0, mfcc.frameCount(639));
        assertEquals(1, mfcc.frameCount(640));
        assertEquals(1, mfcc.frameCount(959));
        assertEquals(2, mfcc.frameCount(960));
        assertEquals(49, mfcc.frameCount(16000));
        assertEquals(49, mfcc.frames(new float[16000]).length);
        assertEquals(10, mfcc.frames(new float[16000])[0].length);
    }

    @Test
    void parsevalHoldsForTheUnnormalizedPowerSpectrum() {
        Random r = new Random(42);
        float[] x = new float[640];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.3);
        }
        float[] p = new float[513];
        mfcc.powerSpectrum(x, 0, p);
        float[] w = t.window();
        double timeEnergy = 0;
        for (int i = 0; i < 640; i++) {
            double y = (double) x[i] * w[i];
            timeEnergy += y * y;
        }
        double freqEnergy = p[0] + p[512];
        for (int b = 1; b < 512; b++) {
            freqEnergy += 2.0 * p[b];
        }
        freqEnergy /= 1024;
        assertEquals(timeEnergy, freqEnergy, timeEnergy * 1e-5);
    }

    @Test
    void powerSpectrumMatchesANaiveDft() {
        Random r = new Random(7);
        float[] x = new float[640];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] p = new float[513];
        mfcc.powerSpectrum(x, 0, p);
        double[] ref = naivePower(x, t.window(), 1024);
        for (int b = 0; b < 513; b++) {
            assertEquals(ref[b], p[b], 1e-4 * Math.max(1, ref[b]), "bin " + b);
        }
    }

    @Test
    void wholeMfccMatchesAnIndependentDoublePrecisionReference() {
        Random r = new Random(3);
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.05 * r.nextGaussian());
        }
        float[][] got = mfcc.frames(x);
        for (int f : new int[] {0, 17, 48}) {
            double[] ref = referenceMfcc(x, f * 320);
            for (int k = 0; k < 10; k++) {
                assertEquals(ref[k], got[f][k], 1e-3, "frame " + f + " c" + k);
            }
        }
    }

    @Test
    void pureToneLandsInTheMelBandCentredOnIt() {
        double[] edges = FrontendTables.melEdgesHz(cfg);
        for (int band : new int[] {5, 12, 20, 30, 38}) {
            double hz = edges[band + 1]; // centre of filter `band`
            float[] x = tone(hz, 0.5, 640);
            float[] p = new float[513];
            float[] logMel = new float[40];
            mfcc.powerSpectrum(x, 0, p);
            mfcc.melLog(p, logMel);
            int best = 0;
            for (int j = 1; j < 40; j++) {
                if (logMel[j] > logMel[best]) {
                    best = j;
                }
            }
            assertEquals(band, best, "tone at " + hz + " Hz");
            // and neighbours two bands away are far below (Hann sidelobes are > 30 dB down)
            if (band >= 2) {
                assertTrue(logMel[band] - logMel[band - 2] > 3, "band " + band);
            }
        }
    }

    @Test
    void toneAbove4kHzIsInvisible() {
        float[] p = new float[513];
        float[] logMel = new float[40];
        mfcc.powerSpectrum(tone(6000, 0.9, 640), 0, p);
        mfcc.melLog(p, logMel);
        float loud = logMel[0];
        float[] pq = new float[513];
        float[] quiet = new float[40];
        mfcc.powerSpectrum(tone(2000, 0.9, 640), 0, pq);
        mfcc.melLog(pq, quiet);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logMel) {
            max = Math.max(max, v);
        }
        float maxQuiet = Float.NEGATIVE_INFINITY;
        for (float v : quiet) {
            maxQuiet = Math.max(maxQuiet, v);
        }
        assertTrue(maxQuiet - max > 10, "6 kHz leaks only through window sidelobes: " + max + " vs " + maxQuiet + " " + loud);
    }

    @Test
    void silenceGivesTheLogFloorExactly() {
        float[][] f = mfcc.frames(new float[16000]);
        float lf = (float) Math.log(1e-6f);
        for (float[] frame : f) {
            assertEquals(Math.sqrt(40) * lf, frame[0], 1e-3);
            for (int k = 1; k < 10; k++) {
                assertEquals(0.0, frame[k], 1e-4);
            }
        }
    }

    @Test
    void fullScaleNoiseGivesTheExpectedMelEnergiesAndTheLargestC0() {
        Random r = new Random(11);
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1); // uniform full scale: variance 1/3
        }
        // E[P[b]] = σ² Σ w[n]² for white noise; so E[E_j] = σ² Σ w² Σ_b w_j[b]
        float[] w = t.window();
        double sw2 = 0;
        for (float v : w) {
            sw2 += (double) v * v;
        }
        double expectedBinPower = sw2 / 3.0;
        double[] meanE = new double[40];
        float[] p = new float[513];
        float[] logMel = new float[40];
        int frames = mfcc.frameCount(x.length);
        float c0Max = Float.NEGATIVE_INFINITY;
        float[] c = new float[10];
        for (int fr = 0; fr < frames; fr++) {
            mfcc.powerSpectrum(x, fr * 320, p);
            for (int j = 0; j < 40; j++) {
                double e = 0;
                for (int b = 0; b < 513; b++) {
                    e += t.weight(j, b) * p[b];
                }
                meanE[j] += e / frames;
            }
            mfcc.frame(x, fr * 320, c, 0);
            c0Max = Math.max(c0Max, c[0]);
        }
        for (int j = 5; j < 40; j++) { // the lowest bands hold 1-2 bins: too few for a tight average
            double sumW = 0;
            for (int b = 0; b < 513; b++) {
                sumW += t.weight(j, b);
            }
            assertEquals(expectedBinPower * sumW, meanE[j], 0.25 * expectedBinPower * sumW, "band " + j);
        }
        // the loudest speech fixture stays well below full-scale noise, silence far below both
        ClipFeatures cf = new ClipFeatures(cfg);
        float speechMax = Float.NEGATIVE_INFINITY;
        for (String name : Fixtures.NAMES) {
            float[] raw = cf.rawMfcc(AudioIO.readMono16k(Fixtures.copyTo(tmp).get(Fixtures.NAMES.indexOf(name))));
            for (int fr = 0; fr < 49; fr++) {
                speechMax = Math.max(speechMax, raw[fr * 10]);
            }
        }
        assertTrue(c0Max > speechMax + 5, "noise c0 " + c0Max + " vs speech " + speechMax);
        assertTrue(speechMax > Math.sqrt(40) * Math.log(1e-6) + 50);
    }

    @TempDir
    Path tmp;

    @Test
    void fixturesHaveSpeechInTheMiddleAndQuietEdges() {
        List<Path> wavs = Fixtures.copyTo(tmp);
        ClipFeatures cf = new ClipFeatures(cfg);
        for (Path p : wavs) {
            float[] raw = cf.rawMfcc(AudioIO.readMono16k(p));
            float edge = Math.max(raw[0], raw[48 * 10]);
            float middle = raw[24 * 10];
            assertTrue(middle - edge > 20, p + ": c0 middle " + middle + " edge " + edge);
        }
    }

    static float[] tone(double hz, double amp, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / 16000.0 + 0.3));
        }
        return x;
    }

    static double[] naivePower(float[] x, float[] w, int nfft) {
        double[] p = new double[nfft / 2 + 1];
        for (int b = 0; b <= nfft / 2; b++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < w.length; n++) {
                double y = (double) x[n] * w[n];
                double a = 2 * Math.PI * b * n / nfft;
                re += y * Math.cos(a);
                im -= y * Math.sin(a);
            }
            p[b] = re * re + im * im;
        }
        return p;
    }

    /** SPEC §2 steps 1–5 in double precision from the formulas (not from the tables). */
    private double[] referenceMfcc(float[] x, int off) {
        double[] w = new double[640];
        float[] seg = new float[640];
        for (int n = 0; n < 640; n++) {
            seg[n] = x[off + n];
        }
        float[] wf = new float[640];
        for (int n = 0; n < 640; n++) {
            w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / 640);
            wf[n] = (float) w[n];
        }
        double[] p = naivePower(seg, wf, 1024);
        double[] f = FrontendTables.melEdgesHz(cfg);
        double[] l = new double[40];
        for (int j = 0; j < 40; j++) {
            double e = 0;
            for (int b = 0; b <= 512; b++) {
                double fb = b * 16000.0 / 1024;
                double wt = 0;
                if (fb > f[j] && fb <= f[j + 1]) {
                    wt = (fb - f[j]) / (f[j + 1] - f[j]);
                } else if (fb > f[j + 1] && fb < f[j + 2]) {
                    wt = (f[j + 2] - fb) / (f[j + 2] - f[j + 1]);
                }
                e += wt * p[b];
            }
            l[j] = Math.log(Math.max(e, 1e-6));
        }
        double[] c = new double[10];
        for (int k = 0; k < 10; k++) {
            double s = k == 0 ? Math.sqrt(1.0 / 40) : Math.sqrt(2.0 / 40);
            for (int j = 0; j < 40; j++) {
                c[k] += s * l[j] * Math.cos(Math.PI * k * (j + 0.5) / 40);
            }
        }
        return c;
    }
}
