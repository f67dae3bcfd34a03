package dev.tinykws.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.log.DetectionLog;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.stats.MonitorSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class MonitorSessionTest {
    @TempDir
    Path dir;

    /** A session with every kind of trouble in it. */
    static byte[] troubledSession() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{0, (byte) 0xFF, 0x13, 'x'});                              // boot noise
        b.writeBytes(Frames.encodeBytes("HELLO", 0, "0.1.0", "kws-yes-no", "1A2B3C4D", "16000", "0.700", "_silence_|_unknown_|yes|no"));
        b.writeBytes(Frames.encodeBytes("DET", 1, "1000", "yes", "0.930"));
        b.writeBytes(Frames.encode("DET", 2, "2500", "no", "0.712").replace("no", "nO").getBytes(StandardCharsets.US_ASCII)); // bad checksum
        b.writeBytes(Frames.encodeBytes("STAT", 3, "5000", "8123", "412", "10240", "0"));
        b.writeBytes("$TKWS,DET,4,30".getBytes(StandardCharsets.US_ASCII));               // cut line
        b.writeBytes(Frames.encodeBytes("DET", 5, "4000", "no", "0.811"));
        b.writeBytes(Frames.encodeBytes("FOO", 6, "bar"));                                  // unknown type
        b.writeBytes(Frames.encodeBytes("DET", 7, "4100", "no", "87%"));                    // malformed field
        b.writeBytes(Frames.encodeBytes("DET", 10, "9000", "yes", "1.000"));                // 8, 9 lost
        b.writeBytes(Frames.encodeBytes("ERR", 11, "OVERRUN", "audio ring buffer"));
        return b.toByteArray();
    }

    @Test
    void runsOnAStreamUntilEofAndWritesJsonlAndSummary() throws Exception {
        MonitorSummary s = Monitor.run(new ByteArrayInputStream(troubledSession()), MonitorConfig.defaults().withOutDir(dir));
        assertEquals(3, s.detectionCount());
        assertEquals("kws-yes-no", s.device());
        assertEquals(Map.of("yes", 2L, "no", 1L), s.perKeyword());
        assertEquals(List.of(1, 5, 10), s.detections().stream().map(DetectionEvent::seq).toList());
        // seq 2 (bad checksum), 4 (cut), 8, 9 lost; 3, 6, 7, 11 arrived
        assertEquals(4, s.lostLines());
        assertEquals(1, s.decoder().badChecksum());
        assertEquals(1, s.decoder().partial());
        assertEquals(Map.of("FOO", 1L), s.unknownTypes());
        assertEquals(1, s.malformedMessages());
        assertEquals(Map.of("OVERRUN", 1L), s.deviceErrors());
        assertNotNull(s.health());
        assertEquals(8123, s.health().inferUs());
        assertEquals(1, s.scoreHistogram()[8]);
        assertEquals(2, s.scoreHistogram()[9]);

        List<DetectionEvent> logged = DetectionLog.readAll(dir.resolve("detections.jsonl"));
        assertEquals(s.detections(), logged);
        assertEquals("kws-yes-no", logged.get(0).device());
        assertEquals("stream", logged.get(0).port());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(3, summary.get("detections").asInt());
        assertEquals(4, summary.get("lines").get("lost").asInt());
        assertEquals(8123, summary.get("health").get("infer_us").asInt());
    }

    @Test
    void captureThenReplayGivesTheSameDetections() throws Exception {
        Path capture = dir.resolve("session.raw");
        MonitorSummary live = Monitor.run(new ByteArrayInputStream(troubledSession()),
                MonitorConfig.defaults().withCapture(capture));
        assertArrayEquals(troubledSession(), Files.readAllBytes(capture));
        MonitorSummary replay = Monitor.replay(capture, MonitorConfig.defaults().withOutDir(dir.resolve("r")));
        assertEquals(live.detections().stream().map(d -> d.keyword() + d.score() + d.seq()).toList(),
                replay.detections().stream().map(d -> d.keyword() + d.score() + d.seq()).toList());
        assertEquals(live.lostLines(), replay.lostLines());
        assertEquals(3, DetectionLog.readAll(dir.resolve("r/detections.jsonl")).size());
    }

    @Test
    void appendsToAnExistingLogAcrossSessions() {
        MonitorConfig cfg = MonitorConfig.defaults().withOutDir(dir);
        Monitor.run(new ByteArrayInputStream(troubledSession()), cfg);
        Monitor.run(new ByteArrayInputStream(troubledSession()), cfg);
        assertEquals(6, DetectionLog.readAll(dir.resolve("detections.jsonl")).size());
    }
}
