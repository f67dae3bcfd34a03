package dev.tinykws.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bench/run calls every bench/scripts/*.sh without arguments (or with --quick only). A script that
 * needs a configuration must then print its usage and exit 0, not abort and be listed as failed.
 */
class BenchScriptsTest {

    private static final Path SCRIPTS = Path.of("scripts");

    /** Scripts that measure nothing without an explicit configuration (they only print their usage). */
    private static final List<String> CONFIG_ONLY =
            List.of("cadence.sh", "real-voice-seeds.sh", "unlabeled-half.sh", "cross-engine.sh", "teacher.sh");

    @Test
    void scriptsThatNeedAConfigurationExitZeroWithTheirUsageWhenCalledLikeBenchRunDoes() throws Exception {
        for (String name : CONFIG_ONLY) {
            for (List<String> args : List.of(List.<String>of(), List.of("--quick"))) {
                List<String> cmd = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
                cmd.addAll(args);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getOutputStream().close();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), name + " " + args + " did not return within 30 s");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), name + " " + args + ": " + out);
                assertTrue(out.contains(name) && (out.contains("usage") || out.contains("--full")),
                        name + " " + args + " should say how to run it: " + out);
            }
        }
    }

    @Test
    void everyScriptWithARequiredPositionalArgumentIsGuarded() throws IOException {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".sh")).toList()) {
                String s = Files.readString(f);
                if (s.contains("${1:?")) {
                    assertTrue(s.contains("$# -eq 0") && CONFIG_ONLY.contains(f.getFileName().toString()),
                            f + " requires an argument: it needs the `$# -eq 0 || \"$1\" == --*` usage guard"
                                    + " (and an entry in CONFIG_ONLY), or bench/run lists it as failed");
                }
            }
        }
    }
}
