package dev.tinykws.train;

import java.util.List;

/**
 * The {@code checkpoints/state.json} of a run: enough to resume after an interruption.
 *
 * @param formatVersion             1
 * @param architecture              architecture id
 * @param labels                    class labels
 * @param seed                      run seed
 * @param batchSize                 batch size (resuming with another one is refused)
 * @param epochsPlanned             maximum epochs of the run
 * @param dataFingerprint           training data identity
 * @param completedEpochs           epochs finished and saved
 * @param updates                   optimizer updates done (positions the LR schedule)
 * @param bestEpoch                 epoch with the best validation accuracy (0 = none yet)
 * @param bestValAccuracy           that accuracy
 * @param epochsWithoutImprovement  early-stopping counter
 * @param finished                  training ended (epochs exhausted or early stop)
 * @param lastParams                file name of the last epoch's parameters
 * @param lastCrc32                 its CRC-32
 * @param bestParams                file name of the best epoch's parameters
 * @param bestCrc32                 its CRC-32
 * @param history                   metrics of every completed epoch
 */
public record CheckpointState(int formatVersion, String architecture, List<String> labels, long seed, int batchSize,
                              int epochsPlanned, String dataFingerprint, int completedEpochs, long updates,
                              int bestEpoch, double bestValAccuracy, int epochsWithoutImprovement, boolean finished,
                              String lastParams, long lastCrc32, String bestParams, long bestCrc32,
                              List<EpochMetrics> history) {

    public CheckpointState {
        labels = List.copyOf(labels);
        history = List.copyOf(history);
    }
}
