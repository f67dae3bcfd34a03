package dev.tinykws.demo;

import dev.tinykws.contract.Threshold;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.cli.SynthCommand;
import dev.tinykws.dataset.synth.SynthOptions;
import dev.tinykws.dataset.synth.Synthesizer;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.eval.EvalException;
import dev.tinykws.eval.stream.EvalStream;
import dev.tinykws.eval.stream.StreamEvent;
import dev.tinykws.eval.stream.StreamMatcher;
import dev.tinykws.eval.stream.StreamScore;
import dev.tinykws.features.FeatureException;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackageException;
import dev.tinykws.train.OutputLock;
import dev.tinykws.train.PackageStep;
import dev.tinykws.train.TrainOptions;
import dev.tinykws.train.TrainPipeline;
import dev.tinykws.train.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end demo: keyword → synthetic dataset → trained int8 model package → C firmware
 * (host build, or the emulated Cortex-M4) on a generated test stream → host monitor → summary.
 * Every step is skipped when its result is already there, so a second run is quick.
 */
public final class Demo {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    /**
     * What the demo does; the defaults are what {@code ./tinykws demo} runs.
     *
     * @param synth the dataset synthesis (its {@code out} is {@code work/dataset})
     * @param train the training run (its {@code data} is the synthesized dataset, its {@code out} the model
     *              package); {@code resume} is decided by the demo (an interrupted run is continued)
     */
    public record Options(Path root, Path work, Path model, SynthOptions synth, TrainOptions train,
                          double streamMinutes, FirmwareRunner.Target target, boolean fresh) {

        /** The dataset folder the demo synthesizes into and trains from. */
        public static Path datasetDir(Path work) {
            return work.resolve("dataset");
        }
    }

    private final Options o;
    private final PrintStream out;
    private DemoThreshold.Choice threshold;

    public Demo(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    /** Runs every step; returns the process exit code. */
    public int run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path dataset = Options.datasetDir(o.work());
        if (o.fresh()) {
            deleteTree(o.work());
            deleteTree(o.model());
        }
        Files.createDirectories(o.work());

        step(1, "dataset", "synthesize " + String.join(",", o.synth().keywords()));
        if (Files.isRegularFile(dataset.resolve("dataset.json"))) {
            LOG.info("reusing dataset {} (delete it or pass --fresh to rebuild)", dataset);
        } else {
            Synthesizer.Report r;
            try {
                r = new Synthesizer(o.synth()).run();
            } catch (DatasetException e) {
                throw new DemoException("dataset synth failed: " + e.getMessage());
            }
            SynthCommand.printReport(out, r);
            if (r.made() + r.skipped() == 0) {
                throw new DemoException("dataset synth made no clip; the messages above say why");
            }
        }

        TrainOptions to = o.train();
        step(2, "train", to.architecture().id() + ", up to " + to.epochs() + " epochs, then int8 + export");
        if (Files.isRegularFile(o.model().resolve("model.json")) && Files.isRegularFile(o.model().resolve("model.tflite"))
                && !Files.exists(o.model().resolve(ModelPackage.INCOMPLETE))) { // an interrupted package is resumed
            LOG.info("reusing model package {} (delete it or pass --fresh to retrain)", o.model());
        } else {
            to = to.withResume(Files.isDirectory(o.model().resolve("checkpoints")));
            // as `tinykws train`: the output folder is ours from the first moment
            try (OutputLock lock = OutputLock.acquire(to.out(), to.resume())) {
                TrainPipeline.Outcome outcome = TrainPipeline.run(to);
                PackageStep.Result packaged = PackageStep.run(to, outcome);
                PackageStep.printSummary(out, to, outcome, packaged);
            } catch (TrainingException | DatasetException | FeatureException | ModelPackageException | EvalException
                     | java.io.UncheckedIOException e) {
                throw new DemoException("train failed: " + e.getMessage());
            }
        }
        ModelPackage pkg = ModelPackage.load(o.model());
        threshold = DemoThreshold.fit(pkg, DatasetIndex.load(dataset));
        LOG.info("detection threshold {}: {}", String.format(Locale.ROOT, "%.3f", threshold.threshold()),
                threshold.describe());

        step(3, "stream", String.format(Locale.ROOT, "%.1f-minute test stream from the test split, Java int8 detector",
                o.streamMinutes()));
        ModelRuntime runtime = ModelRuntime.of(pkg, o.model().toAbsolutePath().normalize().getFileName().toString());
        EvalStream.Options so = new EvalStream.Options(o.streamMinutes(), new double[] {20, 10, 5}, 7,
                StreamMatcher.DEFAULT_TOLERANCE_MS, true, dev.tinykws.dataset.Split.TEST);
        Path streamDir = o.work().resolve("stream");
        EvalStream.Result java = EvalStream.run(runtime, DatasetIndex.load(dataset), so, streamDir);
        Path wav = streamDir.resolve("stream.wav");

        FirmwareRunner.Target target = o.target();
        if (target == FirmwareRunner.Target.QEMU && !FirmwareRunner.armToolsAvailable()) {
            LOG.warn("qemu-system-arm / arm-none-eabi-gcc not installed: running the host build of the firmware instead "
                    + "(sudo apt-get install qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi)");
            target = FirmwareRunner.Target.HOST;
        }
        step(4, "firmware", target == FirmwareRunner.Target.QEMU
                ? "build for Cortex-M4 (QEMU mps2-an386) and nRF52840, run on the emulated device"
                : "build the host port of the C firmware and run it");
        FirmwareRunner fw = new FirmwareRunner(o.root(), o.work().resolve("firmware-build"));
        List<String> targets = new ArrayList<>(List.of("host"));
        if (FirmwareRunner.armToolsAvailable()) {
            targets.addAll(List.of("qemu", "nrf52840"));
        }
        fw.build(pkg.cDir(), targets);

        step(5, "monitor", "the host monitor logs the device's detections");
        Path monitorDir = o.work().resolve("monitor");
        MonitorSummary device = fw.run(target, wav, monitorDir);

        List<StreamEvent> truth = java.stream().keywordEvents();
        List<Detection> deviceDetections = new ArrayList<>();
        for (DetectionEvent e : device.detections()) {
            int label = pkg.labels().indexOf(e.keyword());
            deviceDetections.add(new Detection(e.tMs(), e.keyword(), Math.max(label, 0),
                    Threshold.parse(e.score()).q()));
        }
        StreamScore deviceScore = StreamMatcher.score(truth, deviceDetections, StreamMatcher.DEFAULT_TOLERANCE_MS,
                java.stream().durationMs());
        int hop = pkg.frontend().hopSamples() * 1000 / pkg.frontend().sampleRate();
        int agree = agreeing(java.detections(), deviceDetections, hop);

        double minutes = (System.nanoTime() - t0) / 60e9;
        printSummary(pkg, java, deviceScore, deviceDetections.size(), agree, target, fw.armSizes(), monitorDir,
                streamDir, minutes, device);
        return 0;
    }

    /**
     * Splits are by speaker (10% validation, 10% test): with few installed engines (a fresh machine has
     * only the built-in FreeTTS, 12 speakers at the default 4 settings per voice) a split could get no
     * speaker at all. Returns the pitch/speed settings per voice that give at least
     * {@link #MIN_SPEAKERS} speakers, or 0 when the synth default already does.
     */
    public static int perVoiceForEnoughSpeakers() {
        List<dev.tinykws.dataset.synth.Tts> engines = dev.tinykws.dataset.synth.Engines.select(List.of(), new ArrayList<>());
        int perVoice = DEFAULT_PER_VOICE;
        while (dev.tinykws.dataset.synth.Synthesizer.speakers(engines, perVoice, DEFAULT_ESPEAK_VARIANTS, 1).size() < MIN_SPEAKERS
                && perVoice < 64) {
            perVoice *= 2;
        }
        if (perVoice == DEFAULT_PER_VOICE) {
            return 0;
        }
        LOG.info("only {} installed: {} pitch/speed settings per voice so that every split gets speakers "
                + "(install espeak-ng, flite, festival for more voice diversity)",
                engines.stream().map(dev.tinykws.dataset.synth.Tts::name).toList(), perVoice);
        return perVoice;
    }

    /**
     * Pitch/speed settings per voice of the demo dataset: twice the {@code dataset synth} default. On 30 minutes of
     * streams (3 training seeds, bench/RESULTS.md "Detector settings and calibration rules") it lowered the false
     * rejects at the demo's calibrated threshold; synthesis and training take about twice as long, still well
     * within the demo's 10 minutes.
     */
    public static final int DEMO_PER_VOICE = 6;

    /** Speakers per unknown word of the demo dataset (the synth default is 8): more negatives to learn rejection from. */
    public static final int DEMO_UNKNOWN_SPEAKERS = 16;

    /**
     * The {@code dataset synth} options the demo adds before the user's own {@code --synth-arg} values: the demo's
     * dataset size unless the user set it. {@code perVoiceForSpeakers} is {@link #perVoiceForEnoughSpeakers()}
     * (0 when the synth default gives enough speakers; ignored when the user set {@code --per-voice}).
     */
    public static List<String> datasetDefaults(List<String> userSynthArgs, int perVoiceForSpeakers) {
        List<String> out = new ArrayList<>();
        if (userSynthArgs.stream().noneMatch(a -> a.startsWith("--per-voice"))) {
            out.addAll(List.of("--per-voice", Integer.toString(Math.max(DEMO_PER_VOICE, perVoiceForSpeakers))));
        }
        if (userSynthArgs.stream().noneMatch(a -> a.startsWith("--unknown-speakers"))) {
            out.addAll(List.of("--unknown-speakers", Integer.toString(DEMO_UNKNOWN_SPEAKERS)));
        }
        return out;
    }

    static final int MIN_SPEAKERS = 40;
    private static final int DEFAULT_PER_VOICE = dev.tinykws.dataset.cli.SynthCommand.DEFAULT_PER_VOICE;
    private static final int DEFAULT_ESPEAK_VARIANTS = dev.tinykws.dataset.cli.SynthCommand.DEFAULT_ESPEAK_VARIANTS;

    /** Detections equal in keyword with t_ms within one hop, matched one to one. */
    static int agreeing(List<Detection> a, List<Detection> b, int hopMs) {
        boolean[] used = new boolean[b.size()];
        int n = 0;
        for (Detection x : a) {
            for (int i = 0; i < b.size(); i++) {
                Detection y = b.get(i);
                if (!used[i] && x.keyword().equals(y.keyword()) && Math.abs(x.tMs() - y.tMs()) <= hopMs) {
                    used[i] = true;
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private void printSummary(ModelPackage pkg, EvalStream.Result java, StreamScore dev, int devCount, int agree,
                              FirmwareRunner.Target target, List<FirmwareRunner.Size> sizes, Path monitorDir,
                              Path streamDir, double minutes, MonitorSummary device) throws IOException {
        Map<String, Object> m = pkg.metrics();
        StreamScore js = java.atThreshold();
        out.println();
        out.println("TinyKWS demo — done in " + String.format(Locale.ROOT, "%.1f", minutes) + " min");
        out.println();
        out.println("| what | value |");
        out.println("| --- | --- |");
        out.println("| keywords | " + String.join(", ", pkg.labels()) + " |");
        out.println("| model | " + pkg.id() + ": " + fmtInt(pkg.int8().paramCount()) + " params, "
                + fmtInt(pkg.int8().macs()) + " MACs, int8 constants " + fmtInt(pkg.int8().constantBytes()) + " B, "
                + ".tflite " + fmtInt(Files.size(pkg.dir().resolve("model.tflite"))) + " B |");
        out.println("| accuracy, synthetic test split | float " + pct(m, "floatTestAccuracy") + ", int8 " + pct(m, "int8TestAccuracy")
                + " |");
        out.println(DemoTeacher.summaryRow(pkg));
        out.println(String.format(Locale.ROOT, "| detection threshold | %.3f, %s |", threshold.threshold(),
                threshold.describe()));
        out.println(String.format(Locale.ROOT, "| stream (%.1f min, %d keywords, threshold %.3f) | Java: FRR %.1f%%, %.1f FA/h"
                        + " — device (%s): FRR %.1f%%, %.1f FA/h |",
                java.stream().durationMs() / 60000.0, js.keywordEvents(), Threshold.probabilityOfQ(java.thresholdQ()),
                100 * js.falseRejectRate(), js.falseAcceptsPerHour(), target.name().toLowerCase(Locale.ROOT),
                100 * dev.falseRejectRate(), dev.falseAcceptsPerHour()));
        out.println(String.format(Locale.ROOT, "| Java DET sweep (same stream) | FRR %s at ≤ 1 FA/h, %s at ≤ 10 FA/h, %s at ≤ 60 FA/h |",
                frrAt(java, 1), frrAt(java, 10), frrAt(java, 60)));
        out.println(String.format(Locale.ROOT, "| device vs Java detections | %d device, %d Java, %d identical (keyword, t_ms ±1 hop);"
                        + " %d lines lost |", devCount, java.detections().size(), agree, device.lostLines()));
        if (sizes.isEmpty()) {
            out.println("| firmware flash/RAM | (install gcc-arm-none-eabi for the ARM builds and their sizes) |");
        }
        for (FirmwareRunner.Size s : sizes) {
            out.println(String.format(Locale.ROOT, "| firmware %s | flash %.1f KiB, static RAM %.1f KiB |", s.board(),
                    s.flash() / 1024.0, s.ram() / 1024.0));
        }
        out.println();
        out.println("model package:   " + pkg.dir().toAbsolutePath() + " (model.json, model.tflite, c/, report.md)");
        out.println("test stream:     " + streamDir.resolve("stream.wav") + " (truth.json, results.json, det.png)");
        out.println("device log:      " + monitorDir.resolve("detections.jsonl") + " (logs/, summary.json)");
        out.println("next:            ./tinykws detect --model " + o.model() + " --input YOUR.wav");
    }

    /** Lowest FRR of the threshold sweep whose false-accept rate is at most {@code faPerHour}. */
    private static String frrAt(EvalStream.Result r, double faPerHour) {
        double best = Double.NaN;
        for (dev.tinykws.eval.Charts.DetPoint p : r.det()) {
            if (p.faPerHour() <= faPerHour && !(p.frr() >= best)) {
                best = p.frr();
            }
        }
        return Double.isNaN(best) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * best);
    }

    private static String pct(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f%%", 100 * n.doubleValue()) : "n/a";
    }

    private static String fmtInt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private void step(int n, String name, String what) {
        LOG.info("[{}/5] {}: {}", n, name, what);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** A demo step failed. */
    public static final class DemoException extends RuntimeException {
        public DemoException(String message) {
            super(message);
        }
    }
}
