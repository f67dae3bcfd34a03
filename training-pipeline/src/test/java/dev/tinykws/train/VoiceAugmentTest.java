package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.tinykws.features.FrontendConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceAugmentTest {

    @Test
    void noiseFloorRemovesDigitalSilenceAtTheConfiguredLevel() {
        VoiceAugment v = new VoiceAugment(new VoiceOptions(0, -60, 0, "none", null), FrontendConfig.defaults());
        assertTrue(v.active());
        Random r = new Random(1);
        for (int k = 0; k < 20; k++) {
            float[] x = v.addNoiseFloor(new float[16000], r);
            double e = 0;
            int zeros = 0;
            for (float s : x) {
                e += s * s;
                zeros += s == 0 ? 1 : 0;
            }
            double db = 10 * Math.log10(e / x.length);
            assertTrue(db > -60 - VoiceAugment.NOISE_SPREAD_DB - 0.5 && db < -60 + VoiceAugment.NOISE_SPREAD_DB + 0.5,
                    "level " + db);
            assertEquals(0, zeros);
        }
        VoiceAugment off = new VoiceAugment(VoiceOptions.none(), FrontendConfig.defaults());
        assertFalse(off.active());
        assertArrayEquals(new float[10], off.addNoiseFloor(new float[10], new Random(2)));
    }

    @Test
    void vtlpWarpsTheMelBandEdgesWithinTheRange() {
        FrontendConfig fe = FrontendConfig.defaults();
        VoiceAugment v = new VoiceAugment(new VoiceOptions(0, Double.NEGATIVE_INFINITY, 0.1, "none", null), fe);
        assertEquals(0.9, v.warpFactor(0), 1e-12);
        assertEquals(1.1, v.warpFactor(VoiceAugment.VTLP_STEPS - 1), 1e-12);
        assertSame(fe, v.warped(VoiceAugment.VTLP_STEPS / 2));
        FrontendConfig low = v.warped(0);
        assertEquals(fe.melHighHz() * 0.9, low.melHighHz(), 1e-9);
        assertEquals(fe.melLowHz() * 0.9, low.melLowHz(), 1e-9);
        // features through a warped bank differ from the plain ones, but keep the shape
        float[] clip = new float[16000];
        Random r = new Random(3);
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (0.3 * Math.sin(i * 2 * Math.PI * 440 / 16000) + 0.01 * r.nextGaussian());
        }
        float[] plain = new dev.tinykws.features.mfcc.ClipFeatures(fe).extract(clip);
        float[] warped = new dev.tinykws.features.mfcc.ClipFeatures(low).extract(clip);
        assertEquals(plain.length, warped.length);
        assertFalse(java.util.Arrays.equals(plain, warped));
        assertThrows(TrainingException.class, () -> new VoiceOptions(1, -60, 0.6, "none", null));
    }
}
