package dev.tinykws.train;

import ai.djl.Model;
import java.util.List;

/**
 * The outcome of {@link KwsTrainer#train}: the model holding the best validation epoch's
 * parameters (close it when done) and what the run measured.
 *
 * @param model            DJL model, best epoch loaded
 * @param history          metrics of every epoch, including epochs of interrupted sessions
 * @param bestEpoch        epoch whose parameters the model holds
 * @param bestValAccuracy  its validation accuracy
 * @param stoppedEarly     early stopping ended the run before {@code epochs}
 * @param resumedFromEpoch epochs already done when this session started (0 = fresh run)
 * @param trainSeconds     summed training-loop time of all epochs
 * @param samplesPerSecond median training throughput over the epochs
 */
public record TrainResult(Model model, List<EpochMetrics> history, int bestEpoch, double bestValAccuracy,
                          boolean stoppedEarly, int resumedFromEpoch, double trainSeconds, double samplesPerSecond)
        implements AutoCloseable {

    public TrainResult {
        history = List.copyOf(history);
    }

    @Override
    public void close() {
        model.close();
    }
}
