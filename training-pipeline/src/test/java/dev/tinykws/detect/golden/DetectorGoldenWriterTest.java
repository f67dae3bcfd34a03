package dev.tinykws.detect.golden;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorGoldenWriterTest {

    @Test
    void headerIsSelfContainedAndDeterministic(@TempDir Path dir) throws IOException {
        Path h = DetectorGoldenWriter.write(dir);
        String text = Files.readString(h);
        assertEquals(text, DetectorGoldenWriter.render(DetectorScenarios.all()));
        assertTrue(text.contains("#include <stdint.h>"));
        assertEquals(1, text.split("#include").length - 1, "only stdint.h is included");
        assertTrue(text.contains("#define GOLDEN_DET_NUM_SCENARIOS 9"));
        assertTrue(text.contains("#define GOLDEN_DET_S1_THRESHOLD_Q 179"));
        assertTrue(text.contains("static const int32_t golden_det_s5_det_t_ms[2] = {1000, 2000};"));
        assertTrue(text.contains("static const uint8_t golden_det_s5_det_score[2] = {255, 207};"));
        assertFalse(text.contains("golden_det_s9"));
    }

    @Test
    void headerCompilesAndAnIndependentCImplementationAgrees(@TempDir Path dir) throws Exception {
        Path gcc = findOnPath("gcc");
        if (gcc == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("gcc is required when CI=true");
            }
            Assumptions.abort("gcc not installed");
        }
        DetectorGoldenWriter.write(dir);
        try (InputStream in = getClass().getResourceAsStream("/detect/golden_detector_check.c")) {
            assertNotNull(in);
            Files.copy(in, dir.resolve("check.c"));
        }
        run(dir, List.of(gcc.toString(), "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-fsanitize=address,undefined", "-o", "check", "check.c"));
        String out = run(dir, List.of(dir.resolve("check").toString()));
        assertTrue(out.contains("queue_overflow 2"), out);
    }

    private static String run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    private static Path findOnPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
