package dev.tinykws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.cli.DetectCommand;
import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.Detection;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.FileAudioSource;
import dev.tinykws.features.golden.Fixtures;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.features.mfcc.StreamingMfcc;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        return dev.tinykws.demo.FirmwareRunner.onPath(tool);
    }

    /**
     * A fresh work folder under {@code target/e2e/<name>} (kept after the run so a failure can be
     * inspected: stream.wav, the package, the firmware build, the monitor's files).
     */
    static Path workDir(String name) throws IOException {
        Path dir = targetDir().resolve("e2e").resolve(name);
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

    /** The module's {@code target/} folder (the parent of {@code test-classes/}), or ./target. */
    private static Path targetDir() {
        try {
            Path classes = Path.of(E2eSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (classes.getParent() != null && "target".equals(classes.getParent().getFileName().toString())) {
                return classes.getParent();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of("target").toAbsolutePath();
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

    /** What {@code tinykws detect} printed, and every inference it made on the way. */
    record JavaRun(List<Det> detections, List<Inference> inferences) {
    }

    /**
     * The Java side, exactly as {@code tinykws detect --model PKG --input WAV} ({@link DetectCommand#detect}):
     * its JSON lines, parsed. The package's int8 scorer is wrapped to record every model input and
     * output; the i-th inference is after frame {@code k = framesPerClip − 1 + i·strideFrames} at
     * {@code t = (k·hop + window)·1000/sampleRate} (SPEC §4).
     */
    static JavaRun javaDetect(ModelPackage pkg, Path wav) throws IOException {
        ModelRuntime base = ModelRuntime.of(pkg, pkg.id());
        FrontendConfig fe = pkg.frontend();
        List<Inference> inferences = new ArrayList<>();
        ModelRuntime recording = new ModelRuntime(base.name(), base.frontend(), base.labels(), base.detector(), q -> {
            byte[] scores = base.int8().score(q);
            long k = fe.framesPerClip() - 1 + (long) inferences.size() * pkg.detector().strideFrames();
            long t = (k * fe.hopSamples() + fe.windowSamples()) * 1000 / fe.sampleRate();
            inferences.add(new Inference(t, scores.clone(), q.clone()));
            return scores;
        }, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = DetectCommand.detect(recording, wav, o, e);
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
        return new JavaRun(dets, inferences);
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

    /** What one end-to-end run produced. */
    record Run(Path work, Path wav, ModelPackage pkg, List<Det> java, List<Inference> javaInferences, MonitorSummary device, List<Det> logged, Path jsonl,
               double javaSeconds, double buildSeconds, double deviceSeconds) {
    }

    /**
     * The whole chain once: stream → package → {@code tinykws detect} (Java) → firmware build for
     * {@code target} → firmware run with the monitor reading its protocol lines.
     */
    static Run run(String name, FloatModel model, DetectorConfig detector, long streamSeed, int seconds,
                   FirmwareRunner.Target target) throws IOException, InterruptedException {
        return run(name, model, detector, streamSeed, seconds, target, "stream.wav");
    }

    /** As above, with the stream stored as {@code wavName} in the work folder. */
    static Run run(String name, FloatModel model, DetectorConfig detector, long streamSeed, int seconds,
                   FirmwareRunner.Target target, String wavName) throws IOException, InterruptedException {
        Path work = workDir(name);
        Path wav = work.resolve(wavName);
        float[] stream = writeStream(wav, streamSeed, seconds);
        ModelPackage pkg = makePackage(work.resolve("model"), model, detector, stream, "e2e-" + name);
        long t0 = System.nanoTime();
        JavaRun java = javaDetect(pkg, wav);
        long t1 = System.nanoTime();
        FirmwareRunner fw = new FirmwareRunner(repoRoot(), work.resolve("firmware-build"));
        fw.build(pkg.cDir(), List.of(target == FirmwareRunner.Target.HOST ? "host" : "qemu"));
        long t2 = System.nanoTime();
        Path monitorDir = work.resolve("monitor");
        MonitorSummary device = fw.run(target, wav, monitorDir);
        long t3 = System.nanoTime();
        Run r = new Run(work, wav, pkg, java.detections(), java.inferences(), device, fromMonitor(device), monitorDir.resolve("detections.jsonl"),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        System.out.printf(Locale.ROOT, "e2e %s: %d s stream, %s, %s; Java detect %d detections in %.1f s;"
                        + " firmware build %.1f s; firmware + monitor %d detections in %.1f s%n", name, seconds,
                model.architecture(), target, r.java().size(), r.javaSeconds(), r.buildSeconds(), r.logged().size(),
                r.deviceSeconds());
        return r;
    }

    /**
     * The assertions every run must pass, from the device outwards:
     * <ol>
     * <li>the device said HELLO with this package's id and labels; no line was lost, dropped or malformed;</li>
     * <li>{@code detections.jsonl} holds exactly the detections the monitor decoded;</li>
     * <li>the device's detections are exactly what SPEC §4 makes of the firmware C code's own inferences
     *     ({@link #cInferences}): the app loop, detector, protocol, transport and monitor lose and change nothing;</li>
     * <li>Java's and the C code's inferences agree as {@link #assertParity} requires;</li>
     * <li>the device's detections equal {@code tinykws detect}'s exactly when no inference score differs; a
     *     detection may differ only within {@code averageWindowMs + suppressionMs} after an inference whose
     *     score differs because an int8 feature differs by 1 (an FFT rounding difference, which SPEC §2 allows).</li>
     * </ol>
     */
    static Checked assertEndToEnd(Run r, String deviceName) throws IOException, InterruptedException {
        assertEquals(r.pkg().id(), r.device().device(), "HELLO model id");
        assertEquals(r.pkg().labels(), r.device().labels(), "HELLO labels");
        assertEquals(0, r.device().lostLines(), "lines lost between firmware and monitor");
        assertEquals(0, r.device().decoder().droppedLines(), "lines dropped by the monitor");
        assertEquals(0, r.device().malformedMessages(), "malformed lines");
        assertTrue(Files.isRegularFile(r.jsonl()), "monitor wrote no " + r.jsonl());
        List<Det> inFile = fromJsonl(r.jsonl(), r.pkg().id());
        assertEquals(r.logged(), inFile, () -> "detections.jsonl differs from what the monitor decoded:\n"
                + diff("monitor", r.logged(), "detections.jsonl", inFile));

        Path wav = r.wav();
        List<Inference> c = cInferences(r.pkg(), wav, r.work());
        List<Det> fromC = detect(r.pkg(), c);
        assertEquals(fromC, r.logged(), () -> deviceName + " detections differ from SPEC §4 applied to the firmware"
                + " code's own inferences:\n" + diff("fw_trace + detector", fromC, deviceName, r.logged()));

        List<Inference> java = r.javaInferences();
        assertEquals(detect(r.pkg(), java), r.java(), "tinykws detect vs the Java detector over Java's inferences");
        Parity p = assertParity(r.pkg(), java, c, javaFrames(r.pkg(), wav), cFrames(r.work()));
        System.out.println("e2e " + r.work().getFileName() + " parity: " + p);

        if (p.inferencesWithScoreDiff() == 0) {
            assertEquals(r.java(), r.logged(), () -> deviceName + " detections differ from tinykws detect:\n"
                    + diff("tinykws detect", r.java(), deviceName, r.logged()));
        } else {
            DetectorConfig d = r.pkg().detector();
            List<Long> scoreDiffTimes = new ArrayList<>();
            for (int i = 0; i < java.size(); i++) {
                if (!Arrays.equals(java.get(i).scores(), c.get(i).scores())) {
                    scoreDiffTimes.add(java.get(i).tMs());
                }
            }
            List<Det> onlyJava = new ArrayList<>(r.java());
            onlyJava.removeAll(r.logged());
            List<Det> onlyDevice = new ArrayList<>(r.logged());
            onlyDevice.removeAll(r.java());
            List<Det> unexplained = new ArrayList<>();
            for (Det x : concat(onlyJava, onlyDevice)) {
                boolean explained = scoreDiffTimes.stream()
                        .anyMatch(t -> x.tMs() >= t && x.tMs() - t < d.averageWindowMs() + d.suppressionMs());
                if (!explained) {
                    unexplained.add(x);
                }
            }
            System.out.printf(Locale.ROOT, "e2e %s: %d of %d Java detections not on the device, %d device detections"
                            + " not in Java, all after a score difference%n", r.work().getFileName(), onlyJava.size(),
                    r.java().size(), onlyDevice.size());
            assertTrue(unexplained.isEmpty(), () -> "detections differ with no score difference before them: "
                    + unexplained + "\n" + diff("tinykws detect", r.java(), deviceName, r.logged()));
        }
        return new Checked(p, java, c);
    }

    /** What {@link #assertEndToEnd} computed: the parity figures and both inference lists. */
    record Checked(Parity parity, List<Inference> java, List<Inference> c) {
    }

    private static List<Det> concat(List<Det> a, List<Det> b) {
        List<Det> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * A detector that turns every inference whose top label is a keyword into a detection with
     * that inference's own score: a 1 ms averaging window keeps only the current inference,
     * threshold 0, no suppression, minimum count 1. The DET lines then expose the int8 softmax
     * of each such inference, and (q·1000+128)/256 is one-to-one on 0..255, so equal score texts
     * mean equal int8 scores.
     */
    static final DetectorConfig EVERY_INFERENCE = new DetectorConfig(1, 0.0, 0, 1, 5);

    /** What {@link #EVERY_INFERENCE} must detect: each inference whose top label (lowest index on ties) is a keyword. */
    static List<Det> expectedEveryInference(ModelPackage pkg, List<Inference> inferences) {
        List<Det> out = new ArrayList<>();
        for (Inference i : inferences) {
            int top = 0;
            for (int c = 1; c < i.scores().length; c++) {
                if (i.p(c) > i.p(top)) {
                    top = c;
                }
            }
            if (top >= 2) {
                out.add(new Det(i.tMs(), pkg.labels().get(top), Detection.formatScore(i.p(top))));
            }
        }
        return out;
    }

    /** One inference: its time, the int8 softmax and the int8 model input it was computed from. */
    record Inference(long tMs, byte[] scores, byte[] input) {
        /** Unsigned score p = q + 128 of label {@code c}. */
        int p(int c) {
            return scores[c] + 128;
        }
    }

    /**
     * Every inference of the firmware's own C code (kws_frontend, the feature window, kws_nn and the
     * package's generated tables) on {@code wav}, through the small harness {@code fw_trace.c}
     * (compiled here with the firmware's host flags), which prints what the DET lines do not show.
     */
    static List<Inference> cInferences(ModelPackage pkg, Path wav, Path work) throws IOException, InterruptedException {
        Path fwDir = repoRoot().resolve("firmware");
        Path src = work.resolve("fw_trace.c");
        try (var in = E2eSupport.class.getResourceAsStream("fw_trace.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path exe = work.resolve("fw_trace");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-ffp-contract=off", "-I" + fwDir.resolve("core/include"), "-I" + pkg.cDir().toAbsolutePath(),
                src.toString(), fwDir.resolve("core/src/kws_frontend.c").toString(),
                fwDir.resolve("core/src/kws_nn.c").toString()));
        try (Stream<Path> cs = Files.list(pkg.cDir())) {
            cs.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> cmd.add(p.toAbsolutePath().toString()));
        }
        cmd.addAll(List.of("-o", exe.toString(), "-lm"));
        exec(cmd, work.resolve("fw_trace-build.txt"));
        Path txt = work.resolve("fw_trace.txt");
        exec(List.of(exe.toString(), "-f", wav.toAbsolutePath().toString()), txt);
        List<Inference> out = new ArrayList<>();
        for (String line : Files.readAllLines(txt, StandardCharsets.US_ASCII)) {
            if (!line.startsWith("I ")) {
                continue;
            }
            String[] halves = line.substring(2).split(" \\| ");
            String[] head = halves[0].split(" ");
            String[] body = halves[1].split(" ");
            byte[] scores = new byte[head.length - 1];
            for (int i = 1; i < head.length; i++) {
                scores[i - 1] = (byte) Integer.parseInt(head[i]);
            }
            byte[] input = new byte[body.length];
            for (int i = 0; i < body.length; i++) {
                input[i] = (byte) Integer.parseInt(body[i]);
            }
            out.add(new Inference(Long.parseLong(head[0]), scores, input));
        }
        return out;
    }

    /** The raw float MFCC frames fw_trace printed ({@link #cInferences} must have run in {@code work}). */
    static List<float[]> cFrames(Path work) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("fw_trace.txt"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("F ")) {
                String[] t = line.split(" ");
                float[] v = new float[t.length - 2];
                for (int i = 2; i < t.length; i++) {
                    v[i - 2] = Float.parseFloat(t[i]);
                }
                out.add(v);
            }
        }
        return out;
    }

    /** Java's raw float MFCC frames of the stream (StreamingMfcc, as in {@code tinykws detect}). */
    static List<float[]> javaFrames(ModelPackage pkg, Path wav) {
        List<float[]> out = new ArrayList<>();
        StreamingMfcc mfcc = new StreamingMfcc(pkg.frontend(), (k, c) -> out.add(c.clone()));
        try (FileAudioSource src = new FileAudioSource(wav)) {
            float[] buf = new float[AudioDetection.BLOCK];
            int n;
            while ((n = src.read(buf, 0, buf.length)) >= 0) {
                mfcc.push(buf, 0, n);
            }
        }
        return out;
    }

    private static void exec(List<String> cmd, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " failed; see " + output);
        }
    }

    /** The detections a fresh Java {@link dev.tinykws.detect.Detector} makes from a list of inferences. */
    static List<Det> detect(ModelPackage pkg, List<Inference> inferences) {
        dev.tinykws.detect.Detector d = new dev.tinykws.detect.Detector(pkg.detector(), pkg.labels());
        List<Det> out = new ArrayList<>();
        for (Inference i : inferences) {
            d.processInt8(i.tMs(), i.scores()).ifPresent(x -> out.add(new Det(x.tMs(), x.keyword(), x.scoreText())));
        }
        return out;
    }

    /** What {@link #assertParity} measured. */
    record Parity(int frames, double maxMfccDiff, int inferences, long featureValues, long featuresDiffering,
                  int maxFeatureDiff, int inferencesWithFeatureDiff, List<String> featureDiffs,
                  int inferencesWithScoreDiff, List<String> scoreDiffs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d frames, float MFCC max |java - C| %.2g; %d inferences; int8 features:"
                            + " %d of %d differ (%.4f%%), max |diff| %d, in %d inferences%s; int8 scores differ in %d"
                            + " inferences%s", frames, maxMfccDiff, inferences, featuresDiffering, featureValues,
                    100.0 * featuresDiffering / featureValues, maxFeatureDiff, inferencesWithFeatureDiff,
                    featureDiffs.isEmpty() ? "" : " (" + String.join("; ", featureDiffs) + ")", inferencesWithScoreDiff,
                    scoreDiffs.isEmpty() ? "" : ": " + String.join("; ", scoreDiffs));
        }
    }

    /**
     * Java's streaming inferences against the firmware C code's, one by one (SPEC §2, §3):
     * the same schedule; int8 features never more than 1 apart and identical for ≥ 99% of values;
     * the Java int8 reference on the C input gives exactly the C scores (the kernels are bit-exact),
     * so a score differs only where the features differ.
     */
    static Parity assertParity(ModelPackage pkg, List<Inference> java, List<Inference> c, List<float[]> javaFrames,
                               List<float[]> cFrames) {
        assertEquals(javaFrames.size(), cFrames.size(), "number of MFCC frames");
        double maxMfcc = 0;
        for (int k = 0; k < javaFrames.size(); k++) {
            for (int i = 0; i < javaFrames.get(k).length; i++) {
                maxMfcc = Math.max(maxMfcc, Math.abs(javaFrames.get(k)[i] - cFrames.get(k)[i]));
            }
        }
        assertEquals(java.size(), c.size(), "number of inferences");
        int coeffs = pkg.frontend().numCoefficients();
        List<String> featureDiffs = new ArrayList<>();
        long values = 0;
        long differing = 0;
        int maxDiff = 0;
        int withFeatureDiff = 0;
        int withScoreDiff = 0;
        List<String> scoreDiffs = new ArrayList<>();
        for (int i = 0; i < java.size(); i++) {
            Inference j = java.get(i);
            Inference k = c.get(i);
            assertEquals(j.tMs(), k.tMs(), "time of inference " + i);
            assertEquals(j.input().length, k.input().length, "input size");
            int d = 0;
            for (int v = 0; v < j.input().length; v++) {
                int diff = Math.abs(j.input()[v] - k.input()[v]);
                maxDiff = Math.max(maxDiff, diff);
                if (diff != 0) {
                    d++;
                    if (featureDiffs.size() < 10) {
                        long lastFrame = (k.tMs() * pkg.frontend().sampleRate() / 1000 - pkg.frontend().windowSamples())
                                / pkg.frontend().hopSamples();
                        int row = v / coeffs;
                        long frame = lastFrame - (pkg.frontend().framesPerClip() - 1 - row);
                        featureDiffs.add(String.format(Locale.ROOT, "t=%d window row %d (stream frame %d) c%d: java %d,"
                                + " C %d", k.tMs(), row, frame, v % coeffs, j.input()[v], k.input()[v]));
                    }
                }
            }
            values += j.input().length;
            differing += d;
            if (d > 0) {
                withFeatureDiff++;
            }
            byte[] ref = pkg.int8().infer(k.input());
            assertArrayEquals(ref, k.scores(), "C int8 model vs Java Int8Model on the same input at t=" + k.tMs());
            if (!Arrays.equals(j.scores(), k.scores())) {
                withScoreDiff++;
                assertTrue(d > 0, "scores differ at t=" + k.tMs() + " although the int8 inputs are identical");
                scoreDiffs.add(String.format(Locale.ROOT, "t=%d: %d feature(s) differ, p java %s vs C %s", k.tMs(), d,
                        unsigned(j.scores()), unsigned(k.scores())));
            }
        }
        Parity p = new Parity(javaFrames.size(), maxMfcc, java.size(), values, differing, maxDiff, withFeatureDiff,
                featureDiffs, withScoreDiff, scoreDiffs);
        assertTrue(maxMfcc <= 1e-3, "float MFCC more than 1e-3 apart (SPEC §2): " + p);
        assertTrue(maxDiff <= 1, "int8 features more than 1 apart (SPEC §2): " + p);
        assertTrue(differing <= values / 100, "more than 1% of int8 features differ (SPEC §2): " + p);
        return p;
    }

    private static String unsigned(byte[] q) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < q.length; i++) {
            sb.append(i == 0 ? "" : ",").append(q[i] + 128);
        }
        return sb.append(']').toString();
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
