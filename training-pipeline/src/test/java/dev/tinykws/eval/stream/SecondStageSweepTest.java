package dev.tinykws.eval.stream;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.monitor.verify.DetectionVerifier;
import dev.tinykws.monitor.verify.SecondStage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first stage that fires on a real keyword (score 0.6) and on two bursts of noise (0.5, 0.9):
 * alone it needs threshold 0.95 for no false accept (and misses the keyword); a verifier that
 * knows the keyword's audio keeps the hit and drops both false accepts.
 */
class SecondStageSweepTest {

    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes");

    @Test
    void secondStageRemovesFalseAcceptsTheDeviceCannot() {
        int sr = 16000;
        float[] audio = new float[60 * sr];
        for (int i = 10 * sr; i < 10.5 * sr; i++) {
            audio[i] = 0.5f; // the "keyword" audio the verifier recognises
        }
        ScoreTrace trace = new ScoreTrace(LABELS.size());
        for (long t = 100; t < 60_000; t += 100) {
            int yes = Math.abs(t - 10_500) <= 100 ? 154 : Math.abs(t - 30_000) <= 100 ? 128
                    : Math.abs(t - 45_000) <= 100 ? 230 : 5;
            trace.onInference(t, new byte[]{(byte) -128, (byte) (250 - yes - 128), (byte) (yes - 128)});
        }
        BuiltStream stream = new BuiltStream(audio, sr, List.of(new StreamEvent("yes", true, 10_000, 10_500, 10, "k")),
                List.of());
        DetectionVerifier v = new DetectionVerifier() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public double score(String keyword, float[] w) {
                double loud = 0;
                for (float x : w) {
                    loud += x > 0.25f ? 1 : 0;
                }
                return loud / w.length * 2;
            }
        };
        DetectorConfig cfg = new DetectorConfig(100, 0.5, 1000, 1, 1);
        List<SecondStageSweep.Point> pts = SecondStageSweep.sweep(trace, cfg, LABELS, stream, 750,
                new SecondStage(v, 0.5, sr, null), new int[]{100, 140, 240}, new double[]{0, 0.5});
        assertEquals(6, pts.size());
        SecondStageSweep.Point alone = SecondStageSweep.best(pts, 0, false);
        SecondStageSweep.Point both = SecondStageSweep.best(pts, 0, true);
        assertNotNull(alone);
        assertEquals(1, alone.score().misses(), "alone, no false accept only at 240/256: the keyword is lost");
        assertNotNull(both);
        assertEquals(0, both.score().misses());
        assertEquals(0, both.score().falseAccepts());
        assertTrue(both.deviceQ() <= 140);
    }
}
