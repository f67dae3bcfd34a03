package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.protocol.DecoderStats;
import dev.tinykws.monitor.stats.DeviceHealth;
import dev.tinykws.monitor.stats.MonitorSummary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link MonitorSummary} as a compact text block for the console. */
final class LiveView {
    /** Keywords shown by name (the most frequent); the rest are summed up. */
    static final int MAX_KEYWORDS_SHOWN = 12;
    /** Clock hours shown (the latest). */
    static final int MAX_HOURS_SHOWN = 24;
    /** Longest name shown (device-chosen text). */
    static final int MAX_NAME_CHARS = 32;

    private LiveView() {
    }

    static String render(String title, MonitorSummary s) {
        StringBuilder sb = new StringBuilder();
        Duration d = Duration.between(s.start(), s.end());
        sb.append(String.format(Locale.ROOT, "== %s %02d:%02d:%02d | %s | device %s%s%n", title, d.toHours(),
                d.toMinutesPart(), d.toSecondsPart(), s.port(), s.device(),
                s.firmwareVersion().isEmpty() ? "" : " (fw " + s.firmwareVersion() + ")"));
        sb.append(String.format(Locale.ROOT, "   detections %d (%.1f/h)%s%n", s.detectionCount(), s.detectionsPerHour(),
                s.perKeyword().isEmpty() ? "" : ": " + top(s.perKeyword(), MAX_KEYWORDS_SHOWN)));
        if (!s.perHour().isEmpty() && s.perHour().size() > 1) {
            sb.append("   per hour (UTC): ").append(latest(s.perHour(), MAX_HOURS_SHOWN)).append(System.lineSeparator());
        }
        long max = 0;
        for (long c : s.scoreHistogram()) {
            max = Math.max(max, c);
        }
        if (max > 0) {
            sb.append("   scores:");
            for (int i = 0; i < s.scoreHistogram().length; i++) {
                long c = s.scoreHistogram()[i];
                if (c > 0) {
                    sb.append(String.format(Locale.ROOT, " %.1f-%.1f %s %d", i / 10.0, (i + 1) / 10.0,
                            "#".repeat((int) Math.max(1, Math.round(10.0 * c / max))), c));
                }
            }
            sb.append(System.lineSeparator());
        }
        DeviceHealth h = s.health();
        if (h != null) {
            sb.append(String.format(Locale.ROOT,
                    "   device: uptime %s, inference %s (max %s), CPU %.1f%%, free RAM %d B, audio overruns %d%n",
                    uptime(h.uptimeMs()), micros(h.inferUs()), micros(h.maxInferUs()), h.cpuLoadPermille() / 10.0,
                    h.freeRamBytes(), h.audioOverruns()));
        } else {
            sb.append("   device: no STAT line yet").append(System.lineSeparator());
        }
        DecoderStats ds = s.decoder();
        sb.append(String.format(Locale.ROOT,
                "   lines: %d ok, %d lost (seq gaps), %d bad checksum, %d other dropped, %d garbage bytes, %d unknown type; reconnects %d%n",
                ds.frames(), ds.lostLines(), ds.badChecksum(), ds.droppedLines() - ds.badChecksum() + s.malformedMessages(),
                ds.garbageBytes(), s.unknownTypes().values().stream().mapToLong(Long::longValue).sum(), s.reconnects()));
        if (s.protocolErrorCount() > 0) {
            sb.append("   rejected: ").append(top(s.protocolErrors(), MAX_KEYWORDS_SHOWN)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The {@code max} largest counts, largest first, then "+N more (M)": bounded whatever the map holds. */
    static String top(Map<String, Long> m, int max) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(m.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        String shown = sorted.stream().limit(max).map(e -> name(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        if (sorted.size() <= max) {
            return shown;
        }
        long rest = sorted.stream().skip(max).mapToLong(Map.Entry::getValue).sum();
        return shown + ", +" + (sorted.size() - max) + " more (" + rest + ")";
    }

    /** The last {@code max} entries (keys are sorted hours). */
    static String latest(Map<String, Long> m, int max) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(m.entrySet());
        String shown = all.stream().skip(Math.max(0, all.size() - max)).map(e -> name(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return all.size() <= max ? shown : "(" + (all.size() - max) + " earlier not shown) " + shown;
    }

    private static String name(String k) {
        return k.length() <= MAX_NAME_CHARS ? k : k.substring(0, MAX_NAME_CHARS - 1) + "…";
    }

    private static String micros(long us) {
        return us < 1000 ? us + " us" : String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
    }

    private static String uptime(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
