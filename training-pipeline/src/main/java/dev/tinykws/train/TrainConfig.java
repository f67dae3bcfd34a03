package dev.tinykws.train;

import java.util.List;

/**
 * Hyper-parameters and bookkeeping of one training run.
 *
 * @param architecture    network to build
 * @param labels          class labels ("_silence_", "_unknown_", keywords)
 * @param epochs          maximum number of epochs
 * @param batchSize       mini-batch size
 * @param learningRate    peak Adam learning rate
 * @param finalLrFraction the cosine schedule ends at {@code learningRate × finalLrFraction}
 * @param patience        early stopping: epochs without a better validation accuracy before stopping (0 = never)
 * @param seed            seeds parameter initialization, shuffling, dropout
 * @param progressBar     draw a progress bar on stderr
 * @param dataFingerprint identifies the training data; a resumed run refuses a different one
 */
public record TrainConfig(Architecture architecture, List<String> labels, int epochs, int batchSize,
                          float learningRate, float finalLrFraction, int patience, long seed,
                          boolean progressBar, String dataFingerprint) {

    public TrainConfig {
        labels = List.copyOf(labels);
        if (epochs < 1) {
            throw new TrainingException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new TrainingException("--batch must be at least 2 (BatchNorm needs it), got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new TrainingException("--lr must be in (0, 1), got " + learningRate);
        }
        if (!(finalLrFraction > 0 && finalLrFraction <= 1)) {
            throw new TrainingException("final learning-rate fraction must be in (0, 1], got " + finalLrFraction);
        }
        if (patience < 0) {
            throw new TrainingException("patience must be >= 0, got " + patience);
        }
        if (labels.size() < 2) {
            throw new TrainingException("need at least 2 labels, got " + labels);
        }
        dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    }

    /** Defaults: 30 epochs, batch 100, lr 3e-3 cosine to 6e-5, patience 8, seed 42, no progress bar. */
    public static TrainConfig defaults(Architecture architecture, List<String> labels) {
        return new TrainConfig(architecture, labels, TrainOptions.DEFAULT_EPOCHS, TrainOptions.DEFAULT_BATCH_SIZE,
                TrainOptions.DEFAULT_LEARNING_RATE, TrainOptions.DEFAULT_FINAL_LR_FRACTION, TrainOptions.DEFAULT_PATIENCE,
                TrainOptions.DEFAULT_SEED, false, "");
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(architecture, labels, e, batchSize, learningRate, finalLrFraction, patience, seed,
                progressBar, dataFingerprint);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(architecture, labels, epochs, b, learningRate, finalLrFraction, patience, seed,
                progressBar, dataFingerprint);
    }

    public TrainConfig withLearningRate(float lr) {
        return new TrainConfig(architecture, labels, epochs, batchSize, lr, finalLrFraction, patience, seed,
                progressBar, dataFingerprint);
    }

    public TrainConfig withPatience(int p) {
        return new TrainConfig(architecture, labels, epochs, batchSize, learningRate, finalLrFraction, p, seed,
                progressBar, dataFingerprint);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(architecture, labels, epochs, batchSize, learningRate, finalLrFraction, patience, s,
                progressBar, dataFingerprint);
    }

    public TrainConfig withProgressBar(boolean p) {
        return new TrainConfig(architecture, labels, epochs, batchSize, learningRate, finalLrFraction, patience, seed,
                p, dataFingerprint);
    }

    public TrainConfig withDataFingerprint(String f) {
        return new TrainConfig(architecture, labels, epochs, batchSize, learningRate, finalLrFraction, patience, seed,
                progressBar, f);
    }
}
