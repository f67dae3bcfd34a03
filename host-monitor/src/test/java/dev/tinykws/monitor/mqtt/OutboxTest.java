package dev.tinykws.monitor.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.tinykws.monitor.error.MonitorException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void aSecondOpenOfTheSameFolderIsRefusedWithTheFolderNamed() throws Exception {
        try (Outbox o = Outbox.open(dir, false, 16, null)) {
            o.append("dev-1", "det", false, OutboxTest::json);
            MonitorException e = assertThrows(MonitorException.class, () -> Outbox.open(dir, false, 16, null));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()) && e.getMessage().contains("in use"),
                    e.getMessage());
        }
        // released on close
        try (Outbox o = Outbox.open(dir, false, 16, null)) {
            assertEquals(2, o.append("dev-1", "det", false, OutboxTest::json));
        }
    }

    @Test
    void aWriteThatFailsHalfWayIsCutSoTheRetryIsAWholeLine() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean();
        Outbox.Io io = new Outbox.Io() {
            @Override
            public int write(FileChannel ch, ByteBuffer b) throws IOException {
                if (diskFull.get()) {
                    ByteBuffer half = b.duplicate();
                    half.limit(b.position() + b.remaining() / 2);
                    int k = ch.write(half);
                    b.position(b.position() + k);
                    throw new IOException("No space left on device");
                }
                return ch.write(b);
            }
        };
        try (Outbox o = Outbox.open(dir, false, 1000, null, io)) {
            o.append("dev-1", "det", false, OutboxTest::json);
            diskFull.set(true);
            assertThrows(MonitorException.class, () -> o.append("dev-1", "det", false, OutboxTest::json));
            diskFull.set(false);
            assertEquals(2, o.append("dev-1", "det", false, OutboxTest::json));
            assertEquals(3, o.append("dev-1", "det", false, OutboxTest::json));
        }
        assertEquals("1\tdev-1\tdet\t0\t{\"n\":1}\n2\tdev-1\tdet\t0\t{\"n\":2}\n3\tdev-1\tdet\t0\t{\"n\":3}\n",
                Files.readString(segment(dir)));
        try (Outbox o = Outbox.open(dir, false, 1000, null)) {
            assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(o.pending().keySet()));
        }
    }

    @Test
    void aGapInTheNumbersOnDiskIsSkippedNotAStopForEver() throws Exception {
        try (Outbox o = Outbox.open(dir, false, 1000, null)) {
            for (int i = 1; i <= 5; i++) {
                o.append("dev-1", "det", false, OutboxTest::json);
            }
        }
        // entry 3 lost (e.g. a damaged line cut at recovery)
        Path seg = segment(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(seg));
        lines.remove(2);
        Files.write(seg, lines);
        try (Outbox o = Outbox.open(dir, false, 1000, null)) {
            List<Long> seen = new ArrayList<>();
            for (int round = 0; round < 5 && o.unconfirmed() > 0; round++) {
                o.refill();
                for (Long n : new ArrayList<>(o.pending().keySet())) {
                    seen.add(n);
                    o.confirm(n);
                }
            }
            assertEquals(List.of(1L, 2L, 4L, 5L), seen);
            assertEquals(0, o.unconfirmed());
            assertEquals(6, o.lowWatermark());
        }
    }

    @Test
    void entriesAreNotDurableWhileFsyncFails() throws Exception {
        AtomicInteger failures = new AtomicInteger(2);
        Outbox.Io io = new Outbox.Io() {
            @Override
            public void force(FileChannel ch) throws IOException {
                if (failures.getAndDecrement() > 0) {
                    throw new IOException("Input/output error");
                }
                ch.force(false);
            }
        };
        try (Outbox o = Outbox.open(dir, true, 1000, null, io)) {
            o.append("dev-1", "det", false, OutboxTest::json);
            Thread.sleep(300);
            assertEquals(0, o.durable(), "handed to the sender although its fsync failed");
            long end = System.currentTimeMillis() + 10_000;
            while (o.durable() < 1 && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertEquals(1, o.durable());
        }
    }

    @Test
    void countsAndWatermarkStayRightWhileConfirmsRaceTheSender() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Outbox o = Outbox.open(dir, false, 100_000, null)) {
            AtomicBoolean done = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                try {
                    while (!done.get()) {
                        o.lowWatermark();
                        o.unconfirmed();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            watcher.start();
            for (int i = 1; i <= 20_000; i++) {
                long n = o.append("dev-1", "det", false, OutboxTest::json);
                o.confirm(n);
                o.confirm(n); // twice: counted once
            }
            done.set(true);
            watcher.join();
            assertNull(failure.get());
            assertEquals(0, o.unconfirmed());
            assertEquals(20_001, o.lowWatermark());
        }
    }
}
