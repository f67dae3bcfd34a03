package dev.tinykws.export;

import dev.tinykws.quant.golden.NnGoldenWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The generated C compiles with the host gcc under -std=c99 -Wall -Wextra -Werror against the
 * SPEC's kws_layer_t, and a small independent C implementation of the SPEC kernels
 * (test resource c/nn_ref_check.c) reproduces every byte of golden_nn.h from the generated
 * model data. Skipped without gcc unless CI=true.
 */
class CModelCompileTest {

    static void requireGcc() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if ("true".equals(System.getenv("CI"))) assertTrue(ok, "CI=true but gcc is missing");
        Assumptions.assumeTrue(ok, "gcc not installed");
    }

    static String run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = CModelCompileTest.class.getResourceAsStream("/c/" + name)) {
            Files.write(to, in.readAllBytes());
        }
    }

    @Test
    void goldenModelCompilesAndReferenceCMatchesEveryLayer(@TempDir Path dir) throws Exception {
        requireGcc();
        List<Path> files = NnGoldenWriter.write(dir);
        assertEquals(5, files.size());
        compileAndCheck(dir);
        String h = Files.readString(dir.resolve("kws_model_data.h"));
        assertTrue(h.contains("#define KWS_MODEL_NUM_LAYERS 12\n"), h);
        assertTrue(h.contains("#define KWS_MODEL_MAX_TENSOR_BYTES 8000\n"), h);
        assertTrue(h.contains("#define KWS_MODEL_SILENCE_INDEX 0\n") && h.contains("#define KWS_MODEL_UNKNOWN_INDEX 1\n"));
        String c = Files.readString(dir.resolve("kws_model_data.c"));
        assertTrue(c.contains(".pad_h = 5, .pad_w = 1"), "first conv keeps the PyTorch padding");
        String g = Files.readString(dir.resolve("golden_nn.h"));
        assertTrue(g.contains("#define GOLDEN_NN_NUM_CASES 9\n"));
        assertTrue(g.contains("static const int8_t golden_nn_out_L11[9][4] = {"));
        assertTrue(g.contains("static const int8_t *const golden_nn_outputs[KWS_MODEL_NUM_LAYERS] = {"));
        assertTrue(g.contains("static const int32_t golden_nn_out_size[KWS_MODEL_NUM_LAYERS] = { 8000,"));
    }

    @Test
    void tinyConvGoldenCompilesAndMatches(@TempDir Path dir) throws Exception {
        requireGcc();
        NnGoldenWriter.write(dir, dev.tinykws.quant.golden.TestModels.tinyConv(NnGoldenWriter.SEED), "golden-tiny-conv");
        compileAndCheck(dir);
    }

    /** firmware/core/include of this repository (the closest folder above the working dir holding it). */
    private static Path firmwareInclude() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path inc = p.resolve("firmware/core/include");
            if (Files.isRegularFile(inc.resolve("kws_nn.h"))) {
                return inc;
            }
        }
        throw new IllegalStateException("firmware/core/include/kws_nn.h not found above " + Path.of("").toAbsolutePath());
    }

    static void compileAndCheck(Path dir) throws Exception {
        copyResource("nn_ref_check.c", dir.resolve("nn_ref_check.c"));
        // The generated C compiles against the firmware's own kws_nn.h (the one struct definition).
        List<String> cc = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-O1", "-I.",
                "-I" + firmwareInclude(),
                "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                "-o", "check", "nn_ref_check.c", "kws_model_data.c", "kws_frontend_data.c", "-lm"));
        run(dir, cc);
        String out = run(dir, List.of("./check"));
        assertTrue(out.contains("golden_nn: all"), out);
        System.out.print(out);
    }
}
