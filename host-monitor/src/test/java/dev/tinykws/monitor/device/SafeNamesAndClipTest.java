package dev.tinykws.monitor.device;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Frame;
import dev.tinykws.monitor.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeNamesAndClipTest {
    @Test
    void sanitizesNames() {
        assertEquals("yes", SafeNames.sanitize("yes", "x"));
        assertEquals("_background_noise_", SafeNames.sanitize("_background_noise_", "x"));
        assertEquals("______etc_passwd", SafeNames.sanitize("../../etc/passwd", "x"));
        assertEquals("x", SafeNames.sanitize("..", "x"));
        assertEquals("x", SafeNames.sanitize("", "x"));
        assertEquals("a_b", SafeNames.sanitize("a\nb", "x"));
        assertEquals("h_", SafeNames.sanitize("hé", "x"));
        assertEquals(64, SafeNames.sanitize("a".repeat(500), "x").length());
        assertEquals("bob_1", SafeNames.speaker("bob_nohash_1", "x"));
    }

    static Message.Aud aud(long clip, int offset, int total, short... samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        String b64 = Base64.getEncoder().encodeToString(b);
        return new Message.Aud(new Frame("AUD", 0, List.of(), ""), clip, offset, total, b64);
    }

    @Test
    void assemblesAndBoundsChunks() {
        assertThrows(MonitorException.class, () -> new ClipAssembler(1, 160_001));
        ClipAssembler c = new ClipAssembler(1, 4);
        assertFalse(c.accept(aud(1, 2, 4, (short) -3)));
        assertThrows(MonitorException.class, () -> c.accept(aud(1, 3, 4, (short) 1, (short) 2))); // overrun
        assertThrows(MonitorException.class, () -> c.accept(aud(2, 0, 4, (short) 1)));            // other clip
        assertThrows(MonitorException.class, () -> c.accept(aud(1, 0, 5, (short) 1)));            // total changed
        assertTrue(c.accept(aud(1, 3, 4, (short) 32767)));
        assertFalse(c.complete());
        assertEquals("missing samples 0..1 (1 gap(s), 2 samples) of 4", c.missingReason());
        c.accept(aud(1, 0, 4, (short) -32768, (short) 7));
        assertTrue(c.complete());
        assertEquals(List.of((short) -32768, (short) 7, (short) -3, (short) 32767),
                List.of(c.samples()[0], c.samples()[1], c.samples()[2], c.samples()[3]));
    }
}
