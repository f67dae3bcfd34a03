package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.model.FloatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KwsTrainerTest {

    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");
    static final LabeledFeatures TRAIN = SyntheticFeatures.make(240, 4, 1, 2);
    static final LabeledFeatures VAL = SyntheticFeatures.make(60, 4, 1, 3);

    static TrainConfig cfg(Architecture a, int epochs) {
        return TrainConfig.defaults(a, LABELS).withEpochs(epochs).withBatchSize(32).withLearningRate(3e-3f)
                .withPatience(0).withDataFingerprint("synthetic-1");
    }

    /** Simulates a kill after an epoch was checkpointed. */
    static final class Interrupted extends RuntimeException { }

    @Test
    void learnsASeparableTaskAndWritesLogs(@TempDir Path out) throws IOException {
        try (TrainResult r = KwsTrainer.train(cfg(Architecture.TINY_CONV, 4), EpochSource.fixed(TRAIN), VAL, out,
                false)) {
            assertEquals(4, r.history().size());
            assertTrue(r.bestValAccuracy() >= 0.9, "val acc " + r.bestValAccuracy());
            assertTrue(r.samplesPerSecond() > 0);
            assertFalse(r.stoppedEarly());
            List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
            assertEquals(5, csv.size());
            assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));
            assertTrue(csv.get(4).startsWith("4,"));
            String log = Files.readString(out.resolve("train.log"));
            assertTrue(log.contains("epoch 4/4"), log);
            CheckpointState s = new Checkpoints(out.resolve("checkpoints")).read().orElseThrow();
            assertTrue(s.finished());
            assertEquals(4, s.completedEpochs());
            // the returned model holds the best epoch: its validation accuracy is the recorded one
            FloatModel fm = FloatModelExtractor.extract(r.model(), "tiny-conv", LABELS);
            assertEquals(r.bestValAccuracy(), accuracy(fm, VAL), 1e-9);
        }
    }

    @Test
    void resumesAfterAnInterruptionFromTheLastEpoch(@TempDir Path out) {
        TrainConfig c = cfg(Architecture.DS_CNN_S, 3);
        assertThrows(Interrupted.class, () -> KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, false,
                (m, s) -> {
                    if (m.epoch() == 2) {
                        throw new Interrupted();
                    }
                }));
        CheckpointState s = new Checkpoints(out.resolve("checkpoints")).read().orElseThrow();
        assertEquals(2, s.completedEpochs());
        assertFalse(s.finished());

        TrainingException e = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());

        TrainingException other = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(cfg(Architecture.TINY_CONV, 3), EpochSource.fixed(TRAIN), VAL, out, true));
        assertTrue(other.getMessage().contains("architecture"), other.getMessage());

        List<Integer> seen = new java.util.ArrayList<>();
        try (TrainResult r = KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, true,
                (m, st) -> seen.add(m.epoch()))) {
            assertEquals(List.of(3), seen);
            assertEquals(2, r.resumedFromEpoch());
            assertEquals(List.of(1, 2, 3), r.history().stream().map(EpochMetrics::epoch).toList());
            assertEquals(s.history().get(1), r.history().get(1));
            // continued from epoch 2's weights, not from a fresh initialization
            assertTrue(r.history().get(2).trainAccuracy() >= s.history().get(1).trainAccuracy() - 0.05,
                    r.history().toString());
        }
    }

    @Test
    void resumingAFinishedRunReturnsTheBestEpochWithoutTraining(@TempDir Path out) {
        TrainConfig c = cfg(Architecture.TINY_CONV, 2);
        double best;
        try (TrainResult r = KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, false)) {
            best = r.bestValAccuracy();
        }
        try (TrainResult r = KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, true,
                (m, s) -> { throw new AssertionError("trained again"); })) {
            FloatModel fm = FloatModelExtractor.extract(r.model(), "tiny-conv", LABELS);
            assertEquals(best, accuracy(fm, VAL), 1e-9);
        }
    }

    @Test
    void corruptCheckpointIsReportedClearly(@TempDir Path out) throws IOException {
        TrainConfig c = cfg(Architecture.TINY_CONV, 2);
        assertThrows(Interrupted.class, () -> KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, false,
                (m, s) -> {
                    throw new Interrupted();
                }));
        Path params = out.resolve("checkpoints").resolve("epoch-0001.params");
        byte[] b = Files.readAllBytes(params);
        b[b.length / 2] ^= 0x5a;
        Files.write(params, b);
        TrainingException e = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, true));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("epoch-0001.params"), e.getMessage());

        Files.writeString(out.resolve("checkpoints").resolve("state.json"), "{\"formatVersion\": 1, trunc");
        TrainingException e2 = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(c, EpochSource.fixed(TRAIN), VAL, out, true));
        assertTrue(e2.getMessage().contains("corrupt") && e2.getMessage().contains("state.json"), e2.getMessage());
    }

    @Test
    void badInputsFailWithClearMessages(@TempDir Path out) {
        LabeledFeatures empty = new LabeledFeatures(new float[0], new int[0], 49, 10);
        TrainingException e = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(cfg(Architecture.TINY_CONV, 1), EpochSource.fixed(TRAIN), empty, out, false));
        assertTrue(e.getMessage().contains("validation split is empty"), e.getMessage());
        TrainingException e2 = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(cfg(Architecture.TINY_CONV, 1), EpochSource.fixed(empty), VAL, out, false));
        assertTrue(e2.getMessage().contains("training split has 0 samples"), e2.getMessage());
        LabeledFeatures badLabel = new LabeledFeatures(new float[490 * 2], new int[] {0, 9}, 49, 10);
        TrainingException e3 = assertThrows(TrainingException.class,
                () -> KwsTrainer.train(cfg(Architecture.TINY_CONV, 1), EpochSource.fixed(TRAIN), badLabel, out, false));
        assertTrue(e3.getMessage().contains("label index 9"), e3.getMessage());
        assertThrows(TrainingException.class, () -> cfg(Architecture.TINY_CONV, 0));
    }

    @Test
    void cosineScheduleDecaysAndContinuesAfterResume() {
        CosineSchedule s = new CosineSchedule(1e-3f, 0.02f, 100, 0);
        assertEquals(1e-3f, s.valueAt(0), 1e-9f);
        assertEquals((1e-3f + 2e-5f) / 2, s.valueAt(50), 1e-7f);
        assertEquals(2e-5f, s.valueAt(100), 1e-9f);
        assertEquals(2e-5f, s.valueAt(1000), 1e-9f);
        assertEquals(s.valueAt(60), new CosineSchedule(1e-3f, 0.02f, 100, 40).getNewValue(20), 0f);
    }

    @Test
    void batchesDropATrailingSingleSample() {
        assertEquals(2, KwsTrainer.batchesPerEpoch(201, 100));
        assertEquals(3, KwsTrainer.batchesPerEpoch(202, 100));
        assertEquals(2, KwsTrainer.batchesPerEpoch(200, 100));
    }

    static double accuracy(FloatModel fm, LabeledFeatures data) {
        int ok = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] logits = ReferenceForward.logits(fm, data.sample(i));
            int best = 0;
            for (int k = 1; k < logits.length; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            if (best == data.labels()[i]) {
                ok++;
            }
        }
        return ok / (double) data.size();
    }

}
