package dev.tinykws.monitor.review;

import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.sim.DeviceSimulator;
import dev.tinykws.monitor.transport.StreamTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewQueueTest {
    @TempDir
    Path dir;

    static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * 7 - 3000);
        }
        return s;
    }

    @Test
    void clipsAndLabelsRoundTripThroughTheFolder() {
        ReviewQueue q = ReviewQueue.open(dir.resolve("review"));
        Instant t = Instant.parse("2026-12-02T10:00:00.123Z");
        ReviewClip a = q.add(t, "kws-1", 1200, "yes", "0.912", "det", 17, ramp(1600));
        ReviewClip b = q.add(t, "kws-1", 1300, "no", "0.612", "near", 17, ramp(800)); // same ms and seq: new id
        assertEquals(t.toEpochMilli() + "-17", a.id());
        assertEquals(t.toEpochMilli() + "-17-1", b.id());
        assertArrayEquals(ramp(1600), WavFiles.readPcm16Mono(dir.resolve("review/clips/" + a.id() + ".wav")));
        assertEquals(List.of(b, a), q.pending(10));
        q.label(a.id(), "_unknown_", "anna", Instant.parse("2026-12-02T11:00:00Z"));
        q.label(a.id(), "yes", "cli", Instant.parse("2026-12-02T11:05:00Z")); // relabel: the latest counts

        ReviewQueue back = ReviewQueue.open(dir.resolve("review"));
        assertEquals(2, back.all().size());
        assertEquals(new ReviewLabel(a.id(), "yes", "cli", Instant.parse("2026-12-02T11:05:00Z")), back.get(a.id()).orElseThrow().label());
        assertNull(back.get(b.id()).orElseThrow().label());
        assertEquals(1, back.pendingCount());
        assertEquals("near", back.get(b.id()).orElseThrow().kind());
        assertEquals(0, back.skippedLines());
    }

    @Test
    void badLabelsIdsAndKindsAreRefusedWithAReason() {
        ReviewQueue q = ReviewQueue.open(dir);
        ReviewClip c = q.add(Instant.now(), "d", 1, "yes", "0.900", "det", 1, ramp(10));
        assertTrue(assertThrows(MonitorException.class, () -> q.label(c.id(), "../x", "web", Instant.now()))
                .getMessage().contains("not a label name"));
        assertThrows(MonitorException.class, () -> q.label(c.id(), "yes", "a b", Instant.now()));
        assertThrows(MonitorException.class, () -> q.label("9-9", "yes", "web", Instant.now()));
        assertThrows(MonitorException.class, () -> q.wavPath("../../etc/passwd"));
        assertThrows(MonitorException.class, () -> q.add(Instant.now(), "d", 1, "yes", "0.9", "maybe", 1, ramp(10)));
        assertThrows(MonitorException.class, () -> q.add(Instant.now(), "d", 1, "yes", "0.9", "det", 1, new short[0]));
        assertEquals(1, q.all().size());
    }

    @Test
    void aTornLastLineIsSkippedOnLoadAndClosedByTheNextAppend() throws Exception {
        ReviewQueue q = ReviewQueue.open(dir);
        ReviewClip c = q.add(Instant.now(), "d", 1, "yes", "0.900", "det", 1, ramp(10));
        Files.writeString(dir.resolve("index.jsonl"), "{\"type\":\"label\",\"id\":\"" + c.id() + "\",\"lab",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ReviewQueue back = ReviewQueue.open(dir);
        assertEquals(1, back.skippedLines());
        assertTrue(back.get(c.id()).orElseThrow().pending());
        back.label(c.id(), "yes", "web", Instant.now());
        ReviewQueue again = ReviewQueue.open(dir);
        assertEquals(1, again.skippedLines());
        assertEquals("yes", again.get(c.id()).orElseThrow().label().label());
    }

    @Test
    void twoWritersShareOneIndex() {
        ReviewQueue monitor = ReviewQueue.open(dir);
        ReviewQueue cli = ReviewQueue.open(dir);
        ReviewClip c = monitor.add(Instant.now(), "d", 1, "yes", "0.900", "det", 1, ramp(10));
        cli.reload();
        cli.label(c.id(), "no", "cli", Instant.now());
        monitor.reload();
        assertEquals("no", monitor.get(c.id()).orElseThrow().label().label());
    }

    @Test
    void theRecorderStoresDetectionAudioButNotRecordingsOrIncompleteClips() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DeviceSimulator dev = new DeviceSimulator(wire, "kws-r", List.of("_silence_", "_unknown_", "yes", "no"));
        dev.hello();
        dev.det(1000, "yes", "0.930");
        dev.detectionAudio(16000);                   // stored, tied to the DET
        dev.line("ACK", "REC", "7");                 // a recording the user asked for: not a review clip
        dev.line("AUD", "7", "0", "256", "AAAA");
        dev.near(3000, "yes", "0.600");
        dev.detectionAudio(2000);                    // stored, tied to the NEAR
        dev.detectionAudio(2000);                    // a second clip for the same line: no detection left to tie it to
        dev.near(4000, "no", "0.650");
        dev.dropAudChunk(3);
        dev.detectionAudio(4000);                    // chunk 3 lost: dropped with a warning
        ReviewQueue q = ReviewQueue.open(dir);
        MonitorSession s = new MonitorSession(new StreamTransport("wire", new ByteArrayInputStream(wire.toByteArray()), null),
                MonitorConfig.defaults());
        ReviewRecorder r = new ReviewRecorder(q, () -> s.stats().device(), c -> { });
        s.addListener(r).run();
        assertEquals(2, r.stored());
        assertEquals(1, r.rejected());
        List<ReviewClip> all = q.all();
        assertEquals("yes", all.get(0).keyword());
        assertEquals("det", all.get(0).kind());
        assertEquals(1000, all.get(0).tMs());
        assertEquals("kws-r", all.get(0).device());
        assertEquals(16000, all.get(0).samples());
        short[] s0 = WavFiles.readPcm16Mono(q.wavPath(all.get(0).id()));
        for (int i = 0; i < s0.length; i++) {
            assertEquals(DeviceSimulator.toneSample(i), s0[i]);
        }
        assertEquals("near", all.get(1).kind());
        assertEquals("0.600", all.get(1).score());
        assertEquals(2000, all.get(1).samples());
    }
}
