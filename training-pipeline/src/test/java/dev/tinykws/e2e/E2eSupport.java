package dev.tinykws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.cli.DetectCommand;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.FileAudioSource;
import dev.tinykws.features.golden.Fixtures;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.model.FloatModel;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackager;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared pieces of the end-to-end tests: the repository root, tool checks (skip, or fail with
 * CI=true), a deterministic test stream built from the bundled speech fixtures, a real model
 * package made without DJL, and the three views of a detection list that are compared (Java
 * {@code tinykws detect}, the monitor's in-memory summary, the monitor's {@code detections.jsonl}).
 */
final class E2eSupport {

    static final int SAMPLE_RATE = 16000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private E2eSupport() {
    }

    /** One detection as the user sees it: keyword, device time, score text ({@code 0.xxx}). */
    record Det(long tMs, String keyword, String score) {
        @Override
        public String toString() {
            return tMs + " " + keyword + " " + score;
        }
    }

    /** The repository root: the closest folder above the working directory that holds {@code firmware/Makefile}. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("firmware").resolve("Makefile"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath()
                + " holds firmware/Makefile: run the tests inside the TinyKWS repository");
    }

    /** Skips the test when a tool is missing; with CI=true a missing tool fails it instead. */
    static void requireTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            if (!onPath(t)) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = "missing " + String.join(", ", missing)
                + " (apt-get install make gcc qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + msg);
        }
        Assumptions.assumeTrue(false, "SKIPPED: " + msg);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A fresh work folder under {@code target/e2e/<name>} (kept after the run so a failure can be
     * inspected: stream.wav, the package, the firmware build, the monitor's files).
     */
    static Path workDir(String name) throws IOException {
        Path dir = Path.of("target", "e2e", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * A deterministic test stream of {@code seconds} seconds: the four bundled speech fixtures
     * (random order and gain 0.25..1) over faint white noise, separated by louder noise bursts,
     * faint-noise gaps and stretches of digital silence (all-zero samples). Returns the samples
     * exactly as stored (PCM16 / 32768), which is also what both the Java reader and the firmware see.
     */
    static float[] writeStream(Path wav, long seed, int seconds) {
        Random rnd = new Random(seed);
        List<float[]> clips = new ArrayList<>();
        for (String name : Fixtures.NAMES) {
            Path tmp = wav.resolveSibling("fixture-" + name);
            try {
                Files.write(tmp, Fixtures.bytes(name));
                clips.add(AudioIO.readMono16k(tmp));
                Files.delete(tmp);
            } catch (IOException e) {
                throw new IllegalStateException("cannot stage fixture " + name + ": " + e.getMessage(), e);
            }
        }
        int total = seconds * SAMPLE_RATE;
        float[] x = new float[total];
        int pos = 0;
        while (pos < total) {
            double r = rnd.nextDouble();
            int len;
            if (r < 0.40) { // a word over faint noise
                float[] c = clips.get(rnd.nextInt(clips.size()));
                double gain = 0.25 + 0.75 * rnd.nextDouble();
                len = Math.min(c.length, total - pos);
                double floor = dbfs(-60 + 15 * rnd.nextDouble());
                for (int i = 0; i < len; i++) {
                    x[pos + i] = (float) (gain * c[i] + floor * rnd.nextGaussian());
                }
            } else if (r < 0.60) { // noise burst
                len = Math.min((int) (SAMPLE_RATE * (0.4 + 1.2 * rnd.nextDouble())), total - pos);
                double level = dbfs(-35 + 20 * rnd.nextDouble());
                for (int i = 0; i < len; i++) {
                    x[pos + i] = (float) (level * rnd.nextGaussian());
                }
            } else if (r < 0.75) { // digital silence
                len = Math.min((int) (SAMPLE_RATE * (0.2 + 0.8 * rnd.nextDouble())), total - pos);
            } else { // faint-noise gap
                len = Math.min((int) (SAMPLE_RATE * (0.2 + 1.3 * rnd.nextDouble())), total - pos);
                double level = dbfs(-65 + 10 * rnd.nextDouble());
                for (int i = 0; i < len; i++) {
                    x[pos + i] = (float) (level * rnd.nextGaussian());
                }
            }
            pos += len;
        }
        short[] pcm = AudioIO.toPcm16(x);
        AudioIO.writeWav(wav, pcm, SAMPLE_RATE, 1);
        float[] stored = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            stored[i] = pcm[i] / 32768.0f;
        }
        return stored;
    }

    private static double dbfs(double db) {
        return Math.pow(10, db / 20);
    }

    /**
     * Quantizes {@code model} (min-max calibration on float feature windows of the stream itself,
     * one every half second, so the int8 input range fits the audio) and writes a complete package.
     */
    static ModelPackage makePackage(Path dir, FloatModel model, DetectorConfig detector, float[] stream, String name) {
        FrontendConfig fe = FrontendConfig.defaults();
        ClipFeatures cf = new ClipFeatures(fe);
        List<float[]> calib = new ArrayList<>();
        for (int start = 0; start + SAMPLE_RATE <= stream.length; start += SAMPLE_RATE / 2) {
            float[] clip = new float[SAMPLE_RATE];
            System.arraycopy(stream, start, clip, 0, SAMPLE_RATE);
            calib.add(cf.extract(clip));
        }
        return ModelPackager.write(dir, model, fe, detector, calib, Map.of(ModelPackager.KEY_NAME, name));
    }

    /** The Java side, exactly as {@code tinykws detect --model PKG --input WAV}: its JSON lines, parsed. */
    static List<Det> javaDetect(ModelPackage pkg, Path wav) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = DetectCommand.detect(ModelRuntime.of(pkg, pkg.id()), wav, o, e);
        }
        assertEquals(0, code, () -> "tinykws detect failed: " + err.toString(StandardCharsets.UTF_8));
        List<Det> dets = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            // the score is a JSON number printed with three decimals; keep its text as printed
            String score = line.replaceAll(".*\"score\":([0-9.]+).*", "$1");
            dets.add(new Det(n.get("t_ms").asLong(), n.get("keyword").asText(), score));
        }
        return dets;
    }

    /** Every inference of the Java run (time and int8 softmax), for diagnosing a mismatch. */
    static ScoreTrace javaTrace(ModelPackage pkg, Path wav) {
        ScoreTrace trace = new ScoreTrace(pkg.labels().size());
        try (FileAudioSource src = new FileAudioSource(wav)) {
            AudioDetection.run(src, ModelRuntime.of(pkg, pkg.id()), d -> { }, trace);
        }
        return trace;
    }

    /** The detections the monitor decoded from the device's DET lines. */
    static List<Det> fromMonitor(MonitorSummary s) {
        List<Det> out = new ArrayList<>();
        for (DetectionEvent e : s.detections()) {
            out.add(new Det(e.tMs(), e.keyword(), e.score()));
        }
        return out;
    }

    /** The detections in the monitor's {@code detections.jsonl}; every line must name {@code device}. */
    static List<Det> fromJsonl(Path file, String device) throws IOException {
        List<Det> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(line);
            assertEquals(device, n.get("device").asText(), "device of " + line);
            String score = line.replaceAll(".*\"score\":([0-9.]+).*", "$1");
            out.add(new Det(n.get("t_ms").asLong(), n.get("keyword").asText(), score));
        }
        return out;
    }

    /** A readable side-by-side of two detection lists, for failure messages. */
    static String diff(String nameA, List<Det> a, String nameB, List<Det> b) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s | %s%n", nameA + " (" + a.size() + ")", nameB + " (" + b.size() + ")"));
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i).toString() : "";
            String y = i < b.size() ? b.get(i).toString() : "";
            sb.append(String.format("%-28s | %s%s%n", x, y, x.equals(y) ? "" : "   <-- differs"));
        }
        return sb.toString();
    }
}
