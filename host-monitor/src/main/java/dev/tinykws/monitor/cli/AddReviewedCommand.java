package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.review.ReviewExport;
import dev.tinykws.monitor.review.ReviewQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tinykws dataset add-reviewed}: labelled review clips → dataset folders. */
@Command(name = "add-reviewed", mixinStandardHelpOptions = true, sortOptions = false, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Move the labelled clips of a monitor's review queue into a dataset (Speech Commands layout).",
                "Writes keyword labels into their keyword folder, not-a-keyword (false accepts) into _unknown_/, "
                        + "silence into _background_noise_/; clips without a label stay in the queue. Prints what moved.",
                "Then retrain: tinykws train --data DATASET --init models/CURRENT --out models/NEXT"},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:moved (or nothing to move)", "1:no review queue, or a clip cannot be moved",
                "2:usage error: unknown option, bad value, missing required option"})
public final class AddReviewedCommand implements Callable<Integer> {

    @Option(names = "--review", defaultValue = "tinykws-monitor", paramLabel = "DIR",
            description = "The monitor's output folder (queue in DIR/review) or the review folder itself (default: ${DEFAULT-VALUE}).")
    Path review;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder to add the clips to.")
    Path data;

    @Option(names = "--speaker", defaultValue = "field", paramLabel = "ID",
            description = "Speaker id in the file names: the person or device the clips come from (default: ${DEFAULT-VALUE}).")
    String speaker;

    @Option(names = "--dry-run", description = "Only say what would be moved.")
    boolean dryRun;

    @Override
    public Integer call() {
        Path dir = Files.isRegularFile(review.resolve("index.jsonl")) ? review : review.resolve("review");
        if (!Files.isRegularFile(dir.resolve("index.jsonl"))) {
            System.err.println("tinykws dataset add-reviewed: no review queue at " + dir
                    + " (index.jsonl missing): pass the monitor's --out folder");
            return 1;
        }
        try {
            ReviewExport.Result r = ReviewExport.addToDataset(ReviewQueue.open(dir), data, speaker, dryRun);
            int n = r.perFolder().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%s %d clip(s) into %s %s; %d still to label%s%n", dryRun ? "would move" : "moved", n, data,
                    r.perFolder(), r.pending(), r.missing() > 0 ? ", " + r.missing() + " labelled clip(s) already moved" : "");
            return 0;
        } catch (MonitorException e) {
            System.err.println("tinykws dataset add-reviewed: " + e.getMessage());
            return 1;
        }
    }
}
