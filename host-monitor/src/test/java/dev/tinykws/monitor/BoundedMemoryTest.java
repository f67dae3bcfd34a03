package dev.tinykws.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.stats.LiveStats;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.stats.SummaryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, case 1: a long burst of DET lines with unique, long keyword names must not grow the
 * monitor's memory, summary.json or live view (it took a monitor to 4 GB and summary.json to 184 MB).
 */
class BoundedMemoryTest {
    static final int LINES = 200_000;
    static final int KEYWORD_CHARS = 908;
    static final long HEAP_BOUND = 24L << 20;
    static final String LABELS = "_silence_|_unknown_|yes|no";

    @TempDir
    Path dir;

    /** HELLO (optional), then {@code n} DET lines, each with a unique keyword, generated on the fly. */
    static InputStream burst(boolean hello, int n) {
        return new InputStream() {
            private int line = hello ? -1 : 0;
            private byte[] cur = new byte[0];
            private int pos;

            private boolean next() {
                if (pos < cur.length) {
                    return true;
                }
                if (line >= n) {
                    return false;
                }
                cur = line < 0
                        ? Frames.encodeBytes("HELLO", 0, "0.1.0", "kws-yes-no", "1A2B3C4D", "16000", "0.700", LABELS)
                        : Frames.encodeBytes("DET", (line + 1) & 0xFFFF, Integer.toString(line * 10),
                        uniqueKeyword(line), "0.900");
                pos = 0;
                line++;
                return true;
            }

            @Override
            public int read() {
                return next() ? cur[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int done = 0;
                while (done < len && next()) {
                    int k = Math.min(len - done, cur.length - pos);
                    System.arraycopy(cur, pos, b, off + done, k);
                    pos += k;
                    done += k;
                }
                return done == 0 ? -1 : done;
            }
        };
    }

    static String uniqueKeyword(int i) {
        StringBuilder sb = new StringBuilder(KEYWORD_CHARS).append('k').append(i).append('_');
        while (sb.length() < KEYWORD_CHARS) {
            sb.append((char) ('a' + (sb.length() * 7 + i) % 26));
        }
        return sb.toString();
    }

    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void keywordsOutsideTheHelloLabelsAreRejectedAsProtocolErrors() throws Exception {
        long before = usedHeapAfterGc();
        MonitorSummary s = Monitor.run(burst(true, LINES), MonitorConfig.defaults().withOutDir(dir));
        long retained = usedHeapAfterGc() - before;

        assertEquals(0, s.detectionCount(), "no keyword of the burst is a label");
        assertEquals(LINES, s.protocolErrorCount());
        assertEquals(LINES, s.protocolErrors().get(LiveStats.UNKNOWN_KEYWORD));
        assertEquals(0, Files.size(dir.resolve("detections.jsonl")));
        assertTrue(retained < HEAP_BOUND, "retained heap " + (retained >> 20) + " MB");
        long summaryBytes = Files.size(dir.resolve("summary.json"));
        assertTrue(summaryBytes < 8 * 1024, "summary.json " + summaryBytes + " B");
        JsonNode j = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(LINES, j.get("lines").get("rejected").get(LiveStats.UNKNOWN_KEYWORD).asLong());
        assertEquals(s.detections().size(), 0);
    }

    @Test
    void nearLinesWithUnknownKeywordsAreRejectedBeforeAnyListener() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(Frames.encodeBytes("HELLO", 0, "0.1.0", "kws-yes-no", "1A2B3C4D", "16000", "0.700", LABELS));
        b.writeBytes(Frames.encodeBytes("NEAR", 1, "1000", "yes", "0.600"));
        b.writeBytes(Frames.encodeBytes("NEAR", 2, "2000", uniqueKeyword(1), "0.600"));
        b.writeBytes(Frames.encodeBytes("DET", 3, "3000", uniqueKeyword(2), "0.900"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        MonitorSession session = Monitor.session(new java.io.ByteArrayInputStream(b.toByteArray()), null,
                MonitorConfig.defaults());
        session.addListener(new MonitorListener() {
            @Override
            public void onMessage(dev.tinykws.monitor.protocol.Message m) {
                seen.add(m instanceof dev.tinykws.monitor.protocol.Message.Near n ? "NEAR " + n.keyword() : m.frame().type());
            }
        });
        MonitorSummary s = session.run();
        assertEquals(java.util.List.of("HELLO", "NEAR yes"), seen);
        assertEquals(2, s.protocolErrors().get(LiveStats.UNKNOWN_KEYWORD));
        assertEquals(0, s.detectionCount());
    }

    @Test
    void withoutHelloEveryPerKeyMapIsCappedAndMemoryStaysBounded() {
        long before = usedHeapAfterGc();
        MonitorSummary s = Monitor.run(burst(false, LINES), MonitorConfig.defaults());
        long retained = usedHeapAfterGc() - before;

        assertEquals(LINES, s.detectionCount(), "without HELLO the keywords cannot be checked: all are counted");
        assertTrue(s.perKeyword().size() <= LiveStats.MAX_KEYWORDS + 1, s.perKeyword().size() + " keys");
        assertEquals(LINES - LiveStats.MAX_KEYWORDS, s.perKeyword().get(LiveStats.OTHER));
        assertEquals(LINES, s.perKeyword().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(s.detections().size() <= LiveStats.MAX_KEYWORDS, s.detections().size() + " detections kept");
        assertTrue(retained < HEAP_BOUND, "retained heap " + (retained >> 20) + " MB");

        Path summary = dir.resolve("summary.json");
        SummaryJson.write(s, summary);
        assertTrue(summary.toFile().length() < 16 * 1024, "summary.json " + summary.toFile().length() + " B");
    }
}
