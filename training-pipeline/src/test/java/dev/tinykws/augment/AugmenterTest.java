package dev.tinykws.augment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AugmenterTest {

    /** A 1 s "word": a 300 ms harmonic burst in the middle. */
    static float[] word() {
        float[] x = new float[16000];
        for (int i = 6000; i < 10800; i++) {
            double t = i / 16000.0;
            double env = Math.sin(Math.PI * (i - 6000) / 4800.0);
            x[i] = (float) (0.3 * env * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t)
                    + 0.25 * Math.sin(2 * Math.PI * 1500 * t)));
        }
        return x;
    }

    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void mixAtSnrMeasuresToTheRequestedSnr() {
        float[] s = word();
        float[] longNoise = noise(48000, 1);
        float[] shortNoise = noise(5000, 2);
        for (double snr : new double[] {-5, 0, 3, 10, 20, 40}) {
            for (float[] n : List.of(longNoise, shortNoise)) {
                float[] m = Mixer.mixAtSnr(s, n, snr, new Random(7));
                assertEquals(s.length, m.length);
                assertEquals(snr, Mixer.measureSnrDb(s, m), 0.01, "snr " + snr);
            }
        }
        assertArrayEquals(s, Mixer.mixAtSnr(s, new float[100], 10, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Mixer.mixAtSnr(s, new float[0], 10, new Random(1)));
    }

    @Test
    void augmentationIsReproducibleForASeed() {
        Augmenter a = new Augmenter(AugmentConfig.defaults(), List.of(noise(40000, 3), noise(20000, 4)));
        float[] in = word();
        float[] copy = in.clone();
        for (long seed = 0; seed < 20; seed++) {
            float[] x = a.apply(in, new Random(seed));
            float[] y = a.apply(in, new Random(seed));
            assertArrayEquals(x, y);
            assertEquals(16000, x.length);
            float peak = 0;
            for (float v : x) {
                assertTrue(Float.isFinite(v));
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak <= 0.99f + 1e-6f);
        }
        assertArrayEquals(copy, in, "input must not be modified");
        assertFalse(java.util.Arrays.equals(a.apply(in, new Random(1)), a.apply(in, new Random(2))));
    }

    @Test
    void noneIsTheIdentity() {
        Augmenter a = new Augmenter(AugmentConfig.none(), List.of(noise(20000, 3)));
        float[] in = word();
        assertArrayEquals(in, a.apply(in, new Random(5)));
        float[] f = new float[49 * 10];
        java.util.Arrays.fill(f, 1f);
        Augmenter.specAugment(f, 49, 10, new Random(1), AugmentConfig.none());
        for (float v : f) {
            assertEquals(1f, v);
        }
    }

    @Test
    void reverberationAddsADecayingTailWithTheRequestedRt60() {
        Random rng = new Random(11);
        for (double rt60 : new double[] {0.2, 0.5, 0.8}) {
            float[] h = RoomImpulse.generate(rt60, 0.5, 16000, rng);
            // Schroeder backward integration: the energy decay curve falls ~60 dB at rt60 (tail fit
            // from -5 to -25 dB, extrapolated: T20).
            double[] edc = new double[h.length];
            double acc = 0;
            for (int i = h.length - 1; i >= 0; i--) {
                acc += h[i] * h[i];
                edc[i] = acc;
            }
            int t5 = -1;
            int t25 = -1;
            for (int i = 0; i < h.length; i++) {
                double db = 10 * Math.log10(edc[i] / edc[0]);
                if (t5 < 0 && db <= -5) {
                    t5 = i;
                }
                if (t25 < 0 && db <= -25) {
                    t25 = i;
                }
            }
            double est = 3.0 * (t25 - t5) / 16000.0;
            assertEquals(rt60, est, rt60 * 0.35, "rt60 " + rt60);
        }
        float[] dry = new float[16000];
        dry[4000] = 1;
        float[] wet = Augmenter.reverberate(dry, 0.6, 0.5, 0.7, new Random(3));
        double tail = 0;
        for (int i = 4400; i < 8000; i++) {
            tail += wet[i] * wet[i];
        }
        assertTrue(tail > 0.01 * Mixer.energy(wet), "reverb must leave energy after the impulse");
        assertEquals(Mixer.energy(dry), Mixer.energy(wet), 1e-3, "level is kept");
    }

    @Test
    void biquadDesignsHaveTheExpectedResponse() {
        double fs = 16000;
        Biquad hp = Biquad.highPass(fs, 300, 0.707);
        assertEquals(Math.sqrt(0.5), hp.magnitude(fs, 300), 1e-3);
        assertTrue(hp.magnitude(fs, 50) < 0.05);
        assertEquals(1, hp.magnitude(fs, 4000), 0.01);
        Biquad lp = Biquad.lowPass(fs, 3400, 0.707);
        assertEquals(Math.sqrt(0.5), lp.magnitude(fs, 3400), 1e-3);
        assertTrue(lp.magnitude(fs, 7900) < 0.05);
        assertEquals(Math.pow(10, 6 / 20.0), Biquad.lowShelf(fs, 300, 6).magnitude(fs, 20), 0.02);
        assertEquals(Math.pow(10, -6 / 20.0), Biquad.highShelf(fs, 3000, -6).magnitude(fs, 7900), 0.02);
        assertEquals(Math.pow(10, 4 / 20.0), Biquad.peaking(fs, 1000, 1, 4).magnitude(fs, 1000), 1e-3);
    }

    @Test
    void fftConvolutionMatchesDirectConvolution() {
        Random r = new Random(9);
        float[] x = new float[300];
        float[] h = new float[77];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) r.nextGaussian();
        }
        float[] y = Fft.convolve(x, h);
        for (int n = 0; n < x.length; n++) {
            double acc = 0;
            for (int k = 0; k < h.length && k <= n; k++) {
                acc += x[n - k] * h[k];
            }
            assertEquals(acc, y[n], 1e-4);
        }
    }

    @Test
    void speedAndShiftKeepTheLength() {
        float[] x = word();
        float[] fast = Augmenter.resample(x, 1.1);
        assertEquals(Math.round(16000 / 1.1), fast.length);
        assertEquals(16000, Augmenter.fitCentred(fast, 16000).length);
        float[] s = Augmenter.shift(x, 1600);
        assertEquals(x[6000], s[7600]);
        assertEquals(0f, s[100]);
        float[] l = Augmenter.shift(x, -1600);
        assertEquals(x[7600], l[6000]);
    }

    @Test
    void specAugmentMasksRunsOfFramesAndCoefficients() {
        AugmentConfig cfg = new AugmentConfig(0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 1, 2);
        int zeroRowsMax = 10;
        for (long seed = 0; seed < 50; seed++) {
            float[] f = new float[49 * 10];
            java.util.Arrays.fill(f, 1f);
            Augmenter.specAugment(f, 49, 10, new Random(seed), cfg);
            int zeroRows = 0;
            for (int t = 0; t < 49; t++) {
                boolean all = true;
                for (int c = 0; c < 10; c++) {
                    all &= f[t * 10 + c] == 0f;
                }
                zeroRows += all ? 1 : 0;
            }
            assertTrue(zeroRows <= zeroRowsMax);
            float[] g = new float[49 * 10];
            java.util.Arrays.fill(g, 1f);
            Augmenter.specAugment(g, 49, 10, new Random(seed), cfg);
            assertArrayEquals(f, g);
        }
        assertThrows(IllegalArgumentException.class,
                () -> Augmenter.specAugment(new float[10], 49, 10, new Random(1), cfg));
    }

    @Test
    void loadBackgroundsSkipsBadFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path good = dev.tinykws.dataset.TestWavs.write(dir.resolve("a.wav"), noise(32000, 1), 16000, 1, 16);
        java.nio.file.Path stereo44k = dev.tinykws.dataset.TestWavs.write(dir.resolve("b.wav"), noise(44100 * 2, 2), 44100, 2, 16);
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("c.wav"), "not audio");
        List<float[]> bg = Augmenter.loadBackgrounds(List.of(good, bad, stereo44k));
        assertEquals(2, bg.size());
        assertEquals(32000, bg.get(0).length);
        assertEquals(16000, bg.get(1).length, 2);
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new AugmentConfig(0, 1.2, 1.1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AugmentConfig(0, 1, 1, 2, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0, AugmentConfig.defaults().withBackgroundProb(0).backgroundProb());
        assertEquals(0, AugmentConfig.defaults().withoutSpecAugment().timeMasks());
    }
}
