package dev.tinykws.monitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.testutil.FakeDeviceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitor CLI in a child JVM, a burst of detections over loopback TCP, {@code kill -9} in the middle:
 * detections.jsonl must hold every detection the monitor acknowledged on its console before the kill,
 * as a gap-free prefix of what was sent, with no torn line.
 */
@Timeout(60)
class KillDuringBurstTest {
    @TempDir
    Path dir;

    @Test
    void killMinus9LosesNothingAcknowledgedAndTearsNoLine() throws Exception {
        int burst = 200_000;
        try (FakeDeviceServer server = FakeDeviceServer.start((dev, s) -> {
            dev.hello();
            try {
                for (int i = 0; i < burst; i++) {
                    dev.det(i, i % 3 == 0 ? "yes" : "no", "0.900");
                }
            } catch (IOException killed) {
                // the monitor was killed mid-burst
            }
        })) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path out = dir.resolve("out");
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    MonitorCommand.class.getName(), "--port", server.url(), "--out", out.toString(),
                    "--refresh", "0", "--color", "never")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            AtomicInteger acknowledged = new AtomicInteger();
            List<String> other = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.contains(" DET ")) {
                            acknowledged.incrementAndGet();
                        } else if (other.size() < 50) {
                            other.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // child gone
                }
            });
            reader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (acknowledged.get() < 2000 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "monitor exited early: " + other);
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue());
            reader.join(10_000);
            int acked = acknowledged.get();
            assertTrue(acked >= 2000, "acknowledged " + acked + "; output: " + other);

            byte[] raw = Files.readAllBytes(out.resolve("detections.jsonl"));
            assertTrue(raw.length > 0 && raw[raw.length - 1] == '\n', "torn last line");
            List<String> lines = Files.readAllLines(out.resolve("detections.jsonl"));
            ObjectMapper m = new ObjectMapper();
            for (int i = 0; i < lines.size(); i++) {
                JsonNode n = m.readTree(lines.get(i)); // throws on a torn line
                assertEquals(i, n.get("t_ms").asInt(), "not a gap-free prefix of the burst at line " + i);
                assertEquals(i + 1, n.get("seq").asInt());
            }
            System.out.printf("kill -9 after %d acknowledged detections; %d in detections.jsonl%n", acked, lines.size());
            assertTrue(lines.size() >= acked, lines.size() + " logged < " + acked + " acknowledged");
            assertTrue(lines.size() < burst, "the kill came after the burst ended; make the burst longer");
        }
    }
}
