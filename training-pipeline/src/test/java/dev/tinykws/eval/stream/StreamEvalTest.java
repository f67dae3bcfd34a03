package dev.tinykws.eval.stream;

import dev.tinykws.detect.Calibration;
import dev.tinykws.detect.Detection;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.Charts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamEvalTest {

    private static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");
    private static final DetectorConfig CFG = new DetectorConfig(500, 0.7, 1500, 3, 5);

    private static Detection det(long t, String kw) {
        return new Detection(t, kw, LABELS.indexOf(kw), 200);
    }

    @Test
    void matcherCountsHitsMissesAndFalseAccepts() {
        List<StreamEvent> truth = List.of(
                new StreamEvent("yes", true, 1000, 1800, 10, "a"),
                new StreamEvent("no", true, 5000, 5700, 10, "b"),
                new StreamEvent("cat", false, 9000, 9600, 10, "c"),
                new StreamEvent("yes", true, 12000, 12500, 10, "d"));
        List<Detection> dets = List.of(
                det(2100, "yes"),    // hit (300 ms after the end)
                det(2400, "yes"),    // duplicate -> false accept
                det(5800, "yes"),    // wrong keyword at "no" -> false accept, "no" missed
                det(9700, "no"),     // on a distractor -> false accept
                det(13300, "yes"));  // 800 ms after the end > 750 tolerance -> false accept, missed
        StreamScore s = StreamMatcher.score(truth, dets, 750, 3_600_000 / 2);
        assertEquals(3, s.keywordEvents());
        assertEquals(1, s.hits());
        assertEquals(2, s.misses());
        assertEquals(4, s.falseAccepts());
        assertEquals(2.0 / 3, s.falseRejectRate(), 1e-12);
        assertEquals(8.0, s.falseAcceptsPerHour(), 1e-12);
        assertEquals(2, StreamMatcher.score(truth, dets, 800, 3_600_000).hits());
    }

    /**
     * A synthetic stream with a fake scorer: a keyword is scored high for 6 inferences after
     * its end when "recognized" (4 of 5 keywords), and two noise bursts are scored high too.
     */
    @Test
    void detSweepAndFrrFaOnSyntheticTrace() {
        List<StreamEvent> truth = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            truth.add(new StreamEvent("yes", true, 5000L * i + 2000, 5000L * i + 3000, 10, "k" + i));
        }
        long duration = 30_000;
        ScoreTrace trace = new ScoreTrace(LABELS.size());
        for (long t = 1000; t <= duration; t += 100) {
            byte[] q = {127, -128, -128, -128};
            for (int i = 0; i < 4; i++) {             // keyword 4 is never recognized
                long end = truth.get(i).endMs();
                if (t >= end - 100 && t < end + 500) {
                    q = new byte[]{-128, -128, 127, -128};
                }
            }
            if (t >= 26_000 && t < 26_600) {           // a strong false alarm burst: p = 230
                q = new byte[]{-128 + 25, -128, 102, -128};
            }
            if (t >= 28_000 && t < 28_600) {           // a weak one: p = 150
                q = new byte[]{-128 + 105, -128, 22, -128};
            }
            trace.onInference(t, q);
        }
        StreamScore atDefault = StreamMatcher.score(truth, trace.replay(CFG, LABELS, CFG.thresholdQ()), 750, duration);
        assertEquals(4, atDefault.hits());
        assertEquals(0.2, atDefault.falseRejectRate(), 1e-12);
        assertEquals(1, atDefault.falseAccepts());
        assertEquals(120.0, atDefault.falseAcceptsPerHour(), 1e-9);

        List<Charts.DetPoint> det = DetSweep.sweep(trace, CFG, LABELS, truth, 750, duration);
        assertEquals(256, det.size());
        assertEquals(2, det.get(140).faPerHour() / 120.0, 1e-9);  // both bursts above 140
        assertEquals(0, det.get(240).faPerHour());
        // FRR never decreases as the threshold grows
        for (int q = 1; q < 256; q++) {
            assertTrue(det.get(q).frr() >= det.get(q - 1).frr());
        }

        // Calibration on the same trace as if it were negative audio: the keyword bursts reach p = 255,
        // which even the highest threshold (255) accepts, so a target of 0/h cannot be met
        Calibration c = ThresholdCalibrator.fromTrace(trace, CFG, LABELS, duration, 0.0);
        assertEquals(false, c.targetReached());
        assertEquals(255, c.thresholdQ());
        assertEquals(4, c.falseAccepts());
        assertTrue(c.tooShortForTarget());
    }

    @Test
    void calibratorPicksLowestThresholdMeetingTheTarget() {
        // one hour of negative audio with bursts of averaged scores 150, 180, 200, 230 (several inferences each)
        ScoreTrace trace = new ScoreTrace(LABELS.size());
        int[] levels = {150, 180, 200, 230};
        for (long t = 1000; t <= 3_600_000; t += 100) {
            byte[] q = {127, -128, -128, -128};
            for (int i = 0; i < levels.length; i++) {
                long start = 600_000L * (i + 1);
                if (t >= start && t < start + 600) {
                    q = new byte[]{(byte) (255 - levels[i] - 128), -128, (byte) (levels[i] - 128), -128};
                }
            }
            trace.onInference(t, q);
        }
        // target 2/h: allow at most 2 false accepts -> bursts 200 and 230 pass, so threshold = 181
        Calibration c = ThresholdCalibrator.fromTrace(trace, CFG, LABELS, 3_600_000, 2.0);
        assertEquals(181, c.thresholdQ());
        assertEquals(2, c.falseAccepts());
        assertEquals(181 / 256.0, c.threshold(), 1e-12);
        assertEquals(181, CFG.withThreshold(c.threshold()).thresholdQ());
        // target 0/h: nothing may pass -> 231
        assertEquals(231, ThresholdCalibrator.fromTrace(trace, CFG, LABELS, 3_600_000, 0).thresholdQ());
    }

    @Test
    void builderIsDeterministicAndHitsTheSnr() {
        List<AudioSample> kws = List.of(new AudioSample("yes", "tone", () -> tone(1000, 0.3f)));
        List<AudioSample> dis = List.of(new AudioSample("cat", "tone2", () -> tone(300, 0.3f)));
        float[] noise = new float[16000 * 30];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (r.nextGaussian() * 0.1);
        }
        BuiltStream a = StreamBuilder.build(kws, dis, List.of(noise), 2, new double[]{10}, 42, 16000);
        BuiltStream b = StreamBuilder.build(kws, dis, List.of(noise), 2, new double[]{10}, 42, 16000);
        assertArrayEquals(a.samples(), b.samples());
        assertEquals(a.events(), b.events());
        assertEquals(120_000, a.durationMs());
        assertTrue(a.keywordEvents().size() >= 10, "keywords: " + a.keywordEvents().size());
        for (StreamEvent e : a.events()) {
            assertEquals(10.0, e.snrDb(), 0.05);
            // the tone is active from 250 to 750 ms of the clip
            assertEquals(e.startMs() + 750, e.endMs(), 20);
        }
        for (int i = 1; i < a.events().size(); i++) {
            assertTrue(a.events().get(i).startMs() >= a.events().get(i - 1).startMs() + 2000);
        }
    }

    @Test
    void detPngIsWritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("det.png");
        Charts.detPng(List.of(new Charts.DetPoint(0, 0.5, 200), new Charts.DetPoint(3, 0.2, 150),
                new Charts.DetPoint(50, 0.05, 100)), new Charts.DetPoint(3, 0.2, 150), "DET", f);
        assertNotNull(ImageIO.read(f.toFile()));
    }

    private static float[] tone(double hz, float amp) {
        float[] x = new float[16000];
        for (int i = 4000; i < 12000; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        return x;
    }
}
