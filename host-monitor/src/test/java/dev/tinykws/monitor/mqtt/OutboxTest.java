package dev.tinykws.monitor.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    @TempDir
    Path dir;

    private static byte[] json(long n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static Path segment(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).findFirst().orElseThrow();
        }
    }

    @Test
    void unconfirmedEntriesSurviveAReopenWithTheSameEpochAndNumbers() throws Exception {
        String epoch;
        try (Outbox o = Outbox.open(dir, true, 1000, null)) {
            epoch = o.epoch();
            for (int i = 1; i <= 10; i++) {
                assertEquals(i, o.append("dev-1", "det", false, OutboxTest::json));
            }
            for (long n = 1; n <= 4; n++) {
                assertTrue(o.confirm(n));
            }
            assertEquals(5, o.lowWatermark());
        }
        try (Outbox o = Outbox.open(dir, true, 1000, null)) {
            assertEquals(epoch, o.epoch());
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), new ArrayList<>(o.pending().keySet()));
            assertEquals("{\"n\":7}", new String(o.pending().get(7L).payload(), StandardCharsets.UTF_8));
            assertEquals(10, o.durable());
            assertEquals(11, o.append("dev-1", "det", false, OutboxTest::json));
        }
    }

    @Test
    void aTornLastLineIsCutAndItsNumberReused() throws Exception {
        try (Outbox o = Outbox.open(dir, false, 1000, null)) {
            for (int i = 1; i <= 3; i++) {
                o.append("dev-1", "det", false, OutboxTest::json);
            }
        }
        Files.writeString(segment(dir), "4\tdev-1\tdet\t0\t{\"n\":", StandardOpenOption.APPEND);
        try (Outbox o = Outbox.open(dir, false, 1000, null)) {
            assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(o.pending().keySet()));
            assertEquals(4, o.append("dev-1", "det", false, OutboxTest::json));
        }
        assertTrue(Files.readString(segment(dir)).endsWith("4\tdev-1\tdet\t0\t{\"n\":4}\n"));
    }

    @Test
    void entriesBeyondTheMemoryLimitWaitOnDiskAndComeBackInOrder() throws Exception {
        try (Outbox o = Outbox.open(dir, false, 16, null)) {
            for (int i = 1; i <= 100; i++) {
                o.append("dev-1", "det", false, OutboxTest::json);
            }
            assertEquals(16, o.pending().size());
            assertEquals(100, o.unconfirmed());
            List<Long> seen = new ArrayList<>();
            while (o.unconfirmed() > 0) {
                o.refill();
                for (Long n : new ArrayList<>(o.pending().keySet())) {
                    seen.add(n);
                    o.confirm(n);
                }
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, seen.get(i));
            }
            o.checkpoint();
            assertEquals(101, o.lowWatermark());
        }
        assertEquals("101", Files.readString(dir.resolve("confirmed")).trim());
    }

    @Test
    void aPayloadWithALineBreakIsRefused() {
        try (Outbox o = Outbox.open(dir, false, 16, null)) {
            assertThrows(IllegalArgumentException.class,
                    () -> o.append("d", "det", false, n -> "{\"a\":1}\n{".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
