package dev.tinykws.dataset.synth;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running command-line engines: PATH lookup and a process with a time limit. */
final class ExternalTool {
    private ExternalTool() {
    }

    /** The executable on PATH, or null. */
    static Path which(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    record Result(int exit, byte[] stdout, String stderr) {
    }

    /** Runs a command, returning exit code, stdout and stderr; exit -1 on timeout or start failure. */
    static Result run(List<String> cmd, long timeoutSeconds) {
        Path err = null;
        try {
            err = Files.createTempFile("tinykws-tts-", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out, "timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, new byte[0], e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, new byte[0], "interrupted");
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** First line of a version command's output, or "unknown". */
    static String version(List<String> cmd) {
        Result r = run(cmd, 10);
        String s = (new String(r.stdout(), StandardCharsets.UTF_8) + "\n" + r.stderr()).strip();
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "unknown";
    }

    /** Text safe to pass to an engine: letters, digits, spaces, apostrophes and hyphens only. */
    static String clean(String text) {
        return text.replaceAll("[^A-Za-z0-9' \\-]", " ").replaceAll("\\s+", " ").strip();
    }
}
