package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.stats.LiveStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: the console's rate limit on per-line problems must not silence logs/monitor.log, and the
 * console output (problems, DET lines, live view) stays bounded on a burst of unique long keywords.
 */
class ProblemLoggingTest {
    @TempDir
    Path dir;

    private String runReplay(String capture, Path out) throws Exception {
        Path file = dir.resolve("session.raw");
        Files.writeString(file, capture, StandardCharsets.US_ASCII);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new MonitorCommand()).execute("--replay", file.toString(), "--out", out.toString(),
                    "--refresh", "0", "--color", "never");
            assertEquals(0, code);
        } finally {
            System.setErr(oldErr);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyDropReachesMonitorLogWhileTheConsoleIsRateLimited() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sb.append("noise").append(i).append(' ');
            sb.append(Frames.encode("DET", i, Integer.toString(i * 1000), "yes", "0.900"));
        }
        Path out = dir.resolve("out");
        String console = runReplay(sb.toString(), out);
        String log = Files.readString(out.resolve("logs/monitor.log"));
        for (int i = 0; i < 50; i++) {
            assertTrue(log.contains("garbage between lines: noise" + i + " "), "drop " + i + " missing from monitor.log");
        }
        long consoleDrops = console.lines().filter(l -> l.contains("dropped ")).count();
        assertEquals(10, consoleDrops, console);
        assertTrue(console.contains("... and 40 more problem(s) not shown here"), console);
    }

    @Test
    void consoleStaysSmallOnUniqueLongKeywords() throws Exception {
        StringBuilder sb = new StringBuilder();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            String kw = "k" + i + "_" + "x".repeat(900);
            sb.append(Frames.encode("DET", i & 0xFFFF, Integer.toString(i), kw, "0.900"));
        }
        String console = runReplay(sb.toString(), dir.resolve("out"));
        // one DET line per detection (keyword shortened to 40 chars) plus a bounded summary
        assertTrue(console.length() < n * 160 + 4096, console.length() + " chars on the console");
        String summary = console.substring(console.indexOf("== summary"));
        assertTrue(summary.length() < 2048, summary);
        int others = n - LiveStats.MAX_KEYWORDS;
        assertTrue(summary.contains(LiveStats.OTHER + " " + others), summary);
        int hidden = LiveStats.MAX_KEYWORDS + 1 - LiveView.MAX_KEYWORDS_SHOWN;
        assertTrue(summary.contains("+" + hidden + " more (" + hidden + ")"), summary);
    }
}
