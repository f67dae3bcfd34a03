package dev.tinykws.monitor.transport;

import dev.tinykws.monitor.Monitor;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.device.DeviceClient;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.log.DetectionLog;
import dev.tinykws.monitor.sim.DeviceSimulator;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.testutil.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.tinykws.monitor.transport.TcpTransportTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real serial path: a socat pty pair, a scripted fake device writing on end A, the monitor reading
 * end B through jSerialComm. Skipped without socat, failed without it when CI=true.
 */
@Timeout(40)
class SerialPtyTest {
    @TempDir
    Path dir;

    static DeviceSimulator device(FileOutputStream out) {
        return new DeviceSimulator(out, "pty-kws", List.of("_silence_", "_unknown_", "yes", "no"));
    }

    @Test
    void monitorsThroughJSerialCommAndSurvivesGarbage() throws Exception {
        try (PtyPair pty = PtyPair.start(dir)) {
            MonitorSession session = Monitor.open(pty.b().toString(), 115200, MonitorConfig.defaults().withOutDir(dir.resolve("out")));
            CompletableFuture<MonitorSummary> run = CompletableFuture.supplyAsync(session::run);
            waitFor(() -> session.stats().snapshot(java.time.Instant.now(), false).connects() == 1);
            Random r = new Random(7);
            try (FileOutputStream a = new FileOutputStream(pty.a().toFile())) {
                DeviceSimulator dev = device(a);
                dev.hello();
                for (int i = 0; i < 100; i++) {
                    if (i % 10 == 5) {
                        byte[] junk = new byte[200];
                        r.nextBytes(junk);
                        dev.raw(junk); // noise between lines, as at a wrong baud rate for a moment
                    }
                    dev.det(i, "yes", "0.950");
                }
                dev.stat(5000, 8000, 400, 10000, 0);
            }
            waitFor(() -> session.stats().snapshot(java.time.Instant.now(), false).health() != null);
            session.stop();
            MonitorSummary s = run.get();
            assertEquals(100, s.detectionCount());
            assertEquals(0, s.lostLines());
            assertEquals("pty-kws", s.device());
            assertEquals(pty.b().toString(), DetectionLog.readAll(dir.resolve("out/detections.jsonl")).get(0).port());
        }
    }

    @Test
    void unplugAndReplugReconnectsAndKeepsTheSameLog() throws Exception {
        try (PtyPair pty = PtyPair.start(dir)) {
            MonitorSession session = Monitor.open(pty.b().toString(), 115200,
                    MonitorConfig.defaults().withOutDir(dir.resolve("out")).withReconnectDelay(Duration.ofMillis(100)));
            CompletableFuture<MonitorSummary> run = CompletableFuture.supplyAsync(session::run);
            waitFor(() -> session.stats().snapshot(java.time.Instant.now(), false).connects() == 1);
            try (FileOutputStream a = new FileOutputStream(pty.a().toFile())) {
                DeviceSimulator dev = device(a);
                dev.hello();
                for (int i = 0; i < 30; i++) {
                    dev.det(i, "yes", "0.900");
                }
            }
            waitFor(() -> session.stats().detectionCount() == 30);
            pty.unplug();
            Thread.sleep(500);
            pty.plug();
            waitFor(() -> session.stats().snapshot(java.time.Instant.now(), false).connects() == 2);
            try (FileOutputStream a = new FileOutputStream(pty.a().toFile())) {
                DeviceSimulator dev = device(a); // the board rebooted: HELLO at seq 0 again
                dev.hello();
                for (int i = 30; i < 60; i++) {
                    dev.det(i, "no", "0.910");
                }
            }
            waitFor(() -> session.stats().detectionCount() == 60);
            session.stop();
            MonitorSummary s = run.get();
            assertEquals(1, s.reconnects());
            assertEquals(0, s.lostLines());
            List<DetectionEvent> logged = DetectionLog.readAll(dir.resolve("out/detections.jsonl"));
            assertEquals(IntStream.range(0, 60).boxed().toList(), logged.stream().map(e -> (int) e.tMs()).toList());
        }
    }

    @Test
    void thresholdCommandOverThePty() throws Exception {
        try (PtyPair pty = PtyPair.start(dir)) {
            FileOutputStream out = new FileOutputStream(pty.a().toFile());
            FileInputStream in = new FileInputStream(pty.a().toFile());
            DeviceSimulator dev = device(out);
            Thread t = new Thread(() -> {
                try {
                    dev.serveCommands(in);
                } catch (IOException ignored) {
                    // pty closed at the end of the test
                }
            });
            t.setDaemon(true);
            t.start();
            try (DeviceClient c = DeviceClient.open(new SerialTransport(pty.b().toString(), 115200))) {
                c.setThreshold(0.62, Duration.ofSeconds(3));
                assertEquals("0.620", dev.threshold());
                var clip = c.record(300, Duration.ofSeconds(3));
                assertTrue(clip.ok(), clip.rejected());
                assertEquals(4800, clip.samples().length);
            } finally {
                out.close();
                in.close();
            }
        }
    }
}
