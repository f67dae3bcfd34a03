package dev.tinykws.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.contract.Labels;
import dev.tinykws.contract.Threshold;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.eval.Charts.DetPoint;
import dev.tinykws.eval.stream.EvalStream;
import dev.tinykws.eval.stream.StreamEvent;
import dev.tinykws.eval.stream.StreamMatcher;
import dev.tinykws.eval.stream.StreamScore;
import dev.tinykws.features.audio.FileAudioSource;
import dev.tinykws.pkg.ModelPackage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peer comparison: PocketSphinx keyword spotting ({@code pocketsphinx_continuous -kws}, Debian
 * {@code pocketsphinx} + {@code pocketsphinx-en-us}) on the same eval stream and keyword set as
 * {@code tinykws eval-stream}, scored with the same {@link StreamMatcher}. The PocketSphinx
 * threshold is swept over a log grid (one decoder run per value) to trace its DET curve, which
 * is set against TinyKWS's own DET curve from {@code results.json}.
 *
 * <pre>
 * PeerBench [--quick] [--stream DIR] [--model DIR] [--data DIR] [--minutes N] [--seed S]
 *           [--grid FROM:TO:STEP] [--out FILE.md] [--png FILE.png] [--work DIR] [--ps-model DIR] [--binary NAME]
 * </pre>
 *
 * Input, first that applies: {@code --stream DIR} (an eval-stream output: stream.wav, truth.json,
 * results.json; {@code --model} then only names the keywords); {@code --model} + {@code --data}
 * (a fresh stream is built with {@link EvalStream}); by default {@code models/demo} +
 * {@code work/demo/dataset} under {@code -Dtinykws.root} (the model: {@code TINYKWS_BENCH_MODEL} when set),
 * else {@code work/demo/stream}.
 * Missing pocketsphinx or missing input writes a section that says so and exits 0.
 */
public final class PeerBench {

    static final String BINARY = "pocketsphinx_continuous";
    private static final Path TIME = Path.of("/usr/bin/time");
    static final Path DEFAULT_PS_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");
    private static final Pattern TIME_LINE =
            Pattern.compile("^(\\S.*?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*$");
    private static final Pattern TOTAL_CPU = Pattern.compile("TOTAL kws ([0-9.]+) CPU ([0-9.]+) xRT");
    /** FA/h budgets reported in the table (the TinyKWS operating point is added). */
    static final double[] BUDGETS = {0, 1, 10, 30, 100, 300};

    /** Command-line settings. */
    record Options(boolean quick, Path root, Path stream, Path model, Path data, double minutes, long seed,
                   double[] grid, Path outMd, Path outPng, Path work, Path psModel, String binary) {
    }

    /** One PocketSphinx decoder run at one threshold. */
    record PsRun(double exponent, List<Detection> detections, StreamScore score, Map<String, int[]> perKeyword,
                 double wallSeconds, double searchCpuSeconds, double processCpuSeconds) {
        /** As a DET point; {@code thresholdQ} carries the decimal exponent × 10 (1e-12.5 -> -125). */
        DetPoint point() {
            return new DetPoint(score.falseAcceptsPerHour(), score.falseRejectRate(), (int) Math.round(exponent * 10));
        }
    }

    /** What TinyKWS measured on the stream (from results.json). */
    record TinyResult(String model, List<DetPoint> det, int thresholdQ, double realTimeFactor, double frr,
                      double faPerHour, long toleranceMs) {
    }

    /** A point chosen for a FA/h budget: lowest FRR with FA/h at most the budget. */
    record AtBudget(double budget, DetPoint point) {
    }

    /** Input or environment problem that ends the benchmark with an explanatory section. */
    static final class PeerException extends RuntimeException {
        PeerException(String message) {
            super(message);
        }
    }

    private PeerBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options o = parse(args);
        String cmd = "java -cp 'bench/target/bench.jar:bench/target/lib/*' dev.tinykws.bench.PeerBench"
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        Files.createDirectories(o.outMd().toAbsolutePath().getParent());
        Optional<Path> bin = findOnPath(o.binary());
        if (bin.isEmpty()) {
            String msg = o.binary() + " not installed (Debian: sudo apt-get install pocketsphinx pocketsphinx-en-us): "
                    + "peer comparison skipped";
            System.err.println("peer bench: " + msg);
            Files.writeString(o.outMd(), skippedSection(cmd, "PocketSphinx not installed: " + msg + "."));
            return;
        }
        try {
            run(o, bin.get(), cmd);
        } catch (PeerException e) {
            System.err.println("peer bench: " + e.getMessage());
            Files.writeString(o.outMd(), skippedSection(cmd, "Not measured: " + e.getMessage()));
        } catch (RuntimeException e) {
            Files.writeString(o.outMd(), skippedSection(cmd, "Failed: " + e));
            throw e;
        }
    }

    static Options parse(String[] args) {
        Path root = Path.of(System.getProperty("tinykws.root", ".")).toAbsolutePath().normalize();
        boolean quick = false;
        Path stream = null;
        Path model = null;
        Path data = null;
        Double minutes = null;
        long seed = 11;
        double[] grid = null;
        Path md = root.resolve("bench/results/peer.md");
        Path png = null;
        Path work = root.resolve("bench/target/peer");
        Path psModel = DEFAULT_PS_MODEL;
        String binary = BINARY;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--stream" -> stream = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--grid" -> grid = parseGrid(args[++i]);
                case "--out" -> md = Path.of(args[++i]);
                case "--png" -> png = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--ps-model" -> psModel = Path.of(args[++i]);
                case "--binary" -> binary = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + a + " (see the PeerBench javadoc)");
            }
        }
        if (grid == null) {
            // measured on synthetic streams: 1e-20 already gives >10,000 FA/h, 1e+30 almost nothing
            grid = quick ? new double[]{-15, 40, 5} : new double[]{-15, 40, 2.5};
        }
        if (png == null) {
            png = md.resolveSibling(md.getFileName().toString().replaceFirst("\\.md$", "") + "-det.png");
        }
        return new Options(quick, root, stream, model, data, minutes == null ? (quick ? 5 : 15) : minutes, seed, grid,
                md, png, work, psModel, binary);
    }

    static double[] parseGrid(String s) {
        String[] p = s.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("--grid FROM:TO:STEP (decimal exponents), e.g. -15:40:2.5");
        }
        double[] g = {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])};
        if (!(g[2] > 0) || g[1] < g[0]) {
            throw new IllegalArgumentException("--grid needs FROM <= TO and STEP > 0: " + s);
        }
        return g;
    }

    static List<Double> exponents(double[] grid) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; grid[0] + i * grid[2] <= grid[1] + 1e-9; i++) {
            out.add(grid[0] + i * grid[2]);
        }
        return out;
    }

    private static void run(Options o, Path bin, String cmd) throws IOException, InterruptedException {
        Path hmm = o.psModel().resolve("en-us");
        Path dict = o.psModel().resolve("cmudict-en-us.dict");
        if (!Files.isRegularFile(hmm.resolve("mdef")) || !Files.isRegularFile(dict)) {
            throw new PeerException("PocketSphinx English model not found under " + o.psModel()
                    + " (Debian: sudo apt-get install pocketsphinx-en-us)");
        }
        Files.createDirectories(o.work());
        Input in = resolveInput(o);
        List<StreamEvent> truth = readTruth(in.streamDir().resolve("truth.json"));
        long durationMs = readDurationMs(in.streamDir().resolve("truth.json"));
        TinyResult tiny = readResults(in.streamDir().resolve("results.json"));
        Set<String> dictWords = dictionaryWords(dict);
        List<String> usable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String k : in.keywords()) {
            (inDictionary(k, dictWords) ? usable : missing).add(k);
        }
        if (usable.isEmpty()) {
            throw new PeerException("no keyword of " + in.keywords() + " is in the PocketSphinx dictionary " + dict);
        }
        double audioSeconds = durationMs / 1000.0;
        List<PsRun> runs = new ArrayList<>();
        String wavSha = sha256(in.streamDir().resolve("stream.wav"));
        for (double e : exponents(o.grid())) {
            PsRun r = runPocketSphinx(bin, hmm, dict, in.streamDir().resolve("stream.wav"), usable, e, o.work(),
                    in.keywords(), truth, tiny.toleranceMs(), durationMs, wavSha);
            System.err.printf(Locale.ROOT, "peer bench: 1e%+.1f -> %d detections, FRR %.1f%%, %.1f FA/h, %.1f s%s%n", e,
                    r.detections().size(), 100 * r.score().falseRejectRate(), r.score().falseAcceptsPerHour(),
                    r.wallSeconds(), Double.isNaN(r.wallSeconds()) ? " (cached output)" : "");
            runs.add(r);
        }
        Timing timing = in.model() == null ? null : timeSideBySide(o, bin, hmm, dict, in, usable, truth, tiny.toleranceMs(),
                durationMs);
        int kwEvents = (int) truth.stream().filter(StreamEvent::keyword).count();
        List<DetPoint> oracle = oracleCurve(runs, in.keywords(), kwEvents, durationMs, 1000);
        writePng(tiny, runs, oracle, o.outPng(), durationMs);
        String md = markdown(o, cmd, in, tiny, runs, oracle, missing, truth, audioSeconds, timing);
        Files.writeString(o.outMd(), md);
        System.err.println("peer bench: wrote " + o.outMd() + " and " + o.outPng());
    }

    /** The stream to score and the keyword set. */
    record Input(Path streamDir, List<String> keywords, String origin, boolean built, Path model) {
    }

    private static Input resolveInput(Options o) {
        Path root = o.root();
        if (o.stream() != null) {
            Path s = root.resolve(o.stream());
            requireStream(s);
            List<String> kw = o.model() != null ? modelKeywords(root.resolve(o.model())) : truthKeywords(s);
            return new Input(s, kw, "existing eval-stream output " + s, false,
                    o.model() == null ? null : root.resolve(o.model()));
        }
        String envModel = System.getenv(BenchSupport.MODEL_ENV); // bench/run's model snapshot
        Path model = o.model() != null ? root.resolve(o.model())
                : envModel != null && !envModel.isBlank() ? root.resolve(envModel) : root.resolve("models/demo");
        Path data = o.data() != null ? root.resolve(o.data()) : root.resolve("work/demo/dataset");
        if (Files.isRegularFile(model.resolve(ModelPackage.MODEL_JSON)) && Files.isRegularFile(data.resolve("dataset.json"))) {
            Path s = o.work().resolve("stream");
            ModelPackage pkg = ModelPackage.load(model);
            ModelRuntime rt = ModelRuntime.of(pkg, model.getFileName().toString());
            System.err.printf(Locale.ROOT, "peer bench: building a %.0f-minute eval stream of %s from %s%n",
                    o.minutes(), model, data);
            EvalStream.run(rt, DatasetIndex.load(data), new EvalStream.Options(o.minutes(), new double[]{20, 10, 5},
                    o.seed(), StreamMatcher.DEFAULT_TOLERANCE_MS, true, Split.TEST), s);
            return new Input(s, modelKeywords(model), String.format(Locale.ROOT,
                    "`EvalStream` (as `tinykws eval-stream --model %s --data %s --length %sm --seed %d`; package id `%s`)",
                    rel(root, model), rel(root, data), fmtNum(o.minutes()), o.seed(), pkg.id()), true, model);
        }
        if (o.model() != null || o.data() != null) {
            throw new PeerException("need a model package (" + model + "/model.json) and a dataset (" + data
                    + "/dataset.json), or --stream DIR with an eval-stream output");
        }
        Path demoStream = root.resolve("work/demo/stream");
        if (Files.isRegularFile(demoStream.resolve("results.json"))) {
            requireStream(demoStream);
            List<String> kw = Files.isRegularFile(model.resolve(ModelPackage.MODEL_JSON)) ? modelKeywords(model)
                    : truthKeywords(demoStream);
            return new Input(demoStream, kw, "the demo's eval stream " + rel(root, demoStream), false,
                    Files.isRegularFile(model.resolve(ModelPackage.MODEL_JSON)) ? model : null);
        }
        throw new PeerException("no trained model yet: run `./tinykws demo` (models/demo + work/demo/dataset), or pass "
                + "--stream DIR (an eval-stream output) or --model DIR --data DIR");
    }

    private static void requireStream(Path s) {
        for (String f : List.of("stream.wav", "truth.json", "results.json")) {
            if (!Files.isRegularFile(s.resolve(f))) {
                throw new PeerException(s + " has no " + f + " (make one with `tinykws eval-stream` without --no-wav)");
            }
        }
    }

    static List<String> modelKeywords(Path model) {
        return ModelPackage.load(model).labels().stream().filter(l -> !Labels.isFiller(l))
                .toList();
    }

    private static List<String> truthKeywords(Path streamDir) {
        return new ArrayList<>(new TreeSet<>(readTruth(streamDir.resolve("truth.json")).stream()
                .filter(StreamEvent::keyword).map(StreamEvent::word).toList()));
    }

    static List<StreamEvent> readTruth(Path truthJson) {
        try {
            ObjectMapper m = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            JsonNode n = m.readTree(truthJson.toFile());
            List<StreamEvent> out = new ArrayList<>();
            for (JsonNode e : n.path("events")) {
                out.add(m.treeToValue(e, StreamEvent.class));
            }
            return out;
        } catch (IOException e) {
            throw new PeerException("cannot read " + truthJson + ": " + e.getMessage());
        }
    }

    private static long readDurationMs(Path truthJson) {
        try {
            return new ObjectMapper().readTree(truthJson.toFile()).path("durationMs").asLong();
        } catch (IOException e) {
            throw new PeerException("cannot read " + truthJson + ": " + e.getMessage());
        }
    }

    static TinyResult readResults(Path resultsJson) {
        try {
            JsonNode n = new ObjectMapper().readTree(resultsJson.toFile());
            List<DetPoint> det = new ArrayList<>();
            for (JsonNode p : n.path("det")) {
                det.add(new DetPoint(p.path("faPerHour").asDouble(), p.path("frr").asDouble(), p.path("thresholdQ").asInt()));
            }
            int q = Threshold.of(n.path("detector").path("threshold").asDouble()).q();
            return new TinyResult(n.path("model").asText(), det, q, n.path("realTimeFactor").asDouble(Double.NaN),
                    n.path("falseRejectRate").asDouble(), n.path("falseAcceptsPerHour").asDouble(),
                    n.path("toleranceMs").asLong(StreamMatcher.DEFAULT_TOLERANCE_MS));
        } catch (IOException e) {
            throw new PeerException("cannot read " + resultsJson + ": " + e.getMessage());
        }
    }

    static Set<String> dictionaryWords(Path dict) throws IOException {
        Set<String> words = new HashSet<>();
        for (String line : Files.readAllLines(dict, StandardCharsets.UTF_8)) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                words.add(line.substring(0, sp).replaceFirst("\\(\\d+\\)$", "").toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    /** Every word of the keyword (labels may use '_' or '-' between words) must be in the dictionary. */
    static boolean inDictionary(String keyword, Set<String> dictWords) {
        for (String w : phrase(keyword).split(" ")) {
            if (!dictWords.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** The spoken phrase of a label: lower case, '_' and '-' as spaces. */
    static String phrase(String keyword) {
        return keyword.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ').trim().replaceAll("\\s+", " ");
    }

    /** The keyword list file: one phrase per line with its threshold, e.g. {@code yes /1e-10/}. */
    static String keywordList(List<String> keywords, double exponent) {
        StringBuilder sb = new StringBuilder();
        for (String k : keywords) {
            sb.append(phrase(k)).append(" /").append(String.format(Locale.ROOT, "1e%+.2f", exponent)).append("/\n");
        }
        return sb.toString();
    }

    /**
     * Parses {@code -time yes} output lines {@code word start end posterior} (seconds) into detections at the
     * word's end, sorted by time (the decoder prints each utterance's words last first). Lines that are not
     * word times (the per-utterance hypothesis) and words that are no keyword are ignored.
     */
    static List<Detection> parseTimes(List<String> lines, List<String> keywords) {
        Map<String, Integer> byPhrase = new LinkedHashMap<>();
        for (int i = 0; i < keywords.size(); i++) {
            byPhrase.put(phrase(keywords.get(i)), i);
        }
        List<Detection> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TIME_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Integer idx = byPhrase.get(phrase(m.group(1)));
            if (idx == null) {
                continue;
            }
            long endMs = Math.round(Double.parseDouble(m.group(3)) * 1000);
            double post = Double.parseDouble(m.group(4));
            int q = Threshold.of(Math.max(0, Math.min(1, post))).q();
            out.add(new Detection(endMs, keywords.get(idx), idx + 2, q));
        }
        out.sort(Comparator.comparingLong(Detection::tMs));
        return out;
    }

    /**
     * One decoder run. With {@code wavSha256} set, the output of an earlier run with the same audio, keyword list,
     * decoder and model is reused (wall time then NaN); the timing runs pass null.
     */
    private static PsRun runPocketSphinx(Path bin, Path hmm, Path dict, Path wav, List<String> keywords, double exponent,
                                         Path work, List<String> labels, List<StreamEvent> truth,
                                         long toleranceMs, long durationMs, String wavSha256)
            throws IOException, InterruptedException {
        String tag = (wavSha256 == null ? "time" : "") + String.format(Locale.ROOT, "%+.2f", exponent);
        Path list = work.resolve("kws" + tag + ".list");
        Path out = work.resolve("ps" + tag + ".txt");
        Path log = work.resolve("ps" + tag + ".log");
        Path keyFile = work.resolve("ps" + tag + ".key");
        String listText = keywordList(keywords, exponent);
        String key = wavSha256 + "\n" + bin + "\n" + hmm + "\n" + dict + "\n" + listText;
        if (wavSha256 != null && Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key)
                && Files.isRegularFile(out) && Files.isRegularFile(log)) {
            List<Detection> dets = parseTimes(Files.readAllLines(out), labels);
            return new PsRun(exponent, dets, StreamMatcher.score(truth, dets, toleranceMs, durationMs),
                    perKeyword(truth, dets, labels, toleranceMs, durationMs), Double.NaN, searchCpu(log), Double.NaN);
        }
        Files.deleteIfExists(keyFile);
        Files.writeString(list, listText);
        List<String> command = new ArrayList<>();
        Path cpuFile = work.resolve("ps" + tag + ".cpu");
        Files.deleteIfExists(cpuFile);
        if (Files.isExecutable(TIME)) { // user + system CPU seconds of the decoder process
            command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
        }
        command.addAll(List.of(bin.toString(), "-hmm", hmm.toString(), "-dict", dict.toString(),
                "-kws", list.toString(), "-infile", wav.toString(), "-time", "yes"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new PeerException(BINARY + " did not finish within 2 hours on " + wav);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            List<String> tail = Files.readAllLines(log);
            throw new PeerException(BINARY + " failed (exit " + p.exitValue() + "): "
                    + String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size())));
        }
        List<Detection> dets = parseTimes(Files.readAllLines(out), labels);
        StreamScore s = StreamMatcher.score(truth, dets, toleranceMs, durationMs);
        if (wavSha256 != null) {
            Files.writeString(keyFile, key);
        }
        double processCpu = Double.NaN;
        if (Files.isRegularFile(cpuFile)) {
            String[] us = Files.readString(cpuFile).trim().split("\\s+");
            if (us.length == 2) {
                processCpu = Double.parseDouble(us[0]) + Double.parseDouble(us[1]);
            }
        }
        return new PsRun(exponent, dets, s, perKeyword(truth, dets, labels, toleranceMs, durationMs), wall, searchCpu(log),
                processCpu);
    }

    /** CPU seconds of the keyword search from the decoder log's last {@code TOTAL kws} line (NaN if absent). */
    private static double searchCpu(Path log) throws IOException {
        double cpu = Double.NaN;
        Matcher m = TOTAL_CPU.matcher(Files.readString(log));
        while (m.find()) {
            cpu = Double.parseDouble(m.group(1));
        }
        return cpu;
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hits and false accepts of each keyword's own detections ({@code {hits, falseAccepts}}). StreamMatcher only
     * pairs a detection with an event of the same word, so these add up to the totals.
     */
    static Map<String, int[]> perKeyword(List<StreamEvent> truth, List<Detection> dets, List<String> keywords,
                                         long toleranceMs, long durationMs) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String k : keywords) {
            StreamScore s = StreamMatcher.score(truth, dets.stream().filter(d -> d.keyword().equals(k)).toList(),
                    toleranceMs, durationMs);
            out.put(k, new int[]{s.hits(), s.falseAccepts()});
        }
        return out;
    }

    /**
     * Optimistic per-keyword tuning: for every false-accept count c = 0..maxFa, the most hits reachable when each
     * keyword gets its own threshold from the sweep and all keywords together make at most c false accepts (a
     * knapsack over keywords). Valid because a keyphrase's detections do not depend on the other keyphrases'
     * thresholds (checked: "yes" alone and "yes" among ten keywords gave identical detections). Entry -1 = none.
     */
    static int[] perKeywordOracle(List<Map<String, int[]>> runs, List<String> keywords, int maxFa) {
        int[] dp = new int[maxFa + 1];
        for (String k : keywords) {
            int[] next = new int[maxFa + 1];
            java.util.Arrays.fill(next, -1);
            for (Map<String, int[]> run : runs) {
                int[] hf = run.get(k);
                for (int c = hf[1]; c <= maxFa; c++) {
                    if (dp[c - hf[1]] >= 0) {
                        next[c] = Math.max(next[c], dp[c - hf[1]] + hf[0]);
                    }
                }
            }
            for (int c = 1; c <= maxFa; c++) {
                next[c] = Math.max(next[c], next[c - 1]);
            }
            dp = next;
        }
        return dp;
    }

    /** The per-keyword oracle as DET points (thresholdQ unused, 0). */
    static List<DetPoint> oracleCurve(List<PsRun> runs, List<String> keywords, int keywordEvents, long durationMs,
                                      double maxFaPerHour) {
        int maxFa = (int) Math.ceil(maxFaPerHour * durationMs / 3_600_000.0);
        int[] best = perKeywordOracle(runs.stream().map(PsRun::perKeyword).toList(), keywords, maxFa);
        List<DetPoint> out = new ArrayList<>();
        for (int c = 0; c <= maxFa; c++) {
            if (best[c] >= 0 && (c == 0 || best[c] > best[c - 1])) {
                out.add(new DetPoint(c * 3_600_000.0 / durationMs, 1 - (double) best[c] / keywordEvents, 0));
            }
        }
        return out;
    }

    /** Side-by-side runtime medians. */
    record Timing(int reps, double tinySeconds, double tinyCpuSeconds, double psSeconds, double psCpuSeconds,
                  int strideFrames) {
    }

    private static Timing timeSideBySide(Options o, Path bin, Path hmm, Path dict, Input in, List<String> usable,
                                         List<StreamEvent> truth, long toleranceMs, long durationMs)
            throws IOException, InterruptedException {
        ModelRuntime rt = ModelRuntime.of(ModelPackage.load(in.model()), in.model().getFileName().toString());
        Path wav = in.streamDir().resolve("stream.wav");
        int reps = o.quick() ? 2 : 3;
        List<Double> tiny = new ArrayList<>();
        List<Double> ps = new ArrayList<>();
        List<Double> tinyCpu = new ArrayList<>();
        List<Double> psProcCpu = new ArrayList<>();
        // warm-up of the JVM on the first 60 s
        AudioDetection.run(new dev.tinykws.features.audio.ArrayAudioSource(
                java.util.Arrays.copyOf(dev.tinykws.features.audio.AudioIO.readMono16k(wav), 16000 * 60), 16000), rt, d -> { });
        for (int i = 0; i < reps; i++) {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            AudioDetection.run(new FileAudioSource(wav), rt, d -> { });
            tiny.add((System.nanoTime() - t0) / 1e9);
            tinyCpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e9);
            PsRun r = runPocketSphinx(bin, hmm, dict, wav, usable, 0, o.work(), in.keywords(), truth, toleranceMs, durationMs,
                    null);
            ps.add(r.wallSeconds());
            if (!Double.isNaN(r.processCpuSeconds())) {
                psProcCpu.add(r.processCpuSeconds());
            }
        }
        System.err.printf(Locale.ROOT, "peer bench: runtime TinyKWS wall %s cpu %s s, PocketSphinx wall %s cpu %s s%n",
                tiny, tinyCpu, ps, psProcCpu);
        return new Timing(reps, median(tiny), median(tinyCpu), median(ps), psProcCpu.isEmpty() ? Double.NaN : median(psProcCpu),
                rt.detector().strideFrames());
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Lowest FRR among points with FA/h at most the budget (ties: fewer FA/h), or null when none qualifies. */
    static DetPoint bestWithin(List<DetPoint> det, double budget) {
        DetPoint best = null;
        for (DetPoint p : det) {
            if (Double.isNaN(p.frr()) || p.faPerHour() > budget + 1e-9) {
                continue;
            }
            if (best == null || p.frr() < best.frr() || (p.frr() == best.frr() && p.faPerHour() < best.faPerHour())) {
                best = p;
            }
        }
        return best;
    }

    /** The fixed budgets, without those below one false accept per stream (they all mean "none", like 0). */
    static List<Double> budgets(double faResolution) {
        List<Double> out = new ArrayList<>();
        for (double x : BUDGETS) {
            if (x == 0 || x >= faResolution - 1e-9) {
                out.add(x);
            }
        }
        return out;
    }

    private static String markdown(Options o, String cmd, Input in, TinyResult tiny, List<PsRun> runs, List<DetPoint> oracle,
                                   List<String> missing, List<StreamEvent> truth, double audioSeconds, Timing timing) {
        List<DetPoint> ps = runs.stream().map(PsRun::point).toList();
        double faRes = 3600.0 / audioSeconds;
        long kwEvents = truth.stream().filter(StreamEvent::keyword).count();
        StringBuilder sb = new StringBuilder();
        sb.append("## Peer: PocketSphinx keyword spotting on the same stream\n\n");
        sb.append("Command: `").append(cmd).append("` (also run by `bench/run`). ").append(machineLine()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Stream: %s — %.1f min, %d keywords (%d words in all), tolerance ±%d ms "
                        + "around the word's end, one false accept = %.1f FA/h. TinyKWS model `%s` (its DET curve from "
                        + "`results.json`); PocketSphinx %s with `pocketsphinx-en-us` (`-kws`, one threshold for all "
                        + "keywords, swept 1e%s..1e%s in steps of 10^%s, one decoder run each). Both scored by "
                        + "`StreamMatcher` (PocketSphinx detection time = end of the spotted word).\n\n",
                in.origin(), audioSeconds / 60, kwEvents, truth.size(), tiny.toleranceMs(), faRes, tiny.model(),
                psVersion(), fmtNum(o.grid()[0]), fmtNum(o.grid()[1]), fmtNum(o.grid()[2])));
        if (!missing.isEmpty()) {
            sb.append("Keywords not in the PocketSphinx dictionary (never detected by it, counted as misses): ")
                    .append(missing).append(".\n\n");
        }
        sb.append("FRR at the same false-accept rate (for each curve the best point with at most that many false accepts "
                + "per hour; the last column lets PocketSphinx pick one threshold per keyword, tuned on this very "
                + "stream — an optimistic bound for it):\n\n");
        sb.append("| false accepts per hour (at most) | TinyKWS FRR | TinyKWS threshold | PocketSphinx FRR | PocketSphinx threshold "
                + "| PocketSphinx FRR, per-keyword thresholds |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        DetPoint op = tiny.det().stream().filter(p -> p.thresholdQ() == tiny.thresholdQ()).findFirst()
                .orElse(new DetPoint(tiny.faPerHour(), tiny.frr(), tiny.thresholdQ()));
        DetPoint psAtOp = bestWithin(ps, op.faPerHour());
        sb.append(row(String.format(Locale.ROOT, "**%s = TinyKWS at its package threshold**", fmtFa(op.faPerHour())), op, psAtOp,
                bestWithin(oracle, op.faPerHour())));
        for (double b : budgets(faRes)) {
            sb.append(row(b == 0 ? "0 (no false accept on the stream)" : fmtNum(b), bestWithin(tiny.det(), b), bestWithin(ps, b),
                    bestWithin(oracle, b)));
        }
        sb.append("\n");
        if (timing != null) {
            sb.append(String.format(Locale.ROOT, "Runtime, measured side by side (alternating runs over `stream.wav`, median of %d each, "
                    + "one thread each; CPU time is the steadier figure on a shared machine):%n%n"
                    + "| runtime on this stream | CPU time | × real time (CPU) | wall time | × real time (wall) |%n"
                    + "| --- | --- | --- | --- | --- |%n", timing.reps()));
            sb.append(timingRow(String.format(Locale.ROOT, "TinyKWS (Java `AudioDetection`: WAV reading, streaming MFCC, int8 "
                    + "DS-CNN every %d frames, detector; warm JVM; the Java int8 path is the reference, not the device kernels)",
                    timing.strideFrames()), timing.tinyCpuSeconds(), timing.tinySeconds(), audioSeconds));
            sb.append(timingRow("PocketSphinx (`pocketsphinx_continuous -kws` at 1e0, whole process incl. model load)",
                    timing.psCpuSeconds(), timing.psSeconds(), audioSeconds));
        } else {
            List<Double> walls = runs.stream().map(PsRun::wallSeconds).filter(w -> !Double.isNaN(w)).toList();
            sb.append("| runtime on this stream | × real time |\n| --- | --- |\n");
            sb.append(String.format(Locale.ROOT, "| TinyKWS (`realTimeFactor` of results.json, one run incl. JIT warm-up) | %.0f× |%n",
                    tiny.realTimeFactor()));
            if (!walls.isEmpty()) {
                double wallMed = median(walls);
                sb.append(String.format(Locale.ROOT, "| PocketSphinx (`pocketsphinx_continuous -kws`, one process incl. model load; "
                        + "median of %d sweep runs, %.1f s wall) | %.0f× |%n", walls.size(), wallMed, audioSeconds / wallMed));
            }
        }
        sb.append("\nDET curves: [").append(o.outPng().getFileName()).append("](").append(o.outPng().getFileName())
                .append(") (x = FA/h, log, 0 drawn at the left edge).\n\n");
        sb.append("PocketSphinx sweep (threshold → detections, FRR, FA/h):\n\n| threshold | detections | FRR | FA/h |\n| --- | --- | --- | --- |\n");
        for (PsRun r : runs) {
            sb.append(String.format(Locale.ROOT, "| 1e%s | %d | %s | %.1f |%n", fmtNum(r.exponent()), r.detections().size(),
                    pct(r.score().falseRejectRate()), r.score().falseAcceptsPerHour()));
        }
        sb.append("\nCaveats: the stream is synthetic (espeak-ng / flite / festival voices of the TEST split, cut-out 1 s "
                + "clips over noise) and TinyKWS was trained on other clips of the same synthetic voices, while "
                + "PocketSphinx's acoustic model is a general US-English model trained on real speech and never saw "
                + "these voices: the comparison favours TinyKWS. PocketSphinx uses one threshold for all keywords "
                + "(per-keyword thresholds tuned on held-out audio would lower its FRR) and the default decoder "
                + "settings. " + String.format(Locale.ROOT, "On this %.0f-minute stream a false-accept rate is measured only in "
                + "steps of %.1f per hour, and 0 observed only bounds the true rate below ≈%.0f/h (95%%). ",
                audioSeconds / 60, faRes, 3 * faRes) + "See docs/peer-comparison.md.\n");
        return sb.toString();
    }

    private static String row(String label, DetPoint t, DetPoint p, DetPoint oracle) {
        return "| " + label + " | " + (t == null ? "—" : pct(t.frr())) + " | "
                + (t == null ? "—" : String.format(Locale.ROOT, "%.3f (%s FA/h)", Threshold.probabilityOfQ(t.thresholdQ()), fmtFa(t.faPerHour())))
                + " | " + (p == null ? "—" : pct(p.frr())) + " | "
                + (p == null ? "—" : String.format(Locale.ROOT, "1e%s (%s FA/h)", fmtNum(p.thresholdQ() / 10.0), fmtFa(p.faPerHour())))
                + " | " + (oracle == null ? "—" : pct(oracle.frr()) + String.format(Locale.ROOT, " (%s FA/h)", fmtFa(oracle.faPerHour())))
                + " |\n";
    }

    private static String timingRow(String what, double cpu, double wall, double audioSeconds) {
        return "| " + what + " | " + (Double.isNaN(cpu) ? "— | —" : String.format(Locale.ROOT, "%.1f s | %.0f×", cpu, audioSeconds / cpu))
                + " | " + (Double.isNaN(wall) ? "— | —" : String.format(Locale.ROOT, "%.1f s | %.0f×", wall, audioSeconds / wall))
                + " |\n";
    }

    private static String fmtFa(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String skippedSection(String cmd, String reason) {
        return "## Peer: PocketSphinx keyword spotting on the same stream\n\nCommand: `" + cmd + "`. "
                + machineLine() + "\n\n" + reason + (reason.endsWith(".") ? "" : ".") + "\n\nSee docs/peer-comparison.md.\n";
    }

    static String machineLine() {
        return String.format(Locale.ROOT, "Machine: %d cores (`nproc`), %s, shared with other jobs. Date: %s.",
                Runtime.getRuntime().availableProcessors(), cpuModel(),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    private static String psVersion() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "pocketsphinx").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !v.isEmpty() ? "`pocketsphinx` " + v : "`" + BINARY + "`";
        } catch (IOException | InterruptedException e) {
            return "`" + BINARY + "`";
        }
    }

    static Optional<Path> findOnPath(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void writePng(TinyResult tiny, List<PsRun> runs, List<DetPoint> oracle, Path file, long durationMs)
            throws IOException {
        double xMin = 0.1;
        XYChart c = new XYChartBuilder().width(720).height(560)
                .title(String.format(Locale.ROOT, "DET on the same %.0f-min stream: TinyKWS vs PocketSphinx", durationMs / 60000.0))
                .xAxisTitle("false accepts per hour (0 drawn at 0.1)").yAxisTitle("false-reject rate").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setYAxisDecimalPattern("0%");
        c.getStyler().setMarkerSize(5);
        addCurve(c, "TinyKWS (" + tiny.model() + ")", tiny.det(), xMin, new Color(30, 90, 200));
        addCurve(c, "PocketSphinx -kws (en-us)", runs.stream().map(PsRun::point).toList(), xMin, new Color(220, 110, 20));
        if (!oracle.isEmpty()) {
            XYSeries s = addCurve(c, "PocketSphinx, per-keyword thresholds tuned on this stream", oracle, xMin,
                    new Color(240, 170, 90));
            s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            s.setMarker(SeriesMarkers.NONE);
        }
        DetPoint op = tiny.det().stream().filter(p -> p.thresholdQ() == tiny.thresholdQ()).findFirst().orElse(null);
        if (op != null) {
            XYSeries s = c.addSeries(String.format(Locale.ROOT, "TinyKWS threshold %.3f", Threshold.probabilityOfQ(tiny.thresholdQ())),
                    new double[]{Math.max(xMin, op.faPerHour())}, new double[]{op.frr()});
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(new Color(200, 30, 30));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** DET curve as a lower envelope in FA/h order; x clamped at xMin so 0 FA/h shows on a log axis. */
    private static XYSeries addCurve(XYChart c, String name, List<DetPoint> pts, double xMin, Color color) {
        List<DetPoint> sorted = pts.stream().filter(p -> !Double.isNaN(p.frr()))
                .sorted(Comparator.comparingDouble(DetPoint::faPerHour).thenComparing(DetPoint::frr, Comparator.reverseOrder()))
                .toList();
        double[] x = new double[sorted.size()];
        double[] y = new double[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            x[i] = Math.max(xMin, sorted.get(i).faPerHour());
            y[i] = sorted.get(i).frr();
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(new BasicStroke(2f));
        return s;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String fmtNum(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String rel(Path root, Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    }
}
