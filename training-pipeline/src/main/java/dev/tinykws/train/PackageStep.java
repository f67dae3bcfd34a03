package dev.tinykws.train;

import dev.tinykws.dataset.Split;
import dev.tinykws.detect.Calibration;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.eval.ConfusionMatrix;
import dev.tinykws.eval.EvaluationReport;
import dev.tinykws.eval.EvaluationResult;
import dev.tinykws.eval.Evaluator;
import dev.tinykws.eval.stream.ThresholdCalibrator;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of {@code tinykws train}: float model → int8 package (ModelPackager) →
 * float and int8 accuracy on the test split (Evaluator, report in {@code <out>/report/}) →
 * detection threshold calibrated to the false-accept target (ThresholdCalibrator) → detector
 * and metrics written back into model.json.
 */
public final class PackageStep {

    private static final Logger LOG = LoggerFactory.getLogger(PackageStep.class);
    /** Sub-folder of the package holding the evaluation report. */
    public static final String REPORT_DIR = "report";

    private PackageStep() { }

    /**
     * What packaging measured.
     *
     * @param pkg         the written package (detector and metrics updated)
     * @param evaluation  clip-level evaluation on the test split
     * @param calibration threshold calibration details
     * @param report      the report's Markdown file
     * @param metrics     everything merged into model.json "metrics"
     */
    public record Result(ModelPackage pkg, EvaluationResult evaluation, Calibration calibration, Path report,
                         Map<String, Object> metrics) { }

    public static Result run(TrainOptions o, TrainPipeline.Outcome t) {
        return run(o, t, () -> { });
    }

    /**
     * As {@link #run(TrainOptions, TrainPipeline.Outcome)}; {@code afterPackaging} runs between writing the
     * package and calibrating its threshold (tests interrupt there). The package folder is marked
     * {@link ModelPackage#INCOMPLETE} until its threshold and metrics are written, so a run killed in
     * between leaves a package that {@code detect}, {@code evaluate} and the rest refuse, naming {@code --resume}.
     */
    static Result run(TrainOptions o, TrainPipeline.Outcome t, Runnable afterPackaging) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("architecture", o.architecture().id());
        training.put("keywords", o.keywords());
        training.put("epochsMax", o.epochs());
        training.put("epochsRun", t.history().size());
        training.put("bestEpoch", t.bestEpoch());
        training.put("batchSize", o.batchSize());
        training.put("learningRate", o.learningRate());
        training.put("lrSchedule", "cosine to 2% of the peak");
        training.put("optimizer", "Adam");
        training.put("seed", o.seed());
        training.put("augment", o.augment() ? "default" : "none");
        training.put("augmentVariants", o.augment() ? o.augmentVariants() : 0);
        training.put("silencePercent", o.silencePercent());
        training.put("unknownPercent", o.unknownPercent());
        training.put("patience", o.patience());
        training.put("threads", o.threads());
        training.put("samplesPerSplit", t.splitCounts());
        training.put("floatCheckpoint", t.checkpoint().getFileName().toString());
        training.put("initFrom", t.initFrom());
        training.put("realOversample", t.adaptation().realOversample());
        Map<String, Object> real = new LinkedHashMap<>();
        t.realCounts().forEach((s, c) -> real.put(s.name().toLowerCase(java.util.Locale.ROOT), Map.of(
                "realClips", c.realClips(), "realKeywordClips", c.realKeywordClips(), "realSpeakers", c.realSpeakers(),
                "syntheticClips", c.syntheticClips())));
        training.put("realVsSyntheticClips", real);
        training.put("skippedClips", t.skippedClips());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(ModelPackager.KEY_NAME, o.out().toAbsolutePath().normalize().getFileName().toString());
        meta.put(ModelPackager.KEY_DATASET_FINGERPRINT, t.fingerprint());
        meta.put("training", training);
        training.put("voice", VoiceLevers.describe(o.voice()));
        dev.tinykws.model.FloatModel model = VoiceLevers.priorCorrected(o.voice(), t, meta);
        ModelPackage.markIncomplete(o.out(), "its training run stopped before the package was finished"
                + " (packaging, test evaluation, threshold calibration)");
        ModelPackage pkg = ModelPackager.write(o.out(), model, t.frontend(),
                DetectorConfig.defaultsFor(o.architecture().id()),
                t.calibration(), meta);
        afterPackaging.run();

        EvaluationResult ev = Evaluator.run(pkg, t.data(), Split.TEST);
        Path report = EvaluationReport.write(ev, o.out().resolve(REPORT_DIR));

        Calibration cal = ThresholdCalibrator.calibrate(ModelRuntime.of(pkg, pkg.id()), t.data(), o.targetFaPerHour(),
                ThresholdCalibrator.DEFAULT_MAX_MINUTES, o.seed());
        pkg.updateDetector(pkg.detector().withThreshold(cal.threshold()));
        if (cal.tooShortForTarget()) {
            LOG.warn("calibration audio ({} h) is too short to measure {} false accepts per hour; the threshold {} is"
                    + " a bound, not a measurement", String.format("%.2f", cal.negativeHours()), o.targetFaPerHour(),
                    String.format("%.3f", cal.threshold()));
        }

        ModelStats s = t.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, ConfusionMatrix> e : ev.byVariant().entrySet()) {
            m.put(e.getKey() + "TestAccuracy", e.getValue().accuracy());
            m.put(e.getKey() + "TestMacroF1", e.getValue().macroF1());
        }
        m.put("testClips", ev.byVariant().values().stream().findFirst().map(ConfusionMatrix::total).orElse(0L));
        m.put("floatTestAccuracyBalanced", t.testAccuracy());
        m.put("floatValidationAccuracy", t.valAccuracy());
        m.put("trainableParams", s.trainableParams());
        m.put("deployedParams", s.deployedParams());
        m.put("macs", s.macs());
        m.put("trainingSeconds", round(t.trainSeconds(), 1));
        m.put("trainingSamplesPerSecond", round(t.samplesPerSecond(), 0));
        m.put("featureSeconds", round(t.featureSeconds(), 1));
        m.put("augmentSeconds", round(t.augmentSeconds(), 1));
        m.putAll(ThresholdCalibrator.metrics(cal));
        m.put("datasetFingerprint", t.fingerprint());
        pkg.updateMetrics(m);
        ModelPackage.markComplete(o.out());
        LOG.info("package {}: test accuracy {}, threshold {}", pkg.id(), accuracies(ev), String.format("%.3f",
                cal.threshold()));
        return new Result(pkg, ev, cal, report, m);
    }

    /** The summary {@code tinykws train} prints (and the demo after its training step). */
    public static void printSummary(java.io.PrintStream out, TrainOptions o, TrainPipeline.Outcome r, Result p) {
        ModelStats s = r.stats();
        out.printf(Locale.ROOT, "model      %s (%s, %s), labels %s%n", o.out(), p.pkg().id(),
                o.architecture().id(), r.labels());
        out.printf(Locale.ROOT, "size       %d params (%d deployed), %d MACs per inference%n",
                s.trainableParams(), s.deployedParams(), s.macs());
        out.printf(Locale.ROOT, "clips      %s%n", RealVoices.describe(r.realCounts(), r.adaptation().realOversample()));
        if (r.initFrom() != null) {
            out.printf(Locale.ROOT, "init       started from %s (%s)%n", r.adaptation().initFrom(), r.initFrom());
        }
        out.printf(Locale.ROOT, "training   best epoch %d of %d, %.1f s, %.0f samples/s%n", r.bestEpoch(),
                r.history().size(), r.trainSeconds(), r.samplesPerSecond());
        if (r.skippedClips() > 0) {
            out.printf(Locale.ROOT, "skipped    %d unreadable clip(s), listed in %s%n", r.skippedClips(),
                    o.out().resolve("train.log"));
        }
        out.printf(Locale.ROOT, "accuracy   validation %.4f (float); test clips: %s%n", r.valAccuracy(),
                accuracies(p.evaluation()));
        out.printf(Locale.ROOT, "threshold  %.3f for %.2f false accepts/h (measured %.2f/h on %.2f h of negative audio)%s%n",
                p.calibration().threshold(), o.targetFaPerHour(), p.calibration().faPerHour(),
                p.calibration().negativeHours(), p.calibration().tooShortForTarget() ? ", too little audio for the target" : "");
        out.printf(Locale.ROOT, "files      %s, %s, %s, %s%n", o.out().resolve("model.json"), r.checkpoint(),
                p.report(), o.out().resolve("metrics.csv"));
    }

    /** "float 0.9123, int8 0.9087". */
    public static String accuracies(EvaluationResult ev) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ConfusionMatrix> e : ev.byVariant().entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", e.getValue().accuracy()));
        }
        return b.toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

}
