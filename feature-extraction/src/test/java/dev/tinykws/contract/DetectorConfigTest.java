package dev.tinykws.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DetectorConfigTest {

    @Test
    void dsCnnRunsEveryTwentyHopsSmallModelsEveryFive() {
        DetectorConfig ds = DetectorConfig.defaultsFor("ds-cnn-s");
        assertEquals(20, ds.strideFrames());
        assertEquals(800, ds.averageWindowMs());
        assertEquals(1, ds.minCount());
        assertEquals(DetectorConfig.defaults(), DetectorConfig.defaultsFor("tiny-conv"));
        assertEquals(5, DetectorConfig.defaultsFor("tiny-conv").strideFrames());
    }

    @Test
    void thresholdQuantizesAsSpecSaysAndRejectsNonsense() {
        assertEquals(179, DetectorConfig.defaults().withThreshold(0.70).thresholdQ()); // round(179.2)
        assertEquals(255, DetectorConfig.defaults().withThreshold(1.0).thresholdQ());   // clamped
        assertEquals(0, DetectorConfig.defaults().withThreshold(0.0).thresholdQ());
        assertThrows(IllegalArgumentException.class, () -> DetectorConfig.defaults().withThreshold(1.5));
        assertThrows(IllegalArgumentException.class, () -> new DetectorConfig(500, 0.7, 1500, 0, 5));
    }
}
