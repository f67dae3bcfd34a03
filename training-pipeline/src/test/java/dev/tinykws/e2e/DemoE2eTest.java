package dev.tinykws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.cli.TinyKws;
import dev.tinykws.demo.FirmwareRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, `./tinykws demo`, end to end on a small configuration: synthesis →
 * training (DJL) → int8 + C export → the firmware built for the device the demo picks (the
 * emulated Cortex-M4 when the ARM tools are installed, as in CI; the host build otherwise) and run
 * on the test stream → the monitor's log → the summary. Every step is the demo's own code; only
 * the sizes are small (2 keywords, 2 epochs, a 30-s stream). A change that breaks the firmware
 * build for a trained package, the monitor or the summary fails here.
 */
class DemoE2eTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void smallDemoRunsEndToEndOnTheDevice(@TempDir Path tmp) throws Exception {
        E2eSupport.requireTools("make", "gcc");
        Path root = E2eSupport.repoRoot();
        String before = System.getProperty("tinykws.root");
        System.setProperty("tinykws.root", root.toString());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = TinyKws.commandLine().execute("demo", "--work", tmp.resolve("work").toString(),
                    "--model", tmp.resolve("model").toString(), "--keywords", "yes,no", "--epochs", "2",
                    "--stream-length", "30s", "--synth-arg=--per-voice=1", "--synth-arg=--unknown-speakers=4",
                    "--synth-arg=--common-words=10");
        } finally {
            System.setOut(out);
            if (before == null) {
                System.clearProperty("tinykws.root");
            } else {
                System.setProperty("tinykws.root", before);
            }
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(0, code, "tinykws demo failed; its output:\n" + printed);
        assertTrue(printed.contains("TinyKWS demo — done in"), printed);
        assertTrue(printed.contains("| device vs Java detections |"), printed);
        assertTrue(Files.isRegularFile(tmp.resolve("model").resolve("model.json")), "no model package");
        assertTrue(Files.isRegularFile(tmp.resolve("model").resolve("c").resolve("kws_model_data.c")), "no C export");
        Path summary = tmp.resolve("work").resolve("monitor").resolve("summary.json");
        assertTrue(Files.isRegularFile(summary), "the monitor wrote no summary");
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(0, s.path("lines").path("lost").asLong(-1), "lines lost between the device and the monitor: " + s);
        if (FirmwareRunner.armToolsAvailable()) {
            assertTrue(printed.contains("device (qemu)"), "with the ARM tools the demo runs the emulated Cortex-M4");
            assertTrue(printed.contains("| firmware qemu-mps2-an386 | flash"), printed);
        }
    }
}
