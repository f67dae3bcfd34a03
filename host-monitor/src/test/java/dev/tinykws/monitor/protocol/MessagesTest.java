package dev.tinykws.monitor.protocol;

import dev.tinykws.monitor.error.MonitorException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesTest {
    static Frame frame(String type, String... fields) {
        String line = Frames.encode(type, 1, fields);
        DecodeEvent e = new FrameDecoder().feed(line.getBytes(StandardCharsets.US_ASCII)).get(0);
        return ((DecodeEvent.Decoded) e).frame();
    }

    @Test
    void parsesEveryDeviceType() {
        Message.Hello h = assertInstanceOf(Message.Hello.class,
                Messages.parse(frame("HELLO", "0.1.0", "kws-yes-no", "1A2B3C4D", "16000", "0.700", "_silence_|_unknown_|yes|no")));
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), h.labels());
        assertEquals(16000, h.sampleRate());
        Message.Det d = assertInstanceOf(Message.Det.class, Messages.parse(frame("DET", "12340", "yes", "0.930")));
        assertEquals(12340, d.tMs());
        assertEquals(0.93, d.scoreValue(), 1e-9);
        Message.Stat s = assertInstanceOf(Message.Stat.class, Messages.parse(frame("STAT", "5000", "8123", "412", "10240", "2")));
        assertEquals(412, s.cpuLoadPermille());
        Message.Aud a = assertInstanceOf(Message.Aud.class, Messages.parse(frame("AUD", "7", "256", "16000", "AAAA")));
        assertEquals(16000, a.total());
        assertTrue(assertInstanceOf(Message.Ack.class, Messages.parse(frame("ACK", "THRESH", "OK"))).ok());
        assertEquals("BUSY", assertInstanceOf(Message.Err.class, Messages.parse(frame("ERR", "BUSY", "recording"))).code());
        assertInstanceOf(Message.Unknown.class, Messages.parse(frame("FOO", "1")));
    }

    @Test
    void rejectsBadFieldsWithTheFieldName() {
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("DET", "12340", "yes", "93%")))
                .getMessage().contains("score"));
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("DET", "-1", "yes", "0.930")))
                .getMessage().contains("t_ms"));
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("DET", "1", "yes")))
                .getMessage().contains("expected 3 fields"));
        // sizes from the wire are bounded before anything is allocated
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("AUD", "1", "0", "160001", "AAAA")))
                .getMessage().contains("total"));
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("AUD", "1", "16000", "16000", "AAAA")))
                .getMessage().contains("offset"));
        assertTrue(assertThrows(MonitorException.class, () -> Messages.parse(frame("AUD", "1", "0", "16000", "A".repeat(688))))
                .getMessage().contains("base64"));
    }
}
