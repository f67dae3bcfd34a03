package dev.tinykws.monitor.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<Frame> frames(List<DecodeEvent> events) {
        return events.stream().filter(e -> e instanceof DecodeEvent.Decoded)
                .map(e -> ((DecodeEvent.Decoded) e).frame()).toList();
    }

    static List<DropReason> drops(List<DecodeEvent> events) {
        return events.stream().filter(e -> e instanceof DecodeEvent.Dropped)
                .map(e -> ((DecodeEvent.Dropped) e).reason()).toList();
    }

    @Test
    void specExampleChecksum() {
        // XOR of "TKWS,DET,17,12340,yes,0.930" computed by hand-independent means: the encoder and decoder agree,
        // and the value is pinned so both sides (C firmware tests) can use it.
        String line = Frames.encode("DET", 17, "12340", "yes", "0.930");
        assertEquals("$TKWS,DET,17,12340,yes,0.930*", line.substring(0, line.length() - 4));
        int cs = 0;
        for (char c : "TKWS,DET,17,12340,yes,0.930".toCharArray()) {
            cs ^= c;
        }
        assertEquals(String.format("%02X", cs), line.substring(line.length() - 4, line.length() - 2));
        assertEquals("\r\n", line.substring(line.length() - 2));
        List<Frame> f = frames(new FrameDecoder().feed(ascii(line)));
        assertEquals(1, f.size());
        assertEquals("DET", f.get(0).type());
        assertEquals(17, f.get(0).seq());
        assertEquals(List.of("12340", "yes", "0.930"), f.get(0).fields());
    }

    @Test
    void decodesAllTypesAndAcceptsLfOnlyAndLowercaseHex() {
        String hello = Frames.encode("HELLO", 0, "1.0.0", "kws-v1", "89ABCDEF", "16000", "0.700", "_silence_|_unknown_|yes|no");
        String det = Frames.encode("DET", 1, "1000", "yes", "0.930").replace("\r\n", "\n");
        String stat = Frames.encode("STAT", 2, "5000", "12000", "345", "20480", "0");
        String lower = stat.replace("STAT,2", "STAT,3");
        int cs = Frames.checksum("TKWS,STAT,3,5000,12000,345,20480,0");
        lower = lower.substring(0, lower.indexOf('*') + 1) + String.format("%02x", cs) + "\r\n";
        List<Frame> f = frames(new FrameDecoder().feed(ascii(hello + det + stat + lower)));
        assertEquals(List.of("HELLO", "DET", "STAT", "STAT"), f.stream().map(Frame::type).toList());
    }

    @Test
    void badChecksumIsDroppedAndCountedAndNextLineSurvives() {
        String good = Frames.encode("DET", 5, "1", "yes", "0.900");
        String bad = good.replace("yes", "yez");
        List<DecodeEvent> ev = new FrameDecoder().feed(ascii(bad + Frames.encode("DET", 6, "1", "yes", "0.900")));
        assertEquals(List.of(DropReason.BAD_CHECKSUM), drops(ev));
        assertEquals(1, frames(ev).size());
        assertEquals(6, frames(ev).get(0).seq());
    }

    @Test
    void garbagePartialNoiseAndOverlongResynchronise() {
        FrameDecoder d = new FrameDecoder();
        String l1 = Frames.encode("DET", 1, "10", "yes", "0.800");
        String l2 = Frames.encode("DET", 2, "20", "no", "0.810");
        String l3 = Frames.encode("DET", 3, "30", "up", "0.820");
        String l4 = Frames.encode("DET", 4, "40", "go", "0.830");
        StringBuilder sb = new StringBuilder();
        sb.append("boot garbage\r\n").append(l1);
        sb.append("$TKWS,DET,9,cut here");                  // partial: cut by the next '$'
        sb.append(l2);
        sb.append("$TKWS,DET,9,").append('\u0001').append("x\r\n"); // noise inside a line
        sb.append(l3);
        sb.append('$').append("A".repeat(3000)).append("\r\n");     // over-long line
        sb.append(l4);
        List<DecodeEvent> ev = d.feed(ascii(sb.toString()));
        assertEquals(List.of(1, 2, 3, 4), frames(ev).stream().map(Frame::seq).toList());
        assertTrue(drops(ev).containsAll(List.of(DropReason.GARBAGE, DropReason.PARTIAL, DropReason.NOISE, DropReason.TOO_LONG)),
                drops(ev).toString());
        DecoderStats s = d.stats();
        assertEquals(4, s.frames());
        assertEquals(1, s.partial());
        assertEquals(1, s.noise());
        assertEquals(1, s.tooLong());
        assertEquals(0, s.lostLines());
    }

    @Test
    void lineOfExactly1024BytesIsAcceptedAnd1025IsNot() {
        String prefix = "TKWS,AUD,1,";
        // total line = 1 ($) + body + 3 (*CS) + 2 (CRLF)
        int bodyLen = 1024 - 6;
        String body = prefix + "x".repeat(bodyLen - prefix.length());
        String line = "$" + body + "*" + String.format("%02X", Frames.checksum(body)) + "\r\n";
        assertEquals(1024, line.length());
        assertEquals(1, frames(new FrameDecoder().feed(ascii(line))).size());
        String body2 = body + "x";
        String line2 = "$" + body2 + "*" + String.format("%02X", Frames.checksum(body2)) + "\r\n";
        List<DecodeEvent> ev = new FrameDecoder().feed(ascii(line2));
        assertEquals(0, frames(ev).size());
        assertEquals(List.of(DropReason.TOO_LONG), drops(ev).subList(0, 1));
    }

    @Test
    void sequenceGapsCountLostLinesModulo65536() {
        FrameDecoder d = new FrameDecoder();
        String s = Frames.encode("DET", 65534, "1", "a", "0.900") + Frames.encode("DET", 1, "2", "a", "0.900");
        List<DecodeEvent> ev = d.feed(ascii(s));
        assertEquals(2, ((DecodeEvent.Decoded) ev.get(1)).lostBefore()); // 65535 and 0 missing
        assertEquals(2, d.stats().lostLines());
        // HELLO at seq 0 is a restart, not a loss
        d.feed(ascii(Frames.encode("DET", 10, "3", "a", "0.900")));
        assertEquals(10, d.stats().lostLines());
        d.feed(ascii(Frames.encode("HELLO", 0, "1", "m", "00000000", "16000", "0.700", "a")));
        assertEquals(10, d.stats().lostLines());
        assertEquals(1, d.stats().sequenceResets());
    }

    @Test
    void malformedStructures() {
        String[] bodies = {"GPS,DET,1,x", "TKWS,det,1,x", "TKWS,DET,70000,x", "TKWS,DET,,x", "TKWS,DET,1,a\\b", "TKWS,DET"};
        for (String body : bodies) {
            String line = "$" + body + "*" + String.format("%02X", Frames.checksum(body)) + "\r\n";
            List<DecodeEvent> ev = new FrameDecoder().feed(ascii(line));
            assertEquals(List.of(DropReason.MALFORMED), drops(ev), body);
        }
        assertEquals(List.of(DropReason.MALFORMED), drops(new FrameDecoder().feed(ascii("$TKWS,DET,1,x\r\n"))));
        assertEquals(List.of(DropReason.MALFORMED), drops(new FrameDecoder().feed(ascii("$TKWS,DET,1,x*G1\r\n"))));
    }

    @Test
    void reportsNoValidLineForWrongBaudNoise() {
        FrameDecoder d = new FrameDecoder(512);
        byte[] noise = new byte[600];
        java.util.Random r = new java.util.Random(1);
        r.nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == '$') {
                noise[i] = (byte) 0xF0;
            }
        }
        List<DecodeEvent> ev = d.feed(noise);
        List<DecodeEvent> nv = ev.stream().filter(e -> e instanceof DecodeEvent.NoValidLine).toList();
        assertEquals(1, nv.size());
        DecodeEvent.NoValidLine n = assertInstanceOf(DecodeEvent.NoValidLine.class, nv.get(0));
        assertEquals(512, n.bytes());
        assertTrue(n.nonPrintableFraction() > 0.4, "fraction " + n.nonPrintableFraction());
        // a valid line resets it; a new stretch reports again
        d.feed(ascii(Frames.encode("DET", 1, "1", "a", "0.900")));
        assertEquals(1, d.feed(noise).stream().filter(e -> e instanceof DecodeEvent.NoValidLine).count());
    }
}
