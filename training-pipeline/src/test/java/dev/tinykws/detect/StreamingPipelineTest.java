package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.features.mfcc.ClipFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingPipelineTest {

    @Test
    void firstStreamingWindowEqualsClipFeatures() {
        FrontendConfig f = FrontendConfig.defaults();
        float[] clip = Arrays.copyOf(FakeModels.yesClip(), f.clipSamples());
        byte[] expected = new ClipFeatures(f).quantize(new ClipFeatures(f).extract(clip));
        List<byte[]> windows = new ArrayList<>();
        ModelRuntime rt = new ModelRuntime("rec", f, FakeModels.LABELS, DetectorConfig.defaults(), in -> {
            windows.add(in.clone());
            return new byte[]{127, -128, -128};
        }, null);
        AudioDetection.Summary s = AudioDetection.run(new ArrayAudioSource(clip, 16000), rt, d -> { });
        assertEquals(1, windows.size(), "a 1 s stream holds exactly one model window");
        assertEquals(49, s.frames());
        assertArrayEquals(expected, windows.get(0));
    }

    @Test
    void detectsInsertedWordsNearTheirEnd() {
        float[] clip = FakeModels.yesClip();
        float[] stream = FakeModels.streamWith(clip, 12, 2.0, 7.0);
        List<Detection> dets = new ArrayList<>();
        AudioDetection.Summary s = AudioDetection.run(new ArrayAudioSource(stream, 16000), FakeModels.runtime(), dets::add);
        assertEquals(2, dets.size(), dets.toString());
        long clipMs = clip.length * 1000L / 16000;
        assertTrue(Math.abs(dets.get(0).tMs() - (2000 + clipMs)) <= 1000, dets.toString());
        assertTrue(Math.abs(dets.get(1).tMs() - (7000 + clipMs)) <= 1000, dets.toString());
        // 12 s: frames 1 + (192000-640)/320 = 599; inferences after frames 48, 53, ..., 598 -> 111
        assertEquals(599, s.frames());
        assertEquals(111, s.inferences());
    }
}
