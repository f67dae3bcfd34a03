package dev.tinykws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every harness shares: the {@code --quick} flag, the machine line (cores, CPU model from
 * /proc/cpuinfo, JDK, load average), the date, medians, the trained model to measure
 * ({@code TINYKWS_BENCH_MODEL}, default {@code models/demo}) and writing
 * {@code bench/results/<area>.md}.
 */
final class BenchSupport {

    /** Env var naming the trained model package the harnesses measure. */
    static final String MODEL_ENV = "TINYKWS_BENCH_MODEL";
    /** Printed in a section when no trained model is available. */
    static final String NO_MODEL = "no trained model found (set " + MODEL_ENV + " to a model package, or "
            + "run `./tinykws demo` first to create `models/demo`)";

    private BenchSupport() {
    }

    static boolean quick(String[] args) {
        return Arrays.asList(args).contains("--quick");
    }

    /** The project root: {@code -Dtinykws.root} (bench/run sets it), else the working directory. */
    static Path root() {
        return Path.of(System.getProperty("tinykws.root", ".")).toAbsolutePath().normalize();
    }

    static Path resultsDir() {
        return root().resolve("bench/results");
    }

    /** Writes {@code bench/results/<area>.md} (atomically) and says so on stderr. */
    static Path writeResult(String area, String markdown) throws IOException {
        Path dir = resultsDir();
        Files.createDirectories(dir);
        Path out = dir.resolve(area + ".md");
        Path tmp = dir.resolve(area + ".md.tmp");
        Files.writeString(tmp, markdown.endsWith("\n") ? markdown : markdown + "\n");
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.println("wrote " + out);
        return out;
    }

    /** The trained model package to measure, if there is one (a folder with model.json). */
    static Optional<Path> modelDir() {
        String env = System.getenv(MODEL_ENV);
        Path p = env != null && !env.isBlank() ? Path.of(env) : root().resolve("models/demo");
        if (!p.isAbsolute()) {
            p = root().resolve(p);
        }
        return Files.isRegularFile(p.resolve("model.json")) ? Optional.of(p.normalize()) : Optional.empty();
    }

    /** {@code path} relative to the project root when it is inside it (for the Markdown). */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root()) ? root().relativize(abs).toString() : abs.toString();
    }

    /** The command that regenerates a harness's section, e.g. {@code bench/run --quick}. */
    static String command(String harness, boolean quick) {
        return "`bench/run" + (quick ? " --quick" : "") + "` (runs `java -cp \"bench/target/bench.jar:bench/target/lib/*\" "
                + "dev.tinykws.bench." + harness + (quick ? " --quick" : "") + "`)";
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch") + " (no /proc/cpuinfo)";
    }

    /** 1, 5 and 15 minute load averages, e.g. "8.1, 7.9, 7.5". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** UTC date and time to the minute. */
    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** "2 cores (`nproc`), AMD EPYC, JDK 17.0.15" — the machine part of every section. */
    static String machine() {
        return String.format(Locale.ROOT, "%d cores (`nproc`), %s, JDK %s", cores(), cpuModel(),
                System.getProperty("java.version"));
    }

    /** The same in plain text, for figure footers. */
    static String machinePlain() {
        return String.format(Locale.ROOT, "%d cores, %s, JDK %s", cores(), cpuModel(), System.getProperty("java.version"));
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Nearest-rank percentile; 100 = max. */
    static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int k = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, k))];
    }
}
