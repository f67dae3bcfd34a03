package dev.tinykws.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code tinykws train} was asked to do.
 *
 * @param data             dataset folder (Speech Commands layout)
 * @param keywords         keywords in label order
 * @param out              model package folder (also holds checkpoints, logs, the feature cache)
 * @param architecture     network
 * @param epochs           maximum epochs
 * @param batchSize        batch size
 * @param learningRate     peak learning rate
 * @param seed             seed of everything random
 * @param resume           continue an interrupted run in {@code out}
 * @param augment          augment training clips
 * @param augmentVariants  augmented copies per clip computed once and cached (0 = augment afresh every epoch)
 * @param threads          DJL intra-op threads, also feature workers
 * @param silencePercent   silence samples, % of the keyword clip count per split
 * @param unknownPercent   unknown-word samples, % of the keyword clip count per split
 * @param patience         early-stopping patience in epochs (0 = off)
 * @param targetFaPerHour  false accepts per hour the threshold is calibrated to
 * @param progressBar      draw a progress bar
 */
public record TrainOptions(Path data, List<String> keywords, Path out, Architecture architecture, int epochs,
                           int batchSize, float learningRate, long seed, boolean resume, boolean augment,
                           int augmentVariants,                           int threads, double silencePercent, double unknownPercent, int patience,
                           double targetFaPerHour, boolean progressBar) {

    /**
     * Unknown-word samples per split, % of keyword clips. 50, not Speech Commands' 10: at 10 % real
     * non-keyword words were taken for keywords 62 % of the time (bench/results/quality.md).
     */
    public static final int DEFAULT_UNKNOWN_PERCENT = 50;

    /** The 10 Speech Commands keywords, comma-separated (the CLI default of {@code --keywords}). */
    public static final String SPEECH_COMMANDS_10_CSV = "yes,no,up,down,left,right,on,off,stop,go";
    /** The 10 Speech Commands keywords. */
    public static final List<String> SPEECH_COMMANDS_10 = List.of(SPEECH_COMMANDS_10_CSV.split(","));

    // The training defaults, in one place: TrainCommand, DemoCommand, TrainConfig and defaults() use them.
    /** Default architecture id ({@link Architecture#parse}). */
    public static final String DEFAULT_ARCHITECTURE = "ds-cnn-s";
    public static final int DEFAULT_EPOCHS = 30;
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Peak Adam learning rate (cosine decay to {@link #DEFAULT_FINAL_LR_FRACTION} of it). */
    public static final float DEFAULT_LEARNING_RATE = 0.003f;
    public static final float DEFAULT_FINAL_LR_FRACTION = 0.02f;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_AUGMENT_VARIANTS = 4;
    /** PyTorch intra-op threads, also feature/augmentation workers ({@code --jobs}). */
    public static final int DEFAULT_JOBS = 2;
    public static final int DEFAULT_SILENCE_PERCENT = 10;
    public static final int DEFAULT_PATIENCE = 8;
    /** False accepts per hour the threshold is calibrated to: 1 per 10 h. */
    public static final double DEFAULT_TARGET_FA_PER_HOUR = 0.1;

    public TrainOptions {
        keywords = List.copyOf(keywords);
        if (augmentVariants < 0) {
            throw new TrainingException("--augment-variants must be >= 0, got " + augmentVariants);
        }
        if (threads < 1) {
            throw new TrainingException("--jobs must be at least 1, got " + threads);
        }
        if (!(targetFaPerHour > 0)) {
            throw new TrainingException("--target-fa-per-hour must be > 0, got " + targetFaPerHour);
        }
    }

    /** Defaults for a dataset and output folder. */
    public static TrainOptions defaults(Path data, Path out) {
        return new TrainOptions(data, SPEECH_COMMANDS_10, out, Architecture.parse(DEFAULT_ARCHITECTURE), DEFAULT_EPOCHS,
                DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED, false, true, DEFAULT_AUGMENT_VARIANTS,
                DEFAULT_JOBS, DEFAULT_SILENCE_PERCENT, DEFAULT_UNKNOWN_PERCENT, DEFAULT_PATIENCE,
                DEFAULT_TARGET_FA_PER_HOUR, false);
    }

    /** These options with {@code resume} set (the demo continues an interrupted run). */
    public TrainOptions withResume(boolean r) {
        return new TrainOptions(data, keywords, out, architecture, epochs, batchSize, learningRate, seed, r, augment,
                augmentVariants, threads, silencePercent, unknownPercent, patience, targetFaPerHour, progressBar);
    }

    /** Checks the hyper-parameters the training run will check (epochs, batch, lr, patience) before any work. */
    public void validate() {
        trainConfig(dev.tinykws.contract.Labels.forKeywords(keywords), "");
    }

    TrainConfig trainConfig(List<String> labels, String fingerprint) {
        return new TrainConfig(architecture, labels, epochs, batchSize, learningRate, DEFAULT_FINAL_LR_FRACTION, patience, seed,
                progressBar, fingerprint);
    }
}
