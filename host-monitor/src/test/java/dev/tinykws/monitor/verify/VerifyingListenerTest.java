package dev.tinykws.monitor.verify;

import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.log.DetectionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code monitor --verify-with}: device detections re-scored on the recording the device heard. */
class VerifyingListenerTest {

    @Test
    void writesAVerdictPerDetection(@TempDir Path tmp) throws Exception {
        float[] x = SecondStageTest.stream();
        short[] pcm = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            pcm[i] = (short) Math.round(x[i] * 32767);
        }
        Path wav = tmp.resolve("stream.wav");
        WavFiles.writeNew(wav, pcm, 16000);
        float[] audio = VerifyingListener.readRecording(wav);
        assertEquals(x.length, audio.length);
        try (VerifyingListener l = new VerifyingListener(new SecondStage(SecondStageTest.LOUDNESS, 0.5, 16000, null),
                audio, tmp.resolve("out"))) {
            l.onDetection(new DetectionEvent(Instant.now(), "dev", "tcp://x", 3600, "yes", "0.410", 1), 0);
            l.onDetection(new DetectionEvent(Instant.now(), "dev", "tcp://x", 7000, "yes", "0.390", 2), 0);
            l.onDetection(new DetectionEvent(Instant.now(), "dev", "tcp://x", 60000, "yes", "0.900", 3), 0);
            assertEquals(1, l.confirmed());
            assertEquals(1, l.rejected());
            assertEquals(1, l.unverified());
        }
        List<String> lines = Files.readAllLines(tmp.resolve("out").resolve(VerifyingListener.FILE));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"t_ms\":3600") && lines.get(0).contains("\"verdict\":\"confirmed\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"verdict\":\"rejected\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"verdict\":\"unverified\""), lines.get(2));
    }
}
