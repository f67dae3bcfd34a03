package dev.tinykws.monitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.testutil.FakeDeviceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorCommandTest {
    @TempDir
    Path dir;

    @Test
    void replaysACaptureIntoFilesAndLogs() throws Exception {
        Path capture = dir.resolve("session.raw");
        StringBuilder sb = new StringBuilder("garbage");
        sb.append(Frames.encode("HELLO", 0, "0.1.0", "kws-demo", "00000000", "16000", "0.700", "_silence_|_unknown_|yes"));
        for (int i = 1; i <= 5; i++) {
            sb.append(Frames.encode("DET", i, Integer.toString(i * 1000), "yes", "0.9" + i + "0"));
        }
        Files.writeString(capture, sb.toString(), StandardCharsets.US_ASCII);
        Path out = dir.resolve("out");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new MonitorCommand()).execute("--replay", capture.toString(), "--out", out.toString(),
                    "--refresh", "0", "--color", "never");
        } finally {
            System.setErr(oldErr);
        }
        String console = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, console);
        assertEquals(5, Files.readAllLines(out.resolve("detections.jsonl")).size());
        assertEquals(5, new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("detections").asInt());
        assertTrue(console.contains("DET yes 0.950 t=5000ms seq=5 device=kws-demo"), console);
        assertTrue(console.contains("== summary"), console);
        String fileLog = Files.readString(out.resolve("logs/monitor.log"));
        assertTrue(fileLog.contains("DET yes 0.910 t=1000ms seq=1"), fileLog);
    }

    @Test
    void thresholdAndRecordSubcommandsTalkToTheDevice() throws Exception {
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> { })) {
            assertEquals(0, new CommandLine(new MonitorCommand()).execute("threshold", "--port", server.url(), "0.85"));
            assertEquals("0.850", server.device().threshold());
        }
        try (FakeDeviceServer server = FakeDeviceServer.startInteractive((dev, s) -> { })) {
            Path dataset = dir.resolve("dataset");
            assertEquals(0, new CommandLine(new MonitorCommand()).execute("record", "--port", server.url(), "--keyword", "yes",
                    "--count", "2", "--out", dataset.toString(), "--length", "200ms", "--pause", "0ms"));
            assertTrue(Files.isRegularFile(dataset.resolve("yes/fake-kws_nohash_0.wav")));
            assertTrue(Files.isRegularFile(dataset.resolve("yes/fake-kws_nohash_1.wav")));
        }
    }

    @Test
    void thresholdWithoutADeviceFails() {
        assertEquals(1, new CommandLine(new MonitorCommand()).execute("threshold", "--port", "tcp://127.0.0.1:1", "0.5"));
    }

    @Test
    void missingReplayFileIsAnActionableError() {
        int code = new CommandLine(new MonitorCommand()).execute("--replay", dir.resolve("nope.raw").toString(),
                "--out", dir.resolve("o").toString(), "--refresh", "0");
        assertEquals(1, code);
    }

    @Test
    void listsPortsWithoutFailing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, MonitorCommand.listPorts(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.size() > 0);
    }

    @Test
    void parsesDurations() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(Duration.ofSeconds(30), c.convert("30"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofMinutes(90), c.convert("1.5h"));
    }
}
