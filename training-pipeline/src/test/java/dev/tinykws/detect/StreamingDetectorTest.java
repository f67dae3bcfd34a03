package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamingDetectorTest {

    private static final StreamGeometry G = new StreamGeometry(16000, 640, 320, 49, 10, true, 0.5f, 0);

    @Test
    void inferenceTimesFollowSpec() {
        List<Long> times = new ArrayList<>();
        StreamingDetector sd = new StreamingDetector(G, 5, f -> new byte[]{127, -128}, null, null);
        sd.addInferenceListener((t, s) -> times.add(t));
        for (int k = 0; k < 60; k++) {
            sd.onFrame(k, new float[10]);
        }
        // after frames 48, 53, 58: t = (k*320 + 640)*1000/16000
        assertEquals(List.of(1000L, 1100L, 1200L), times);
        assertEquals(3, sd.inferences());
        assertEquals(60, sd.frames());
    }

    @Test
    void oddGeometryUsesIntegerDivision() {
        StreamGeometry g = new StreamGeometry(16000, 480, 330, 3, 1, false, 1f, 0);
        assertEquals((2 * 330 + 480) * 1000 / 16000, g.frameEndMs(2));
        assertEquals(71, g.frameEndMs(2)); // 1140000/16000 = 71.25
    }

    @Test
    void windowIsOldestFirstWithCmsAndRoundHalfAway() {
        // 3 frames of 2 coefficients, stride 1; frame k has coefficient values (k, -k) + offset
        StreamGeometry g = new StreamGeometry(16000, 640, 320, 3, 2, true, 1f, 0);
        List<byte[]> inputs = new ArrayList<>();
        StreamingDetector sd = new StreamingDetector(g, 1, in -> {
            inputs.add(in.clone());
            return new byte[]{0};
        }, null, null);
        sd.onFrame(0, new float[]{10f, 0f});
        sd.onFrame(1, new float[]{12.5f, 1f});
        sd.onFrame(2, new float[]{17.5f, 2f});
        sd.onFrame(3, new float[]{100f, -4f});
        assertEquals(2, inputs.size());
        // window 0..2: means 13.333, 1 -> 10-13.333=-3.333->-3, -0.833->-1, 4.1667->4 ; 0-1=-1, 0, 1
        assertArrayEquals(new byte[]{-3, -1, -1, 0, 4, 1}, inputs.get(0));
        // window 1..3: mean c0 = 130/3 = 43.333 -> -30.83->-31, -25.83->-26, 56.67->57; c1 mean -1/3 -> 1.33->1, 2.33->2, -3.67->-4
        assertArrayEquals(new byte[]{-31, 1, -26, 2, 57, -4}, inputs.get(1));
    }

    @Test
    void quantizationRoundsHalfAwayFromZeroAndClamps() {
        assertArrayEquals(new byte[]{-3, 3, -2, 127, -128, 0},
                dev.tinykws.features.mfcc.ClipFeatures.quantize(new float[]{-2.5f, 2.5f, -1.5f, 1000f, -1000f, 0f}, 1f, 0));
        assertArrayEquals(new byte[]{2, 8}, dev.tinykws.features.mfcc.ClipFeatures.quantize(new float[]{-1.5f, 1.5f}, 0.5f, 5));
    }

    @Test
    void detectionsFlowThroughTheDetector() {
        List<String> labels = List.of("_silence_", "_unknown_", "yes");
        List<Detection> dets = new ArrayList<>();
        Detector d = new Detector(new DetectorConfig(500, 0.7, 1500, 3, 5), labels);
        // fake scorer: "yes" when the (CMS-free) window's last frame coefficient 0 is positive
        StreamGeometry g = new StreamGeometry(16000, 640, 320, 49, 1, false, 1f, 0);
        StreamingDetector sd = new StreamingDetector(g, 5, in -> in[48] > 0 ? new byte[]{-128, -128, 127}
                : new byte[]{127, -128, -128}, d, dets::add);
        for (int k = 0; k < 200; k++) {
            sd.onFrame(k, new float[]{k >= 100 && k < 130 ? 1f : 0f});
        }
        // inferences after frames 48, 53, ... at t = 20k + 40; "yes" at frames 103..128 (t 2100..2600).
        // t 2300: window (1800, 2300] holds 5 entries, 3 yes -> 3*255/5 = 153 < 179; t 2400: 4 yes -> 204
        assertEquals(1, dets.size());
        assertEquals(2400, dets.get(0).tMs());
        assertEquals(204, dets.get(0).scoreQ());
        assertEquals("yes", dets.get(0).keyword());
    }

    @Test
    void framesMustBeInOrder() {
        StreamingDetector sd = new StreamingDetector(G, 5, f -> new byte[]{0}, null, null);
        assertThrows(IllegalStateException.class, () -> sd.onFrame(1, new float[10]));
    }
}
