package dev.tinykws.train;

/**
 * What one epoch measured.
 *
 * @param epoch            1-based epoch
 * @param trainLoss        mean cross-entropy over the epoch's batches
 * @param trainAccuracy    accuracy on the training batches (training mode: dropout, batch statistics)
 * @param valLoss          mean cross-entropy on the validation split (inference mode)
 * @param valAccuracy      accuracy on the validation split
 * @param learningRate     learning rate at the end of the epoch
 * @param trainSeconds     wall time of the forward/backward/update loop
 * @param dataWaitSeconds  time the loop waited for the epoch's (augmented) features
 * @param samplesPerSecond training samples per second of {@code trainSeconds}
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double learningRate, double trainSeconds, double dataWaitSeconds, double samplesPerSecond) {

    static final String CSV_HEADER =
            "epoch,train_loss,train_acc,val_loss,val_acc,lr,train_s,data_wait_s,samples_per_s";

    String csvRow() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3e,%.3f,%.3f,%.1f", epoch, trainLoss,
                trainAccuracy, valLoss, valAccuracy, learningRate, trainSeconds, dataWaitSeconds, samplesPerSecond);
    }
}
