package dev.tinykws.monitor.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fuzz-style properties: the decoder never throws and never loses a valid line after garbage. */
class FrameDecoderPropertiesTest {

    @Provide
    Arbitrary<String> keyword() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> validLine() {
        return Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.longs().between(0, 1L << 40),
                keyword(), Arbitraries.integers().between(0, 999))
                .as((seq, t, kw, milli) -> Frames.encode("DET", seq, Long.toString(t), kw, String.format("0.%03d", milli)));
    }

    /** Garbage that contains no '$' and does not end inside a line start. */
    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().filter(b -> b != '$').array(byte[].class).ofMaxSize(3000);
    }

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 5000) byte[] data, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        FrameDecoder d = new FrameDecoder();
        List<DecodeEvent> events = new ArrayList<>();
        for (int off = 0; off < data.length; off += chunk) {
            d.feed(data, off, Math.min(chunk, data.length - off), events::add);
        }
        d.finish(events::add);
        assertEquals(data.length, d.stats().bytes());
    }

    @Property(tries = 300)
    void validLineAfterGarbageIsNeverLost(@ForAll("garbage") byte[] garbage, @ForAll("validLine") String line) {
        FrameDecoder d = new FrameDecoder();
        List<DecodeEvent> ev = new ArrayList<>();
        d.feed(garbage, ev::add);
        d.feed(line.getBytes(StandardCharsets.US_ASCII), ev::add);
        List<Frame> frames = FrameDecoderTest.frames(ev);
        assertTrue(!frames.isEmpty(), "line lost after garbage");
        assertEquals(line.substring(0, line.length() - 2), frames.get(frames.size() - 1).line());
    }

    @Property(tries = 200)
    void validLineAfterRandomBytesIncludingDollarIsNeverLost(@ForAll @Size(max = 2000) byte[] garbage,
                                                              @ForAll("validLine") String line) {
        FrameDecoder d = new FrameDecoder();
        List<DecodeEvent> ev = new ArrayList<>();
        d.feed(garbage, ev::add);
        d.feed(line.getBytes(StandardCharsets.US_ASCII), ev::add);
        List<Frame> frames = FrameDecoderTest.frames(ev);
        assertTrue(!frames.isEmpty());
        assertEquals(line.substring(0, line.length() - 2), frames.get(frames.size() - 1).line());
    }

    @Property(tries = 100)
    void linesSplitAtEveryPositionDecodeIdentically(@ForAll @Size(min = 1, max = 6) List<@From("validLine") String> lines) {
        byte[] all = String.join("", lines).getBytes(StandardCharsets.US_ASCII);
        List<Frame> whole = FrameDecoderTest.frames(new FrameDecoder().feed(all));
        assertEquals(lines.size(), whole.size());
        for (int cut = 0; cut <= all.length; cut++) {
            FrameDecoder d = new FrameDecoder();
            List<DecodeEvent> ev = new ArrayList<>();
            d.feed(all, 0, cut, ev::add);
            d.feed(all, cut, all.length - cut, ev::add);
            assertEquals(whole, FrameDecoderTest.frames(ev), "split at " + cut);
        }
    }

    @Property(tries = 300)
    void flippedChecksumBitsAreRejected(@ForAll("validLine") String line, @ForAll @IntRange(min = 0, max = 7) int bit,
                                        @ForAll("validLine") String next) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        int star = line.indexOf('*');
        // flip one bit of one hex digit's value: re-encode the checksum with one bit flipped
        int cs = Integer.parseInt(line.substring(star + 1, star + 3), 16) ^ (1 << bit);
        byte[] hex = String.format("%02X", cs).getBytes(StandardCharsets.US_ASCII);
        b[star + 1] = hex[0];
        b[star + 2] = hex[1];
        FrameDecoder d = new FrameDecoder();
        List<DecodeEvent> ev = new ArrayList<>();
        d.feed(b, ev::add);
        assertEquals(0, FrameDecoderTest.frames(ev).size());
        assertEquals(1, d.stats().badChecksum());
        d.feed(next.getBytes(StandardCharsets.US_ASCII), ev::add);
        assertEquals(1, FrameDecoderTest.frames(ev).size());
    }

    @Property(tries = 300)
    void flippedBodyBitIsNeverAcceptedAsTheOriginal(@ForAll("validLine") String line, @ForAll @IntRange(min = 0, max = 1000) int pos,
                                                    @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        int star = line.indexOf('*');
        int p = 1 + pos % (star - 1);
        b[p] ^= (byte) (1 << bit);
        List<Frame> frames = FrameDecoderTest.frames(new FrameDecoder().feed(b));
        assertEquals(0, frames.size(), "single-bit error must fail the XOR checksum");
    }

    @Property(tries = 30)
    void giantLinesAreDroppedAndTheNextLineSurvives(@ForAll @IntRange(min = 1020, max = 200_000) int size,
                                                    @ForAll("validLine") String next) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('$');
        for (int i = 0; i < size; i++) {
            out.write('A' + i % 26);
        }
        out.writeBytes(next.getBytes(StandardCharsets.US_ASCII));
        FrameDecoder d = new FrameDecoder();
        List<Frame> frames = FrameDecoderTest.frames(d.feed(out.toByteArray()));
        assertEquals(1, frames.size());
        assertEquals(size + 1 > Frames.MAX_LINE_BYTES - 1 ? 1 : 0, d.stats().tooLong());
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').excludeChars('$', ',', '*', '\\').ofMaxLength(30),
                Arbitraries.strings().numeric().ofMaxLength(25), Arbitraries.of("0.930", "1.000", "-1", "", "AAAA", "160001"));
    }

    @Property(tries = 500)
    void typedParsingOnlyEverThrowsMonitorException(@ForAll("knownType") String type,
                                                     @ForAll @Size(max = 7) List<@From("field") String> fields) {
        Frame f = new Frame(type, 1, fields, "");
        try {
            Messages.parse(f);
        } catch (dev.tinykws.monitor.error.MonitorException expected) {
            // a field was invalid: reported as a malformed line
        }
    }

    @Provide
    Arbitrary<String> knownType() {
        return Arbitraries.of("HELLO", "DET", "STAT", "AUD", "ACK", "ERR", "XYZ");
    }
}
