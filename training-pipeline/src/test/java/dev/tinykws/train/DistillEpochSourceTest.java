package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.distill.ClipTeacher;
import dev.tinykws.distill.DistillConfig;
import dev.tinykws.distill.UnlabeledAudio;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillEpochSourceTest {

    /** A fake teacher: its logits say "loud clips are yes, quiet ones _unknown_", and it counts its calls. */
    static final class LoudnessTeacher implements ClipTeacher {
        final List<String> labels;
        final AtomicInteger calls = new AtomicInteger();

        LoudnessTeacher(List<String> labels) {
            this.labels = labels;
        }

        @Override
        public List<String> labels() {
            return labels;
        }

        @Override
        public float[] logits(float[] clip) {
            calls.incrementAndGet();
            double e = 0;
            for (float v : clip) {
                e += v * v;
            }
            float[] z = new float[labels.size()];
            z[labels.indexOf(e > 50 ? "yes" : "_unknown_")] = 4f;
            return z;
        }

        @Override
        public String id() {
            return "loudness-1";
        }
    }

    @Test
    void teacherLabelsCopiesMixturesAndUnlabeledAudioOnceAndCachesThem(@TempDir Path tmp) throws Exception {
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
        Path unl = tmp.resolve("unlabeled");
        Files.createDirectories(unl);
        AudioIO.writeWav16(unl.resolve("room.wav"), new float[40000], 16000);   // 2.5 s → 4 windows
        Files.writeString(unl.resolve("bad.wav"), "junk");

        LoudnessTeacher teacher = new LoudnessTeacher(plan.labels());
        DistillConfig dc = new DistillConfig(2f, 0.7f, 0.3f, 1, 100, 1.0);
        DistillEpochSource s = new DistillEpochSource(train, audio, AugmentConfig.defaults(), fc, 9, 2,
                VoiceOptions.withoutTeacher(), teacher, dc, new UnlabeledAudio(unl, 8000), plan.labels());
        assertTrue(s.prepare(tmp.resolve("cache"), 2) > 0);
        long speech = train.stream().filter(x -> !x.isSilence()).count();
        assertEquals(speech * 2 + speech + 4, teacher.calls.get(), "2 copies + 1 mixture per clip + 4 windows");
        assertEquals(speech + 4, s.extraCount());
        LabeledFeatures e1 = s.epoch(1);
        assertEquals(train.size() + speech + 4, e1.size());
        assertEquals(e1.size(), s.size());
        SoftTargets st = e1.soft();
        assertNotNull(st);
        int c = plan.labels().size();
        for (int i = 0; i < e1.size(); i++) {
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += st.probabilities()[i * c + k];
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(i < train.size() ? 0.3f : 0f, st.hardWeight()[i], "hard weight of row " + i);
        }
        // the unlabeled windows are digital silence: the teacher calls them _unknown_
        int unk = plan.labels().indexOf("_unknown_");
        assertEquals(unk, e1.labels()[e1.size() - 1]);
        // silence samples get a one-hot target
        int sil = plan.labels().indexOf("_silence_");
        for (int i = 0; i < train.size(); i++) {
            if (train.get(i).isSilence()) {
                assertEquals(1f, st.probabilities()[i * c + sil]);
            }
        }
        assertArrayEquals(e1.features(), s.epoch(1).features());

        // a second source loads every target from the cache: no teacher call
        LoudnessTeacher again = new LoudnessTeacher(plan.labels());
        DistillEpochSource s2 = new DistillEpochSource(train, audio, AugmentConfig.defaults(), fc, 9, 2,
                VoiceOptions.withoutTeacher(), again, dc, new UnlabeledAudio(unl, 8000), plan.labels());
        assertEquals(0.0, s2.prepare(tmp.resolve("cache"), 1));
        assertEquals(0, again.calls.get());
        assertArrayEquals(e1.features(), s2.epoch(1).features());
    }

    @Test
    void mixturesSpliceOrOverlayTwoClips() {
        float[] a = new float[16000];
        float[] b = new float[16000];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, -0.25f);
        boolean splice = false;
        boolean overlay = false;
        for (int seed = 0; seed < 20; seed++) {
            float[] y = DistillEpochSource.mixture(a, b, new java.util.Random(AugmentedEpochSource.mix(5, 0, seed)));
            if (y[0] == 0.5f && y[15999] == -0.25f) {
                splice = true;
            } else {
                overlay = true;
                // b is scaled to a's energy (x2), then put 6..20 dB under it: 0.5 - 0.5 * [0.1, 0.5]
                assertTrue(y[0] <= 0.5f - 0.5f * 0.099f && y[0] >= 0.5f - 0.5f * 0.502f, "b 6..20 dB under a: " + y[0]);
            }
        }
        assertTrue(splice && overlay);
    }

    @Test
    void rejectsATeacherWithOtherLabels(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 1, false);
        SamplePlan plan = SamplePlan.build(DatasetIndex.load(data), List.of("yes", "no"), 25, 25, 3);
        FrontendConfig fc = FrontendConfig.defaults();
        ClipAudio audio = new ClipAudio(List.of(), fc.clipSamples(), false);
        TrainingException e = assertThrows(TrainingException.class, () -> new DistillEpochSource(
                plan.samples(Split.TRAIN), audio, AugmentConfig.defaults(), fc, 1, 2, VoiceOptions.none(),
                new LoudnessTeacher(List.of("_silence_", "_unknown_", "go")), DistillConfig.defaults(), null,
                plan.labels()));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
    }
}
