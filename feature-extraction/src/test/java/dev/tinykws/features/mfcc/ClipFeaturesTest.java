package dev.tinykws.features.mfcc;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class ClipFeaturesTest {

    private final FrontendConfig cfg = FrontendConfig.defaults();
    private final ClipFeatures cf = new ClipFeatures(cfg);

    @Test
    void extractIsFramesPerClipTimesCoefficientsInTkOrder() {
        float[] x = MfccTest.tone(500, 0.3, 16000);
        float[] raw = cf.rawMfcc(x);
        assertEquals(490, raw.length);
        float[][] frames = new Mfcc(cfg).frames(x);
        for (int t = 0; t < 49; t++) {
            for (int k = 0; k < 10; k++) {
                assertEquals(frames[t][k], raw[t * 10 + k]);
            }
        }
    }

    @Test
    void shortClipsAreZeroPaddedAndLongOnesTrimmed() {
        float[] x = MfccTest.tone(500, 0.3, 16000);
        float[] half = Arrays.copyOf(x, 8000);
        assertArrayEquals(cf.rawMfcc(Arrays.copyOf(half, 16000)), cf.rawMfcc(half));
        float[] longer = Arrays.copyOf(x, 20000);
        longer[17000] = 1f;
        assertArrayEquals(cf.rawMfcc(x), cf.rawMfcc(longer));
        assertEquals(490, cf.extract(new float[10]).length);
    }

    @Test
    void cmsRemovesThePerCoefficientMean() {
        float[] x = MfccTest.tone(900, 0.3, 16000);
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 16000; i++) {
            x[i] += (float) (0.01 * r.nextGaussian()); // keeps every band above the log floor
            if (i >= 8000) {
                x[i] *= 0.1f;
            }
        }
        float[] f = cf.extract(x);
        float[] raw = cf.rawMfcc(x);
        for (int k = 0; k < 10; k++) {
            double mean = 0;
            for (int t = 0; t < 49; t++) {
                mean += f[t * 10 + k];
            }
            assertEquals(0.0, mean / 49, 1e-4, "c" + k);
        }
        // exactly the documented float arithmetic
        float sum = 0f;
        for (int t = 0; t < 49; t++) {
            sum += raw[t * 10];
        }
        assertEquals(raw[7 * 10] - sum / 49, f[7 * 10]);
        // a gain change (a constant offset in c0 only, while no band hits the log floor) disappears
        float[] louder = x.clone();
        for (int i = 0; i < louder.length; i++) {
            louder[i] *= 2f;
        }
        float[] f2 = cf.extract(louder);
        for (int i = 0; i < f.length; i++) {
            assertEquals(f[i], f2[i], 2e-3, "index " + i);
        }
        FrontendConfig noCms = FrontendConfig.fromJson(cfg.toJson().replace("\"cepstralMeanSubtraction\":true",
                "\"cepstralMeanSubtraction\":false"));
        assertArrayEquals(raw, new ClipFeatures(noCms).extract(x));
        assertThrows(FeatureException.class, () -> ClipFeatures.applyCms(new float[10], 49, 10));
    }

    @Test
    void roundingIsHalfAwayFromZeroUnlikeMathRound() {
        assertEquals(-3, ClipFeatures.roundHalfAwayFromZero(-2.5f));
        assertEquals(-2, Math.round(-2.5f));
        assertEquals(3, ClipFeatures.roundHalfAwayFromZero(2.5f));
        assertEquals(-2, ClipFeatures.roundHalfAwayFromZero(-2.4999998f));
        assertEquals(0, ClipFeatures.roundHalfAwayFromZero(0.49999997f)); // Math.floor(x + 0.5f) in float gives 1
        assertEquals(1, ClipFeatures.roundHalfAwayFromZero(0.5f));
        assertEquals(0, ClipFeatures.roundHalfAwayFromZero(-0.0f));
        assertEquals(0, ClipFeatures.roundHalfAwayFromZero(Float.NaN));
    }

    @Test
    void quantizeFollowsSpec() {
        float s = 0.5f;
        int zp = -3;
        assertEquals(-3, ClipFeatures.quantize(0f, s, zp));
        assertEquals(-3 + 3, ClipFeatures.quantize(1.25f, s, zp)); // 2.5 -> 3
        assertEquals(-3 - 3, ClipFeatures.quantize(-1.25f, s, zp)); // -2.5 -> -3
        assertEquals(127, ClipFeatures.quantize(1000f, s, zp));
        assertEquals(-128, ClipFeatures.quantize(-1000f, s, zp));
        assertEquals(-128, ClipFeatures.quantize(Float.NEGATIVE_INFINITY, s, zp));
        // the division is a float division: 0.3f / 0.1f rounds to 3.0000002f in float, 2.9999999 in double
        assertEquals(3, ClipFeatures.quantize(0.3f, 0.1f, 0));
        byte[] q = cf.quantize(new float[] {0f, 0.32f, -0.16f, 0.48f});
        assertArrayEquals(new byte[] {-32, -31, -33, -30}, q);
        assertEquals(0.32f, ClipFeatures.dequantize((byte) -31, 0.32f, -32));
    }

    @Test
    void defaultQuantizationCoversSpeechFeatures() {
        float[] f = cf.extract(MfccTest.tone(300, 0.5, 16000));
        byte[] q = cf.quantize(f);
        for (int i = 0; i < q.length; i++) {
            assertEquals(f[i], ClipFeatures.dequantize(q[i], cfg.inputScale(), cfg.inputZeroPoint()), cfg.inputScale() / 2 + 1e-6);
        }
    }
}
