package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentedEpochSourceTest {

    @Test
    void epochsAreReproducibleDistinctAndCached(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 2, true);
        DatasetIndex idx = DatasetIndex.load(data);
        SamplePlan plan = SamplePlan.build(idx, List.of("yes", "no"), 25, 25, 3);
        List<float[]> bgs = new ArrayList<>();
        for (Path p : idx.backgroundNoise()) {
            bgs.add(AudioIO.readMono16k(p));
        }
        FrontendConfig fc = FrontendConfig.defaults();
        ClipAudio audio = new ClipAudio(bgs, fc.clipSamples(), true);
        List<SamplePlan.Sample> train = plan.samples(Split.TRAIN);

        AugmentedEpochSource a = new AugmentedEpochSource(train, audio, AugmentConfig.defaults(), fc, 9, 2);
        double seconds = a.prepare(tmp.resolve("cache"), 2);
        assertTrue(seconds > 0);
        LabeledFeatures e1 = a.epoch(1);
        assertEquals(train.size(), e1.size());
        assertArrayEquals(e1.features(), a.epoch(1).features());
        assertFalse(java.util.Arrays.equals(e1.features(), a.epoch(2).features()));
        assertArrayEquals(plan.classCounts(Split.TRAIN), e1.classCounts(plan.labels().size()));

        // a second source (e.g. a resumed run) loads the pool from disk and sees the same epochs
        AugmentedEpochSource b = new AugmentedEpochSource(train, audio, AugmentConfig.defaults(), fc, 9, 2);
        assertEquals(0.0, b.prepare(tmp.resolve("cache"), 1));
        assertArrayEquals(e1.features(), b.epoch(1).features());
        assertTrue(Files.list(tmp.resolve("cache")).anyMatch(p -> p.getFileName().toString().startsWith("augmented-")));

        // augmented features differ from clean ones; fresh mode (0 variants) is reproducible too
        FeatureStore store = new FeatureStore(tmp.resolve("cache"), data, fc);
        LabeledFeatures clean = store.features(train, Split.TRAIN, audio, 1);
        assertFalse(java.util.Arrays.equals(clean.features(), e1.features()));
        AugmentedEpochSource fresh = new AugmentedEpochSource(train, audio, AugmentConfig.defaults(), fc, 9, 0);
        assertEquals(0.0, fresh.prepare(tmp.resolve("cache"), 1));
        assertArrayEquals(fresh.epoch(4).features(), fresh.epoch(4).features());

        // with augmentation off, the features are the clean ones
        AugmentedEpochSource none = new AugmentedEpochSource(train.stream().filter(s -> !s.isSilence()).toList(),
                audio, AugmentConfig.none(), fc, 9, 0);
        LabeledFeatures n1 = none.epoch(1);
        List<SamplePlan.Sample> clips = train.stream().filter(s -> !s.isSilence()).toList();
        assertArrayEquals(store.features(clips, Split.TRAIN, audio, 1).features(), n1.features(), 1e-6f);
    }
}
