package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.SpeakerSplitter;
import dev.tinykws.dataset.Split;
import dev.tinykws.features.audio.AudioIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealVoicesTest {

    /** A real speaker name that the hash rule puts into {@code split}. */
    static String speakerIn(Split split, String prefix) {
        SpeakerSplitter s = SpeakerSplitter.defaults();
        for (int i = 0; ; i++) {
            String name = prefix + i;
            if (s.splitOf(name + "_nohash_0.wav") == split) {
                return name;
            }
        }
    }

    /**
     * Synthetic speakers espeak-000000NN (hash split) say yes/no/cat; "listed" is a synthetic speaker known
     * only from dataset.json; {@code real} says yes (3 clips) and no (1 clip).
     */
    static Path dataset(Path root, String real) throws IOException {
        Random r = new Random(3);
        List<String> words = List.of("yes", "no", "cat");
        for (int w = 0; w < words.size(); w++) {
            Path dir = Files.createDirectories(root.resolve(words.get(w)));
            for (int s = 0; s < 40; s++) {
                AudioIO.writeWav16(dir.resolve(String.format("espeak-%08x_nohash_0.wav", s)),
                        TinyDatasets.word(w, 1 + 0.01 * s, r), 16000);
            }
            AudioIO.writeWav16(dir.resolve("listed_nohash_0.wav"), TinyDatasets.word(w, 1, r), 16000);
        }
        for (int k = 0; k < 3; k++) {
            AudioIO.writeWav16(root.resolve("yes").resolve(real + "_nohash_" + k + ".wav"), TinyDatasets.word(0, 1.2, r),
                    16000);
        }
        AudioIO.writeWav16(root.resolve("no").resolve(real + "_nohash_0.wav"), TinyDatasets.word(1, 1.2, r), 16000);
        Files.writeString(root.resolve("dataset.json"), "{\"format\":\"tinykws-dataset/1\",\"speakers\":[{\"id\":\"listed\"}]}");
        return root;
    }

    @Test
    void realAndSyntheticSpeakersComeFromTheManifestAndTheIdForm(@TempDir Path tmp) throws IOException {
        DatasetIndex data = DatasetIndex.load(dataset(tmp.resolve("d"), "alice"));
        RealVoices v = RealVoices.of(data);
        assertFalse(v.isReal("listed"));
        assertFalse(v.isReal("espeak-0000000a"));
        assertFalse(v.isReal("festival-deadbeef"));
        assertTrue(v.isReal("alice"));
        assertTrue(v.isReal("espeak-xyz"));
        assertTrue(v.isReal("field-1a2b3c4d"));
        Map<Split, RealVoices.SplitCount> c = v.count(data, List.of("yes", "no"));
        int real = c.values().stream().mapToInt(RealVoices.SplitCount::realClips).sum();
        int synth = c.values().stream().mapToInt(RealVoices.SplitCount::syntheticClips).sum();
        assertEquals(4, real);
        assertEquals(3 * 41, synth);
        assertTrue(RealVoices.describe(c, 4).contains("real"), RealVoices.describe(c, 4));
    }

    @Test
    void aKeywordsOnlyRealSpeakerStaysInTraining(@TempDir Path tmp) throws IOException {
        String alice = speakerIn(Split.VALIDATION, "alice");
        DatasetIndex data = DatasetIndex.load(dataset(tmp.resolve("d"), alice));
        assertTrue(data.clips(Split.VALIDATION).stream().anyMatch(x -> x.speaker().equals(alice)));
        RealVoices v = RealVoices.of(data);
        RealVoices.Moved m = v.keepInTraining(data, List.of("yes", "no"));
        assertEquals(java.util.Set.of(alice), m.speakers());
        List<Clip> hers = m.data().all().stream().filter(x -> x.speaker().equals(alice)).toList();
        assertEquals(4, hers.size());
        assertTrue(hers.stream().allMatch(x -> x.split() == Split.TRAIN));
        // everybody else keeps the hash split
        for (Clip c : m.data().all()) {
            if (!c.speaker().equals(alice)) {
                assertEquals(data.all().stream().filter(x -> x.path().equals(c.path())).findFirst().orElseThrow().split(),
                        c.split());
            }
        }
        assertEquals(data.all().size(), m.data().all().size());
    }

    @Test
    void aRealSpeakerAlreadyInTrainingMovesNobody(@TempDir Path tmp) throws IOException {
        String bob = speakerIn(Split.TRAIN, "bob");
        DatasetIndex data = DatasetIndex.load(dataset(tmp.resolve("d"), bob));
        RealVoices.Moved m = RealVoices.of(data).keepInTraining(data, List.of("yes", "no"));
        assertTrue(m.speakers().isEmpty());
        assertSame(data, m.data());
    }

    @Test
    void theBestRealVoiceMovesWhenSeveralAreHeldOut(@TempDir Path tmp) throws IOException {
        String a = speakerIn(Split.VALIDATION, "ann");
        String b = speakerIn(Split.TEST, "ben");
        Path root = dataset(tmp.resolve("d"), a);
        Random r = new Random(1);
        for (int k = 0; k < 5; k++) { // ben says yes more often than ann
            AudioIO.writeWav16(root.resolve("yes").resolve(b + "_nohash_" + k + ".wav"), TinyDatasets.word(0, 1.1, r),
                    16000);
        }
        DatasetIndex data = DatasetIndex.load(root);
        RealVoices.Moved m = RealVoices.of(data).keepInTraining(data, List.of("yes"));
        assertEquals(java.util.Set.of(b), m.speakers());
        assertTrue(m.data().all().stream().filter(x -> x.speaker().equals(a)).allMatch(x -> x.split() == Split.VALIDATION));
    }

    @Test
    void withoutTheRuleTheOnlyRealVoiceOfAKeywordCannotTrain(@TempDir Path tmp) throws IOException {
        String alice = speakerIn(Split.TEST, "maker");
        Path root = dataset(tmp.resolve("d"), alice);
        Random r = new Random(2);
        Path hey = Files.createDirectories(root.resolve("hey_tiny"));
        for (int k = 0; k < 6; k++) {
            AudioIO.writeWav16(hey.resolve(alice + "_nohash_" + k + ".wav"), TinyDatasets.word(2, 1.3, r), 16000);
        }
        DatasetIndex data = DatasetIndex.load(root);
        TrainingException e = assertThrows(TrainingException.class,
                () -> SamplePlan.build(data, List.of("yes", "hey_tiny"), 10, 50, 1));
        assertTrue(e.getMessage().contains("no clips in the training split"), e.getMessage());
        RealVoices v = RealVoices.of(data);
        DatasetIndex kept = v.keepInTraining(data, List.of("yes", "hey_tiny")).data();
        SamplePlan plan = SamplePlan.build(kept, List.of("yes", "hey_tiny"), 10, 50, 1);
        assertEquals(6, plan.samples(Split.TRAIN).stream().filter(s -> s.label() == 3).count());

        SamplePlan over = v.oversample(plan, 3);
        assertEquals(18, over.samples(Split.TRAIN).stream().filter(s -> s.label() == 3).count());
        long realYes = plan.samples(Split.TRAIN).stream().filter(s -> s.label() == 2 && v.isReal(s.clip())).count();
        long synthYes = plan.samples(Split.TRAIN).stream().filter(s -> s.label() == 2 && !v.isReal(s.clip())).count();
        assertEquals(3 * realYes + synthYes, over.samples(Split.TRAIN).stream().filter(s -> s.label() == 2).count());
        assertEquals(plan.classCounts(Split.TRAIN)[SamplePlan.UNKNOWN_INDEX], over.classCounts(Split.TRAIN)[SamplePlan.UNKNOWN_INDEX]);
        assertEquals(plan.samples(Split.VALIDATION), over.samples(Split.VALIDATION));
        assertSame(plan, v.oversample(plan, 1));
        assertThrows(TrainingException.class, () -> v.oversample(plan, 0));
    }

    @Test
    void aBrokenManifestIsAClearError(@TempDir Path tmp) throws IOException {
        Path root = dataset(tmp.resolve("d"), "alice");
        Files.writeString(root.resolve("dataset.json"), "{ not json");
        DatasetIndex data = DatasetIndex.load(root);
        TrainingException e = assertThrows(TrainingException.class, () -> RealVoices.of(data));
        assertTrue(e.getMessage().contains("dataset.json"), e.getMessage());
    }

    @Test
    void reviewedFalseAcceptsInUnknownFolderAllTrainAsUnknown(@TempDir Path tmp) throws IOException {
        String field = speakerIn(Split.TRAIN, "field");
        Path root = dataset(tmp.resolve("d"), "alice");
        Path unk = Files.createDirectories(root.resolve("_unknown_"));
        Random r = new Random(4);
        for (int k = 0; k < 30; k++) {
            AudioIO.writeWav16(unk.resolve(field + "_nohash_" + k + ".wav"), TinyDatasets.word(2, 1.4, r), 16000);
        }
        DatasetIndex data = DatasetIndex.load(root);
        RealVoices v = RealVoices.of(data);
        // 10 % unknown: the random draw takes only a few of the 30 + 40 unknown clips ...
        SamplePlan plan = SamplePlan.build(data, List.of("yes", "no"), 10, 10, 1);
        assertTrue(plan.unknownWords().contains("_unknown_"), plan.unknownWords().toString());
        long before = plan.samples(Split.TRAIN).stream().filter(s -> !s.isSilence() && s.clip().word().equals("_unknown_")).count();
        assertTrue(before < 30, "drawn " + before);
        // ... and every real one is added
        SamplePlan all = v.withAllRealUnknown(plan, data);
        long after = all.samples(Split.TRAIN).stream().filter(s -> !s.isSilence() && s.clip().word().equals("_unknown_")).count();
        assertEquals(30, after);
        assertTrue(all.samples(Split.TRAIN).stream().filter(s -> !s.isSilence() && s.clip().word().equals("_unknown_"))
                .allMatch(s -> s.label() == SamplePlan.UNKNOWN_INDEX));
        assertEquals(plan.samples(Split.VALIDATION), all.samples(Split.VALIDATION));
        assertSame(all, v.withAllRealUnknown(all, data));
    }
}
