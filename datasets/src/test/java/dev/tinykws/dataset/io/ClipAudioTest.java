package dev.tinykws.dataset.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.TestWavs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipAudioTest {
    @TempDir
    Path dir;

    @Test
    void aWriteFailureOfAStreamingConversionNamesTheDestinationNotTheTemporaryFile() throws Exception {
        Path src = TestWavs.write(dir.resolve("in/a.wav"), TestWavs.burst(16000, 8000, 0.1, 0.4, 0.5, 300), 8000, 2, 16);
        Path dst = dir.resolve("out/a.wav");
        // a temporary file that cannot be written (a directory: fails for root too)
        Path tmp = Files.createDirectories(dir.resolve("out/.tmp-broken.wav"));
        DatasetException e = assertThrows(DatasetException.class, () -> ClipAudio.convertStreaming(src, dst, tmp));
        assertTrue(e.getMessage().startsWith("cannot write " + dst + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("cannot write WAV file"), "one prefix, not two: " + e.getMessage());
        assertFalse(Files.exists(dst));
        // the reader's failures still name the source
        Path bad = Files.writeString(dir.resolve("in/bad.wav"), "not a wav");
        e = assertThrows(DatasetException.class, () -> ClipAudio.convertStreaming(bad, dst));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        // and a good conversion goes through: 1 s at 8 kHz stereo -> 16,000 mono samples
        assertEquals(16000, ClipAudio.convertStreaming(src, dst));
        assertEquals(16000, ClipAudio.readMono16k(dst).length);
    }
}
