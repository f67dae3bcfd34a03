package dev.tinykws.monitor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of a monitoring session.
 *
 * @param outDir            folder for {@code detections.jsonl} and {@code summary.json}; null writes no files
 * @param duration          stop after this long; null runs until EOF or {@link MonitorSession#stop()}
 * @param exitOnEof         stop when the link ends instead of reconnecting (replays always stop)
 * @param capture           append every raw byte received to this file (for {@code --replay}); null for none
 * @param fsync             fsync the detection log after each event (survives power loss, slower)
 * @param noLineReportBytes warn "wrong baud rate?" after this many bytes without a valid line
 * @param keepDetections    detections kept in memory for the summary
 * @param reconnectDelay    pause between reconnection attempts
 */
public record MonitorConfig(Path outDir, Duration duration, boolean exitOnEof, Path capture, boolean fsync,
                            int noLineReportBytes, int keepDetections, Duration reconnectDelay) {

    public static MonitorConfig defaults() {
        return new MonitorConfig(null, null, false, null, false, 2048, 100_000, Duration.ofMillis(500));
    }

    public MonitorConfig withOutDir(Path dir) {
        return new MonitorConfig(dir, duration, exitOnEof, capture, fsync, noLineReportBytes, keepDetections, reconnectDelay);
    }

    public MonitorConfig withDuration(Duration d) {
        return new MonitorConfig(outDir, d, exitOnEof, capture, fsync, noLineReportBytes, keepDetections, reconnectDelay);
    }

    public MonitorConfig withExitOnEof(boolean b) {
        return new MonitorConfig(outDir, duration, b, capture, fsync, noLineReportBytes, keepDetections, reconnectDelay);
    }

    public MonitorConfig withCapture(Path file) {
        return new MonitorConfig(outDir, duration, exitOnEof, file, fsync, noLineReportBytes, keepDetections, reconnectDelay);
    }

    public MonitorConfig withFsync(boolean b) {
        return new MonitorConfig(outDir, duration, exitOnEof, capture, b, noLineReportBytes, keepDetections, reconnectDelay);
    }

    public MonitorConfig withNoLineReportBytes(int n) {
        return new MonitorConfig(outDir, duration, exitOnEof, capture, fsync, n, keepDetections, reconnectDelay);
    }

    public MonitorConfig withKeepDetections(int n) {
        return new MonitorConfig(outDir, duration, exitOnEof, capture, fsync, noLineReportBytes, n, reconnectDelay);
    }

    public MonitorConfig withReconnectDelay(Duration d) {
        return new MonitorConfig(outDir, duration, exitOnEof, capture, fsync, noLineReportBytes, keepDetections, d);
    }
}
