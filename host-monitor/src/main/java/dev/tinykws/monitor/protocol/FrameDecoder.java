package dev.tinykws.monitor.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streaming decoder of protocol lines (SPEC §5). Feed it bytes in chunks of any size; it reports
 * checksum-valid {@link Frame}s and everything it dropped, and never throws on wire data.
 *
 * <p>Resynchronisation: a {@code $} always starts a new line candidate (an unfinished one is dropped
 * as partial), so a valid line right after garbage, noise, or a cut line is never lost. A line longer
 * than 1024 bytes or containing a non-printable byte is dropped and the decoder hunts for the next
 * {@code $}. Not thread-safe: one decoder per byte stream.
 */
public final class FrameDecoder {
    /** Default for the "no valid line in N bytes" report. */
    public static final int DEFAULT_NO_LINE_REPORT_BYTES = 2048;
    private static final int MAX_CONTENT = Frames.MAX_LINE_BYTES - 1; // '$'..'\r', the '\n' not stored

    private final byte[] buf = new byte[MAX_CONTENT];
    private final int noLineReportBytes;
    private int len;
    private boolean inLine;
    private int lastSeq = -1;
    private int pendingGarbage;
    private final StringBuilder garbageExcerpt = new StringBuilder();

    private long bytesSinceValid;
    private long nonPrintableSinceValid;
    private boolean noLineReported;

    private long bytes, frames, lostLines, sequenceResets, badChecksum, tooLong, noise, partial, malformed, garbageBytes;

    public FrameDecoder() {
        this(DEFAULT_NO_LINE_REPORT_BYTES);
    }

    /** @param noLineReportBytes bytes without any valid line after which {@link DecodeEvent.NoValidLine} is reported */
    public FrameDecoder(int noLineReportBytes) {
        this.noLineReportBytes = Math.max(1, noLineReportBytes);
    }

    /** Consumes {@code n} bytes from {@code data[off..]} and reports events, in wire order, to {@code out}. */
    public void feed(byte[] data, int off, int n, Consumer<? super DecodeEvent> out) {
        for (int i = off, end = off + n; i < end; i++) {
            accept(data[i], out);
        }
    }

    public void feed(byte[] data, Consumer<? super DecodeEvent> out) {
        feed(data, 0, data.length, out);
    }

    /** Convenience for tests: all events from {@code data}. */
    public List<DecodeEvent> feed(byte[] data) {
        List<DecodeEvent> events = new ArrayList<>();
        feed(data, events::add);
        return events;
    }

    /** Reports a pending unfinished line or garbage (at the end of a stream). */
    public void finish(Consumer<? super DecodeEvent> out) {
        if (inLine && len > 0) {
            partial++;
            out.accept(new DecodeEvent.Dropped(DropReason.PARTIAL, len, excerpt(buf, 0, len)));
            inLine = false;
            len = 0;
        }
        flushGarbage(out);
    }

    /** Forgets the last sequence number (the next line starts a new sequence without counting a loss). */
    public void resetSequence() {
        lastSeq = -1;
    }

    public DecoderStats stats() {
        return new DecoderStats(bytes, frames, lostLines, sequenceResets, badChecksum, tooLong, noise, partial,
                malformed, garbageBytes);
    }

    private void accept(byte b, Consumer<? super DecodeEvent> out) {
        bytes++;
        bytesSinceValid++;
        boolean printable = b >= 0x20 && b <= 0x7E;
        if (!printable && b != '\r' && b != '\n') {
            nonPrintableSinceValid++;
        }
        if (b == '$') {
            if (inLine) {
                partial++;
                out.accept(new DecodeEvent.Dropped(DropReason.PARTIAL, len, excerpt(buf, 0, len)));
            }
            flushGarbage(out);
            inLine = true;
            buf[0] = b;
            len = 1;
        } else if (inLine) {
            if (b == '\n') {
                inLine = false;
                int l = len;
                len = 0;
                if (l > 1 && buf[l - 1] == '\r') {
                    l--;
                }
                complete(l, out);
            } else if (!printable && b != '\r') {
                noise++;
                inLine = false;
                out.accept(new DecodeEvent.Dropped(DropReason.NOISE, len + 1, excerpt(buf, 0, len) + hex(b)));
                len = 0;
            } else if (len >= MAX_CONTENT) {
                tooLong++;
                inLine = false;
                out.accept(new DecodeEvent.Dropped(DropReason.TOO_LONG, len + 1, excerpt(buf, 0, 40)));
                len = 0;
            } else {
                buf[len++] = b;
            }
        } else if (b != '\r' && b != '\n') {
            garbageBytes++;
            if (pendingGarbage < Integer.MAX_VALUE) {
                pendingGarbage++;
            }
            if (garbageExcerpt.length() < 40) {
                garbageExcerpt.append(printable ? String.valueOf((char) b) : hex(b));
            }
        }
        if (!noLineReported && bytesSinceValid >= noLineReportBytes) {
            noLineReported = true;
            out.accept(new DecodeEvent.NoValidLine(bytesSinceValid, nonPrintableSinceValid / (double) bytesSinceValid));
        }
    }

    private void flushGarbage(Consumer<? super DecodeEvent> out) {
        if (pendingGarbage > 0) {
            out.accept(new DecodeEvent.Dropped(DropReason.GARBAGE, pendingGarbage, garbageExcerpt.toString()));
            pendingGarbage = 0;
            garbageExcerpt.setLength(0);
        }
    }

    /** Parses {@code buf[0..l)} ({@code $} included, CR/LF excluded). */
    private void complete(int l, Consumer<? super DecodeEvent> out) {
        int star = -1;
        for (int i = l - 1; i > 0; i--) {
            if (buf[i] == '*') {
                star = i;
                break;
            }
        }
        if (star < 0 || l - star != 3) {
            malformed(out, l, "no *XX checksum at the end");
            return;
        }
        int want = hexValue(buf[star + 1]) << 4 | hexValue(buf[star + 2]);
        if (want < 0) {
            malformed(out, l, "checksum is not two hex digits");
            return;
        }
        int cs = Frames.checksum(buf, 1, star);
        if (cs != want) {
            badChecksum++;
            out.accept(new DecodeEvent.Dropped(DropReason.BAD_CHECKSUM, l,
                    excerpt(buf, 0, l) + String.format(" (computed %02X)", cs)));
            return;
        }
        // $TKWS,TYPE,SEQ[,fields]
        String body = new String(buf, 1, star - 1, StandardCharsets.US_ASCII);
        List<String> parts = split(body);
        if (parts.size() < 3 || !Frames.TALKER.equals(parts.get(0))) {
            malformed(out, l, "not a $TKWS line");
            return;
        }
        String type = parts.get(1);
        if (type.isEmpty() || type.length() > 16 || !type.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            malformed(out, l, "bad line type");
            return;
        }
        int seq = parseSeq(parts.get(2));
        if (seq < 0) {
            malformed(out, l, "bad sequence number");
            return;
        }
        for (int i = 3; i < parts.size(); i++) {
            if (!Frames.isValidField(parts.get(i))) {
                malformed(out, l, "forbidden character in field " + (i - 2));
                return;
            }
        }
        int lost = 0;
        if (lastSeq >= 0) {
            int gap = (seq - lastSeq - 1) & 0xFFFF;
            if (gap != 0) {
                if ((seq == 0 && "HELLO".equals(type)) || gap >= 0x8000) {
                    sequenceResets++; // device restart, or a jump backwards: not a loss we can count
                } else {
                    lost = gap;
                    lostLines += gap;
                }
            }
        }
        lastSeq = seq;
        frames++;
        bytesSinceValid = 0;
        nonPrintableSinceValid = 0;
        noLineReported = false;
        out.accept(new DecodeEvent.Decoded(
                new Frame(type, seq, parts.subList(3, parts.size()), new String(buf, 0, l, StandardCharsets.US_ASCII)),
                lost));
    }

    private void malformed(Consumer<? super DecodeEvent> out, int l, String why) {
        malformed++;
        out.accept(new DecodeEvent.Dropped(DropReason.MALFORMED, l, why + ": " + excerpt(buf, 0, l)));
    }

    private static List<String> split(String body) {
        List<String> parts = new ArrayList<>(8);
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            if (i == body.length() || body.charAt(i) == ',') {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static int parseSeq(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xFFFF ? v : -1;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1 << 8; // makes the combined value negative
    }

    private static String hex(byte b) {
        return String.format("\\x%02X", b & 0xFF);
    }

    /** Printable view of at most 80 bytes. */
    static String excerpt(byte[] b, int from, int to) {
        int end = Math.min(to, from + 80);
        StringBuilder sb = new StringBuilder(end - from + 8);
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c >= 0x20 && c <= 0x7E) {
                sb.append((char) c);
            } else {
                sb.append(hex(c));
            }
        }
        if (to > end) {
            sb.append("...");
        }
        return sb.toString();
    }
}
