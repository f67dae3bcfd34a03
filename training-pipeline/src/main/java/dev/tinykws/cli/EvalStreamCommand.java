package dev.tinykws.cli;

import dev.tinykws.contract.Durations;
import dev.tinykws.contract.Threshold;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.ClipModel;
import dev.tinykws.eval.stream.EvalStream;
import dev.tinykws.eval.stream.StreamMatcher;
import dev.tinykws.eval.stream.StreamScore;
import dev.tinykws.monitor.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws eval-stream}: false rejects and false accepts per hour on a long synthetic test stream. */
@Command(name = "eval-stream", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Measure false rejects and false accepts per hour of a model on a long synthetic test stream.",
                "Builds the stream from the TEST split (keywords and other words over background noise at given SNRs, "
                        + "ground truth kept), runs streaming detection and sweeps the threshold for a DET curve.",
                "Writes stream.wav, truth.json, results.json and det.png into --out; prints the false-reject rate and "
                        + "false accepts per hour."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:measured", "1:the model or the dataset cannot be read, or the stream cannot be built",
                "2:usage error: unknown option, bad value, missing required option"})
public final class EvalStreamCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder (its TEST split is used).")
    Path data;

    @Option(names = "--length", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stream length, e.g. 10m, 90s (default: ${DEFAULT-VALUE}).")
    Duration length;

    @Option(names = "--snr", split = ",", defaultValue = "20,10,5", paramLabel = "DB",
            description = "SNRs in dB, comma separated, one picked at random per word (default: ${DEFAULT-VALUE}).")
    double[] snr;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = StreamMatcher.DEFAULT_TOLERANCE_MS + "ms", converter = DurationConverter.class,
            paramLabel = "TIME",
            description = "A detection matches a keyword within this distance of the word's end (default: ${DEFAULT-VALUE}).")
    Duration tolerance;

    /** The name before docs/cli.md's duration rule, kept for scripts: milliseconds as a bare number. */
    @Option(names = "--tolerance-ms", hidden = true, paramLabel = "MS", description = "Old name of --tolerance, in ms.")
    Long toleranceMsBefore;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "Clips to build the stream from: test, or all (only for measurement-only folders "
                    + "such as real recordings that are never trained on) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--no-wav", description = "Do not write stream.wav.")
    boolean noWav;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: <model>/eval-stream).")
    Path out;

    @Option(names = "--verify-with", paramLabel = "DIR",
            description = "Also measure the model followed by this second stage (the teacher, <out>/teacher) over a grid "
                    + "of both thresholds; writes second-stage.json.")
    Path verifyWith;

    @Override
    public Integer call() {
        double minutes = Durations.minutes(length);
        long toleranceMs = toleranceMsBefore != null ? toleranceMsBefore : tolerance.toMillis();
        if (!(minutes > 0) || snr.length == 0 || toleranceMs < 0) {
            System.err.println("tinykws eval-stream: --length must be > 0, --snr non-empty, --tolerance >= 0");
            return 2;
        }
        Split chosen;
        switch (split.toLowerCase(Locale.ROOT)) {
            case "test" -> chosen = Split.TEST;
            case "all" -> chosen = null;
            default -> {
                System.err.println("tinykws eval-stream: --split must be test or all, not '" + split + "'");
                return 2;
            }
        }
        try {
            ClipModel rt = CliModels.load(model);
            DatasetIndex index = DatasetIndex.load(data);
            Path dir = out != null ? out : model.resolve("eval-stream");
            EvalStream.Result r = EvalStream.run(rt, index,
                    new EvalStream.Options(minutes, snr, seed, toleranceMs, !noWav, chosen), dir);
            StreamScore s = r.atThreshold();
            System.out.printf(Locale.ROOT, "%.1f min stream, %d keywords: FRR %.1f%% (%d missed), %d false accepts = %.2f per hour "
                            + "at threshold %.3f%n", r.stream().durationMs() / 60000.0, s.keywordEvents(),
                    100 * s.falseRejectRate(), s.misses(), s.falseAccepts(), s.falseAcceptsPerHour(), Threshold.probabilityOfQ(r.thresholdQ()));
            System.out.println("results: " + dir.resolve("results.json") + ", DET curve: " + dir.resolve("det.png"));
            if (verifyWith != null) {
                SecondStageReport.run(rt, r, verifyWith, toleranceMs, dir, System.out);
            }
            return 0;
        } catch (Exception e) {
            System.err.println("tinykws eval-stream: " + CliModels.describe(e));
            return 1;
        }
    }
}
