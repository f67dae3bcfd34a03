package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.sim.DeviceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code monitor --web} and the review queue from the CLI. */
class MonitorWebOptionTest {
    @TempDir
    Path dir;

    private Path capture() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DeviceSimulator dev = new DeviceSimulator(wire, "kws-cli", List.of("_silence_", "_unknown_", "yes"));
        dev.hello();
        dev.det(1000, "yes", "0.930");
        dev.detectionAudio(1600);
        dev.near(2000, "yes", "0.610");
        dev.detectionAudio(800);
        Path f = dir.resolve("session.raw");
        Files.write(f, wire.toByteArray());
        return f;
    }

    private int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CommandLine(new MonitorCommand()).execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void detectionAudioGoesToTheReviewQueueWithOrWithoutTheDashboard() throws Exception {
        Path raw = capture();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "--replay", raw.toString(), "--out", dir.resolve("a").toString(), "--refresh", "0",
                "--color", "never"));
        assertEquals(2, ReviewQueue.open(dir.resolve("a/review")).all().size());

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(0, run(err2, "--replay", raw.toString(), "--out", dir.resolve("b").toString(), "--refresh", "0",
                "--color", "never", "--web", "127.0.0.1:0"));
        String console = err2.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("dashboard: http://127.0.0.1:"), console);
        assertEquals(List.of("det", "near"), ReviewQueue.open(dir.resolve("b/review")).all().stream()
                .map(c -> c.kind()).toList());
    }

    @Test
    void aBadWebAddressIsAnErrorWithTheReason() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(err, "--replay", capture().toString(), "--out", dir.resolve("c").toString(), "--refresh", "0",
                "--color", "never", "--web", "localhost:99999"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("port '99999' is not 0..65535"), err.toString(StandardCharsets.UTF_8));
    }
}
