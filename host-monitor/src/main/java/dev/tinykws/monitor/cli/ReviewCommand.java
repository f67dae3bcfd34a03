package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.review.ClipPlayer;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.review.ReviewSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tinykws review}: label the detections and near-misses a monitored device sent. */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Label the clips of a monitor's review queue: the keyword, another keyword, not a keyword, or silence.",
                "Plays each clip (detections and near-misses the device sent with `tinykws monitor --review-threshold`); "
                        + "without an audio output prints the clip's path. Writes the labels into the review queue.",
                "Then `tinykws dataset add-reviewed` moves the labelled clips into a dataset for retraining."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (also when stopped early)", "1:no review queue, or it cannot be read or written",
                "2:usage error: unknown option, bad value, missing required option"})
public final class ReviewCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, defaultValue = "tinykws-monitor", paramLabel = "DIR",
            description = "The monitor's output folder; its review queue is DIR/review (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--labels", split = ",", paramLabel = "LABEL",
            description = "The device's labels: an answer naming another keyword must be one of them.")
    List<String> labels;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N",
            description = "Review at most this many clips, 0 or more (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--no-play", description = "Do not play clips; print their paths.")
    boolean noPlay;

    @Option(names = "--reviewer", defaultValue = "cli", paramLabel = "NAME",
            description = "Name recorded with each label: 1..64 of A-Z a-z 0-9 _ - (default: ${DEFAULT-VALUE}).")
    String reviewer;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more, got " + limit);
        }
        if (!ReviewQueue.LABEL.matcher(reviewer).matches()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--reviewer '" + reviewer + "' must be 1..64 of A-Z a-z 0-9 _ -");
        }
        Path dir = out.resolve("review");
        if (!Files.isDirectory(dir)) {
            System.err.println("tinykws review: no review queue in " + dir + " — run `tinykws monitor --out " + out
                    + " --review-threshold 0.35 ...` first, or pass the monitor's --out folder");
            return 1;
        }
        try {
            ReviewQueue q = ReviewQueue.open(dir);
            ReviewSession s = new ReviewSession(q, noPlay ? ClipPlayer.none() : ClipPlayer.javaSound(),
                    labels == null ? java.util.Set.of() : new LinkedHashSet<>(labels), reviewer);
            ReviewSession.Outcome o = s.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out, limit);
            System.out.printf("labelled %d, left %d pending%s. Next: tinykws dataset add-reviewed --review %s --data DATASET%n",
                    o.labelled(), o.skipped(), o.quit() ? " (stopped early)" : "", out);
            return 0;
        } catch (MonitorException | IOException e) {
            System.err.println("tinykws review: " + e.getMessage());
            return 1;
        }
    }
}
