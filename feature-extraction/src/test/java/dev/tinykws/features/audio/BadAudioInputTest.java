package dev.tinykws.features.audio;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14's smaller audio cases: NaN/Inf float samples, a chunk name quoted twice, 0xFFFFFFFF lengths. */
class BadAudioInputTest {
    @TempDir
    Path dir;

    @Test
    void nanAndInfFloatSamplesDecodeAsZeroWithAWarning() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0.5f).putFloat(Float.NaN).putFloat(Float.POSITIVE_INFINITY).putFloat(-0.25f)
                .putFloat(Float.NEGATIVE_INFINITY).putFloat(0.125f);
        Path p = Files.write(dir.resolve("nan.wav"), TestSupport.wav(3, 3, 1, 16000, 32, b.array()));
        Logger log = (Logger) LoggerFactory.getLogger(AudioFileStream.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            float[] x = AudioIO.readMono(p);
            assertArrayEquals(new float[] {0.5f, 0f, 0f, -0.25f, 0f, 0.125f}, x);
        } finally {
            log.detachAppender(seen);
        }
        assertEquals(1, seen.list.size(), seen.list.toString());
        String msg = seen.list.get(0).getFormattedMessage();
        assertTrue(msg.contains(p.toString()) && msg.contains("3 NaN or infinite"), msg);
    }

    @Test
    void truncatedChunkNameIsQuotedOnce() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] ok = TestSupport.wav(1, 1, 1, 16000, 16, new byte[3200]);
        o.write(ok, 0, 36);                               // RIFF header + fmt chunk
        o.write(new byte[] {'L', 'I', 'S', 'T', (byte) 0xE8, 0x03, 0, 0}); // LIST of 1000 bytes
        o.write(new byte[10]);                            // ...of which 10 are present
        Path p = Files.write(dir.resolve("list.wav"), o.toByteArray());
        FeatureException e = assertThrows(FeatureException.class, () -> AudioIO.probe(p));
        assertTrue(e.getMessage().contains("inside its \"LIST\" chunk"), e.getMessage());
        assertFalse(e.getMessage().contains("'\""), e.getMessage());
    }

    @Test
    void streamingDataLengthIsTheRestOfTheFile() throws Exception {
        byte[] w = TestSupport.wav(1, 1, 1, 16000, 16, new byte[32000]);
        ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        Path p = Files.write(dir.resolve("stream.wav"), w);
        assertEquals(16000, AudioIO.probe(p).frames());
        assertEquals(16000, AudioIO.readMono16k(p).length);
    }
}
