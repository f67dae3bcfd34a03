package dev.tinykws.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinykws.features.audio.ArrayAudioSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 14: a clip one sample short of 1 s got 0 inferences in {@code detect}; it is padded and scored once. */
class ShortInputTest {
    @Test
    void oneSampleShortOfOneSecondIsStillScoredOnce() {
        float[] clip = Arrays.copyOf(FakeModels.yesClip(), 15_999);
        AudioDetection.Summary s = AudioDetection.run(new ArrayAudioSource(clip, 16000), FakeModels.runtime(), d -> { });
        assertEquals(1, s.inferences());
        assertEquals(15_999, s.samples(), "the summary counts the real samples, not the padding");
    }

    @Test
    void exactlyOneSecondIsScoredOnceAsBefore() {
        float[] clip = Arrays.copyOf(FakeModels.yesClip(), 16_000);
        assertEquals(1, AudioDetection.run(new ArrayAudioSource(clip, 16000), FakeModels.runtime(), d -> { }).inferences());
    }
}
