package dev.tinykws.monitor.transport;

import dev.tinykws.monitor.Monitor;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.log.DetectionLog;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.testutil.FakeDeviceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP transport (ser2net raw / QEMU -serial tcp:) against a scripted fake device on 127.0.0.1. */
@Timeout(30)
class TcpTransportTest {
    @TempDir
    Path dir;

    @Test
    void readsDetectionsUntilTheServerClosesWithExitOnEof() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.start((dev, s) -> {
            dev.hello();
            for (int i = 0; i < 50; i++) {
                dev.det(1000L * i, i % 2 == 0 ? "yes" : "no", "0.900");
            }
        })) {
            MonitorSummary s = Monitor.open(server.url(), 0, MonitorConfig.defaults().withOutDir(dir).withExitOnEof(true)).run();
            assertEquals(50, s.detectionCount());
            assertEquals(0, s.lostLines());
            assertEquals("fake-kws", s.device());
            assertEquals(50, DetectionLog.readAll(dir.resolve("detections.jsonl")).size());
        }
    }

    @Test
    void reconnectsWhenTheServerRestartsAndKeepsLoggingToTheSameFile() throws Exception {
        FakeDeviceServer first = FakeDeviceServer.start((dev, s) -> {
            dev.hello();
            for (int i = 0; i < 20; i++) {
                dev.det(i, "yes", "0.800");
            }
        });
        int port = first.port();
        MonitorSession session = Monitor.open("tcp://127.0.0.1:" + port, 0,
                MonitorConfig.defaults().withOutDir(dir).withReconnectDelay(Duration.ofMillis(100)));
        CompletableFuture<MonitorSummary> run = CompletableFuture.supplyAsync(session::run);
        first.join();
        waitFor(() -> session.stats().detectionCount() == 20);
        first.close(); // "unplugged": the server is gone for a while
        Thread.sleep(400);
        try (FakeDeviceServer second = FakeDeviceServer.start(port, (dev, s) -> {
            dev.loseLines(21); // same running device: its sequence continues after the 21 lines already sent
            for (int i = 20; i < 40; i++) {
                dev.det(i, "no", "0.810");
            }
        })) {
            second.join();
            waitFor(() -> session.stats().detectionCount() == 40);
            session.stop();
            MonitorSummary s = run.get();
            assertEquals(40, s.detectionCount());
            assertTrue(s.reconnects() >= 1, "reconnects " + s.reconnects());
            assertEquals(0, s.lostLines());
            List<DetectionEvent> logged = DetectionLog.readAll(dir.resolve("detections.jsonl"));
            assertEquals(IntStream.range(0, 40).boxed().toList(), logged.stream().map(e -> (int) e.tMs()).toList());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(20);
        }
    }
}
