package dev.tinykws.cli;

import dev.tinykws.contract.Durations;
import dev.tinykws.contract.Version;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.Calibration;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.eval.stream.ThresholdCalibrator;
import dev.tinykws.monitor.cli.DurationConverter;
import dev.tinykws.pkg.ModelPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws calibrate}: sets the detection threshold for a false-accept target. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, version = Version.NAME_AND_VERSION,
        description = {"Choose the detection threshold for a false-accept target and store it in the model package.",
                "The threshold is the lowest whose false accepts per hour on negative audio (non-keyword words of the "
                        + "TRAIN and VALIDATION splits over background noise; never TEST) stay at or below the target.",
                "Prints the threshold and the false accepts measured; writes it into the model package unless --dry-run.",
                "Short negative audio cannot measure low rates: with H hours, one false accept is 1/H per hour."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:threshold chosen (also when the target is not reached: the output says so)",
                "1:the model or the dataset cannot be read, or calibration failed", "2:usage error: unknown option, bad value, missing required option"})
public final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder.")
    Path data;

    @Option(names = "--target-fa-per-hour", required = true, paramLabel = "X", description = "False accepts per hour allowed.")
    double target;

    @Option(names = "--max-length", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Longest negative stream to build, e.g. 30m (default: ${DEFAULT-VALUE}).")
    Duration maxLength;

    @Option(names = "--seed", defaultValue = "1234", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dry-run", description = "Only print the threshold; do not change the package.")
    boolean dryRun;

    @Override
    public Integer call() {
        double maxMinutes = Durations.minutes(maxLength);
        if (!(target >= 0) || !(maxMinutes > 0)) {
            System.err.println("tinykws calibrate: --target-fa-per-hour must be >= 0 and --max-length > 0");
            return 2;
        }
        try {
            ModelPackage pkg = CliModels.loadPackage(model);
            ModelRuntime rt = ModelRuntime.of(pkg, model.getFileName().toString());
            Calibration c = ThresholdCalibrator.calibrate(rt, DatasetIndex.load(data), target, maxMinutes, seed);
            System.out.printf(Locale.ROOT, "threshold %.4f (q %d): %d false accepts in %.2f h of negative audio = %.2f per hour "
                            + "(target %.2f)%s%n", c.threshold(), c.thresholdQ(), c.falseAccepts(), c.negativeHours(),
                    c.faPerHour(), target, c.targetReached() ? "" : " — TARGET NOT REACHED even at the highest threshold");
            if (c.tooShortForTarget()) {
                System.out.printf(Locale.ROOT, "warning: %.2f h of negative audio resolve only %.1f false accepts per hour; "
                        + "the target is below what this audio can measure%n", c.negativeHours(), c.resolutionFaPerHour());
            }
            if (!dryRun) {
                ThresholdCalibrator.store(pkg, c);
                System.out.println("stored in " + model);
            }
            return 0;
        } catch (Exception e) {
            System.err.println("tinykws calibrate: " + CliModels.describe(e));
            return 1;
        }
    }
}
