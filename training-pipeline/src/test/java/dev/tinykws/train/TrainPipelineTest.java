package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPipelineTest {

    static TrainOptions options(Path data, Path out, List<String> keywords, boolean augment, int epochs) {
        return new TrainOptions(data, keywords, out, Architecture.TINY_CONV, epochs, 16, 3e-3f, 7, false, augment, 2, 2,
                10, 10, 0, 0.1, false);
    }

    @Test
    void trainsFromWavsToAFloatModelAndCheckpoint(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat", "dog"), 6, 3, true);
        Path out = tmp.resolve("model");
        TrainPipeline.Outcome o = TrainPipeline.run(options(data, out, List.of("yes", "no"), true, 3));
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), o.labels());
        assertEquals(o.labels(), o.model().labels());
        DatasetIndex idx = DatasetIndex.load(data);
        int yes = idx.clips("yes", Split.TRAIN).size();
        int no = idx.clips("no", Split.TRAIN).size();
        int tenPercent = (int) Math.ceil((yes + no) * 0.1);
        assertEquals(java.util.Map.of("_silence_", tenPercent, "_unknown_", tenPercent, "yes", yes, "no", no),
                o.splitCounts().get("train"));
        assertEquals(3, o.history().size());
        assertTrue(Files.isRegularFile(o.checkpoint()), o.checkpoint().toString());
        assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));
        assertTrue(Files.isRegularFile(out.resolve("train.log")));
        assertTrue(o.fingerprint().startsWith("sha256:"));
        assertTrue(o.calibration().size() > 0 && o.calibration().get(0).length == 490);
        assertTrue(o.testAccuracy() >= 0 && o.testAccuracy() <= 1);
        assertTrue(Files.list(out.resolve("cache")).anyMatch(p -> p.toString().endsWith(".bin")));

        // a second run hits the feature cache
        TrainPipeline.Outcome again = TrainPipeline.run(options(data, tmp.resolve("model2"), List.of("yes", "no"),
                false, 1));
        assertEquals(1, again.history().size());
    }

    @Test
    void resumeRefusesOtherDataSettings(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 5, 1, true);
        Path out = tmp.resolve("m");
        TrainPipeline.run(options(data, out, List.of("yes", "no"), false, 1));
        TrainOptions other = options(data, out, List.of("yes", "no"), true, 1);
        TrainOptions resumed = new TrainOptions(other.data(), other.keywords(), other.out(), other.architecture(),
                other.epochs(), other.batchSize(), other.learningRate(), other.seed(), true, other.augment(),
                other.augmentVariants(), other.threads(), other.silencePercent(), other.unknownPercent(),
                other.patience(), other.targetFaPerHour(), false);
        TrainingException e = assertThrows(TrainingException.class, () -> TrainPipeline.run(resumed));
        assertTrue(e.getMessage().contains("cannot resume") && e.getMessage().contains("augment=none"), e.getMessage());
    }

    @Test
    void keywordWithoutClipsIsAClearError(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no"), 4, 1, false);
        TrainingException e = assertThrows(TrainingException.class,
                () -> TrainPipeline.run(options(data, tmp.resolve("m"), List.of("yes", "maybe"), false, 1)));
        assertTrue(e.getMessage().contains("'maybe'") && e.getMessage().contains("no folder"), e.getMessage());
    }

    @Test
    void planBalancesLikeSpeechCommands(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat", "dog", "up"), 12, 2, true);
        DatasetIndex idx = DatasetIndex.load(data);
        SamplePlan plan = SamplePlan.build(idx, List.of("yes", "no"), 20, 50, 1);
        int[] train = plan.classCounts(Split.TRAIN);
        int kw = train[2] + train[3];
        assertEquals(idx.clips("yes", Split.TRAIN).size() + idx.clips("no", Split.TRAIN).size(), kw);
        assertEquals((int) Math.ceil(kw * 0.2), train[0]);
        assertEquals((int) Math.ceil(kw * 0.5), train[1]);
        assertEquals(List.of("cat", "dog", "up"), plan.unknownWords());
        long zeros = plan.samples(Split.TRAIN).stream().filter(s -> s.isSilence() && s.background() < 0).count();
        assertEquals((train[0] + SamplePlan.ZERO_SILENCE_EVERY - 1) / SamplePlan.ZERO_SILENCE_EVERY, zeros);
        // same seed, same plan
        assertEquals(plan.samples(Split.TRAIN), SamplePlan.build(idx, List.of("yes", "no"), 20, 50, 1)
                .samples(Split.TRAIN));
        TrainingException e = assertThrows(TrainingException.class,
                () -> SamplePlan.build(idx, List.of("yes", "yes"), 10, 10, 1));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void fingerprintDependsOnContentNotLocation(@TempDir Path tmp) throws IOException {
        Path a = TinyDatasets.write(tmp.resolve("a"), List.of("yes", "no"), 4, 1, false);
        Path b = TinyDatasets.write(tmp.resolve("b"), List.of("yes", "no"), 4, 1, false);
        assertEquals(DatasetFingerprint.of(DatasetIndex.load(a)), DatasetFingerprint.of(DatasetIndex.load(b)));
        Files.delete(b.resolve("no").resolve("s0_nohash_0.wav"));
        assertTrue(!DatasetFingerprint.of(DatasetIndex.load(a)).equals(DatasetFingerprint.of(DatasetIndex.load(b))));
    }
}
