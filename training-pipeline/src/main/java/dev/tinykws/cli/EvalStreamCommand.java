package dev.tinykws.cli;

import dev.tinykws.contract.Durations;
import dev.tinykws.contract.Threshold;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.ModelRuntime;
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
@Command(name = "eval-stream", mixinStandardHelpOptions = true,
        description = {"Builds a long stream from the TEST split (keywords and other words over background noise at "
                + "given SNRs, ground truth kept), runs streaming detection and reports the false-reject rate, false "
                + "accepts per hour and a DET curve (threshold sweep).",
                "Writes stream.wav, truth.json, results.json and det.png."})
public final class EvalStreamCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model package folder")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset folder (its TEST split is used)")
    Path data;

    @Option(names = "--length", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "stream length, e.g. 10m, 90s (default: ${DEFAULT-VALUE})")
    Duration length;

    @Option(names = "--snr", split = ",", defaultValue = "20,10,5", paramLabel = "DB",
            description = "SNRs in dB, comma separated, one picked at random per word (default: ${DEFAULT-VALUE})")
    double[] snr;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tolerance-ms", defaultValue = "" + StreamMatcher.DEFAULT_TOLERANCE_MS,
            description = "a detection matches a keyword within this distance of the word's end (default: ${DEFAULT-VALUE})")
    long toleranceMs;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "clips to build the stream from: test (default) or all (only for measurement-only folders "
                    + "such as real recordings that are never trained on)")
    String split;

    @Option(names = "--no-wav", description = "do not write stream.wav")
    boolean noWav;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: <model>/eval-stream)")
    Path out;

    @Override
    public Integer call() {
        double minutes = Durations.minutes(length);
        if (!(minutes > 0) || snr.length == 0 || toleranceMs < 0) {
            System.err.println("tinykws eval-stream: --length must be > 0, --snr non-empty, --tolerance-ms >= 0");
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
            ModelRuntime rt = CliModels.load(model);
            DatasetIndex index = DatasetIndex.load(data);
            Path dir = out != null ? out : model.resolve("eval-stream");
            EvalStream.Result r = EvalStream.run(rt, index,
                    new EvalStream.Options(minutes, snr, seed, toleranceMs, !noWav, chosen), dir);
            StreamScore s = r.atThreshold();
            System.out.printf(Locale.ROOT, "%.1f min stream, %d keywords: FRR %.1f%% (%d missed), %d false accepts = %.2f per hour "
                            + "at threshold %.3f%n", r.stream().durationMs() / 60000.0, s.keywordEvents(),
                    100 * s.falseRejectRate(), s.misses(), s.falseAccepts(), s.falseAcceptsPerHour(), Threshold.probabilityOfQ(r.thresholdQ()));
            System.out.println("results: " + dir.resolve("results.json") + ", DET curve: " + dir.resolve("det.png"));
            return 0;
        } catch (Exception e) {
            System.err.println("tinykws eval-stream: " + CliModels.describe(e));
            return 1;
        }
    }
}
