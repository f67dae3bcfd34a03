package dev.tinykws.monitor.verify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecondStageTest {

    static final int SR = 16000;

    /** A fake verifier: its score for "yes" is the share of loud samples in the window (a "keyword" = a loud burst). */
    static final DetectionVerifier LOUDNESS = new DetectionVerifier() {
        @Override
        public String name() {
            return "loudness";
        }

        @Override
        public double score(String keyword, float[] w) {
            assertEquals(SR, w.length, "1-s windows");
            if (!keyword.equals("yes")) {
                return 0;
            }
            int loud = 0;
            for (float v : w) {
                loud += Math.abs(v) > 0.3f ? 1 : 0;
            }
            return Math.min(1, loud / (0.5 * SR));
        }
    };

    /** 10 s of quiet audio with a loud 0.6-s burst from 3.0 to 3.6 s. */
    static float[] stream() {
        float[] x = new float[10 * SR];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * Math.sin(i * 0.1));
        }
        for (int i = 3 * SR; i < 3.6 * SR; i++) {
            x[i] = (float) (0.8 * Math.sin(i * 0.3));
        }
        return x;
    }

    @Test
    void confirmsTheBurstAndRejectsQuietAudio() {
        float[] x = stream();
        List<Verdict> out = new ArrayList<>();
        SecondStage s = new SecondStage(LOUDNESS, 0.5, SR, out::add);
        for (int off = 0; off < x.length; off += 800) {
            s.audio(x, off, Math.min(800, x.length - off));
            if (off == 3700 * 16) {
                s.detection(3600, "yes", 0.4);   // device at a low threshold, on the burst
            }
            if (off == 7000 * 16) {
                s.detection(6900, "yes", 0.35);  // a device false accept in quiet audio
            }
        }
        s.finish();
        assertEquals(2, out.size());
        Verdict hit = out.get(0);
        assertTrue(hit.confirmed(), hit.toString());
        assertEquals(3600, hit.tMs());
        assertEquals(0.4, hit.deviceScore(), 0);
        assertTrue(hit.verifierScore() > 0.9, hit.toString());
        Verdict fa = out.get(1);
        assertFalse(fa.confirmed(), fa.toString());
        assertEquals("rejected", fa.word());
        assertTrue(fa.toJson().contains("\"verdict\":\"rejected\""), fa.toJson());
        assertTrue(hit.toJson().startsWith("{\"t_ms\":3600,\"keyword\":\"yes\",\"score\":0.400,\"verdict\":\"confirmed\""),
                hit.toJson());
    }

    @Test
    void aDetectionWaitsForTheAudioAfterIt() {
        float[] x = stream();
        List<Verdict> out = new ArrayList<>();
        SecondStage s = new SecondStage(LOUDNESS, 0.5, SR, out::add);
        s.audio(x, 0, 3600 * 16);
        s.detection(3600, "yes", 0.9);
        assertTrue(out.isEmpty(), "needs audio up to t + 250 ms first");
        s.audio(x, 3600 * 16, 250 * 16);
        assertEquals(1, out.size());
        assertTrue(out.get(0).confirmed());
    }

    @Test
    void wholeRecordingGivesTheSameVerdictsAndUnknownKeywordsAreRejected() {
        float[] x = stream();
        SecondStage s = new SecondStage(LOUDNESS, 0.5, SR, null);
        assertTrue(s.verify(3600, "yes", 0.5, x).confirmed());
        assertFalse(s.verify(3600, "no", 0.5, x).confirmed());
        Verdict none = s.verify(20_000, "yes", 0.5, x);
        assertFalse(none.hadAudio());
        assertEquals("unverified", none.word());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SecondStage(LOUDNESS, 1.5, SR, null));
        assertThrows(IllegalArgumentException.class, () -> new SecondStage(LOUDNESS, 0.5, SR, new int[0], null));
    }
}
