package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.golden.DetectorScenario;
import dev.tinykws.detect.golden.DetectorScenarios;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorTest {

    private static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");

    private static DetectorScenario scenario(String name) {
        Map<String, DetectorScenario> byName = DetectorScenarios.all().stream()
                .collect(Collectors.toMap(DetectorScenario::name, Function.identity()));
        return byName.get(name);
    }

    /** "t:label:score" strings of the expected detections. */
    private static List<String> dets(String scenario) {
        return scenario(scenario).expectedDetections().stream()
                .map(d -> d.tMs() + ":" + d.labelIndex() + ":" + d.scoreQ()).toList();
    }

    @Test
    void belowThresholdDetectsOnlyWhenAverageReachesThresholdQ() {
        // steps 0..8 at 178 (avg 178), step 9 = 182: (4*178+182)/5 = 178; step 10: (3*178+2*182)/5 = 179
        assertEquals(List.of("2000:2:179"), dets("below_threshold"));
    }

    @Test
    void suppressionBoundaryIsInclusive() {
        assertEquals(List.of("1000:2:230", "2000:2:230", "3000:2:230"), dets("suppression_boundary"));
    }

    @Test
    void labelSwitch() {
        // kw2 220 from 1000: count 3 at 1200, avg 220 -> detect. Switch at 1800 (step 8):
        // 1800: window (1300..1800] = 1400,1500,1600,1700 kw2 + 1800 kw3 -> kw2 avg (4*220+10)/5=178 < 179, top kw2
        // 1900: kw2 (3*220+2*10)/5 = 136, kw3 (3*10+2*220)/5 = 94 -> kw2 top, below threshold
        // 2000: kw3 (2*10+3*220)/5 = 136 top; 2100: 178; 2200: 220 -> detect kw3 (suppression 500 long over)
        assertEquals(List.of("1200:2:220", "1700:2:220", "2200:3:220", "2700:3:220"), dets("label_switch"));
    }

    @Test
    void minCount() {
        assertEquals(List.of("1200:2:250", "5200:2:250"), dets("min_count"));
    }

    @Test
    void windowEvictionAtExactBoundary() {
        assertEquals(List.of("1000:2:255", "2000:2:207"), dets("window_eviction"));
    }

    @Test
    void silenceAndUnknownNeverDetectAndTiesGoToLowestIndex() {
        assertEquals(List.of("1300:2:200", "1500:3:240"), dets("silence_unknown_top"));
    }

    @Test
    void queueKeepsAtMost64Entries() {
        // step 70 (t = 8000): 61 of 64 entries are 255 -> 255*61/64 = 243 >= 240; step 85 after suppression
        assertEquals(List.of("8000:2:243", "9500:2:255"), dets("queue_overflow"));
    }

    @Test
    void randomScenariosDetectSomethingButNotEverything() {
        for (String name : List.of("random_defaults", "random_jitter")) {
            DetectorScenario s = scenario(name);
            int n = s.expectedDetections().size();
            assertTrue(n >= 3 && n < s.tMs().length / 4, name + " has " + n + " detections");
        }
    }

    @Test
    void int8InputIsShiftedBy128() {
        Detector d = new Detector(new DetectorConfig(500, 0.7, 1500, 1, 5), LABELS);
        assertEquals(179, d.thresholdQ());
        // q = 51 -> p = 179
        var det = d.processInt8(1000, new byte[]{-128, -128, 51, -128});
        assertTrue(det.isPresent());
        assertEquals("yes", det.get().keyword());
        assertEquals(179, det.get().scoreQ());
        assertEquals("{\"t_ms\":1000,\"keyword\":\"yes\",\"score\":0.699}", det.get().toJson());
    }

    @Test
    void resetForgetsQueueAndSuppression() {
        Detector d = new Detector(new DetectorConfig(500, 0.5, 1500, 1, 5), LABELS);
        assertTrue(d.process(1000, new int[]{0, 0, 255, 0}).isPresent());
        assertFalse(d.process(1100, new int[]{0, 0, 255, 0}).isPresent());
        d.reset();
        assertEquals(0, d.queued());
        assertTrue(d.process(1200, new int[]{0, 0, 255, 0}).isPresent());
    }

    @Test
    void modelWithoutSilenceCanStillSkipUnknown() {
        Detector d = new Detector(new DetectorConfig(100, 0.5, 0, 1, 5), List.of("_unknown_", "go"));
        assertFalse(d.process(1000, new int[]{200, 50}).isPresent());
        assertEquals("go", d.process(1100, new int[]{50, 200}).orElseThrow().keyword());
    }

    @Test
    void scoreFormatting() {
        assertEquals("0.000", Detection.formatScore(0));
        assertEquals("0.004", Detection.formatScore(1));   // (1000 + 128) / 256 = 4
        assertEquals("0.996", Detection.formatScore(255));
        assertEquals("0.500", Detection.formatScore(128));
    }

    @Test
    void rejectsBadInput() {
        Detector d = new Detector(DetectorConfig.defaults(), LABELS);
        assertThrows(IllegalArgumentException.class, () -> d.process(0, new int[]{1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> d.process(0, new int[]{1, 2, 3, 256}));
        assertThrows(IllegalArgumentException.class, () -> d.setThresholdQ(256));
    }
}
