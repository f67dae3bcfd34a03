package dev.tinykws.monitor;

import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.log.DetectionLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DetectionLogTest {
    @TempDir
    Path dir;

    @Test
    void appendsOneJsonObjectPerLineAndReopensForAppend() throws Exception {
        Path f = dir.resolve("out/detections.jsonl");
        DetectionEvent e1 = new DetectionEvent(Instant.parse("2025-01-31T14:00:00.123Z"), "kws \"v1\"", "/dev/ttyACM0", 12340, "yes", "0.930", 17);
        DetectionEvent e2 = new DetectionEvent(Instant.parse("2025-01-31T14:00:01Z"), "kws", "tcp://127.0.0.1:4000", 13000, "no", "1.000", 18);
        try (DetectionLog log = DetectionLog.open(f, false)) {
            log.append(e1);
            assertEquals(1, log.written());
        }
        assertEquals("{\"host_time\":\"2025-01-31T14:00:00.123Z\",\"device\":\"kws \\\"v1\\\"\",\"port\":\"/dev/ttyACM0\","
                + "\"t_ms\":12340,\"keyword\":\"yes\",\"score\":0.930,\"seq\":17}\n", Files.readString(f));
        // a torn last line (machine crash) is closed before appending
        Files.writeString(f, Files.readString(f) + "{\"host_ti");
        try (DetectionLog log = DetectionLog.open(f, true)) {
            log.append(e2);
        }
        List<DetectionEvent> back = DetectionLog.readAll(f);
        assertEquals(List.of(e1, e2), back);
        assertEquals(3, Files.readAllLines(f).size());
    }
}
