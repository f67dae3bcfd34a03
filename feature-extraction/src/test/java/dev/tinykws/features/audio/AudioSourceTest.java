package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AudioSourceTest {

    @Test
    void arraySourceDeliversAllSamplesThenMinusOne() {
        float[] x = {1, 2, 3, 4, 5};
        try (ArrayAudioSource s = new ArrayAudioSource(x)) {
            assertEquals(16000, s.sampleRate());
            float[] b = new float[3];
            assertEquals(3, s.read(b, 0, 3));
            assertArrayEquals(new float[] {1, 2, 3}, b);
            assertEquals(2, s.read(b, 1, 3));
            assertArrayEquals(new float[] {1, 4, 5}, b);
            assertEquals(-1, s.read(b, 0, 3));
        }
    }

    @Test
    void microphoneEitherOpensOrFailsWithTheModuleException() {
        // CI machines have no capture device: the failure must be a FeatureException with a hint
        try (MicrophoneAudioSource mic = new MicrophoneAudioSource(320, 4)) {
            assertEquals(16000, mic.sampleRate());
        } catch (FeatureException e) {
            assertTrue(e.getMessage().contains("microphone"), e.getMessage());
        }
    }
}
