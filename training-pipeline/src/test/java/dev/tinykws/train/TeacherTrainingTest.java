package dev.tinykws.train;

import dev.tinykws.teacher.FeatureCache;
import dev.tinykws.teacher.SharedEmbedding;
import dev.tinykws.teacher.TeacherPackage;
import dev.tinykws.teacher.TeacherTrainer;
import dev.tinykws.teacher.TeacherTraining;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tinykws train}'s teacher step on a tiny dataset: a loadable host package, priors, threshold, cache reuse. */
class TeacherTrainingTest {

    @Test
    void trainsAHostPackageAndReusesCachedFeatures(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 5, 2, true);
        Path cache = tmp.resolve("cache");
        TeacherTraining.Options o = new TeacherTraining.Options(data, List.of("yes", "no"), tmp.resolve("m/teacher"),
                10, 30, 7, true, 1, 2, cache, 1.0, new TeacherTrainer.Options(32, 0.1f, 15, 16, 3e-3f, 0, 7));
        TeacherTraining.Outcome first = TeacherTraining.run(o);
        TeacherPackage p = TeacherPackage.load(tmp.resolve("m/teacher"));
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), p.labels());
        assertEquals(p.id(), first.pkg().id());
        assertTrue(p.detector().threshold() > 0 && p.detector().threshold() <= 1);
        assertTrue((Double) p.metrics().get("testAccuracy") >= 0.5, p.metrics().toString());
        assertTrue(p.metrics().containsKey("calibration"));
        float[] prior = p.logPrior();
        // shares 10% silence, 30% unknown (of the keyword clips): ln(share) is ordered like them
        assertTrue(prior[0] < prior[1] && prior[1] < prior[2], java.util.Arrays.toString(prior));
        assertEquals(prior[2], prior[3], 1e-6);
        // a second run (another seed for the head only) embeds nothing new: clean and augmented clips are cached
        FeatureCache c = FeatureCache.open(cache, SharedEmbedding.get());
        int cached = c.size();
        assertTrue(cached > 0);
        TeacherTraining.run(new TeacherTraining.Options(data, List.of("yes", "no"), tmp.resolve("m2/teacher"), 10, 30, 7,
                true, 1, 2, cache, 1.0, new TeacherTrainer.Options(32, 0.1f, 5, 16, 3e-3f, 0, 8)));
        assertEquals(cached, FeatureCache.open(cache, SharedEmbedding.get()).size());
    }

    /**
     * The student is distilled on the clean clip plus the teacher's augmented copies, made with the same seeds on
     * the same plan: every copy the teacher labels for the student is already in the teacher's feature cache.
     */
    @Test
    void studentCopiesAreTheClipsTheTeacherEmbedded(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 2, true);
        Path cache = tmp.resolve("cache");
        int variants = 3;
        TeacherTraining.Options o = new TeacherTraining.Options(data, List.of("yes", "no"), tmp.resolve("m/teacher"),
                10, 30, 7, true, variants, 2, cache, 1.0, new TeacherTrainer.Options(32, 0.1f, 3, 16, 3e-3f, 0, 7));
        TrainOptions to = TrainPipelineTest.options(data, tmp.resolve("m"), List.of("yes", "no"), true, 1);
        to = new TrainOptions(to.data(), to.keywords(), to.out(), to.architecture(), to.epochs(), to.batchSize(),
                to.learningRate(), 7, false, true, to.augmentVariants(), 2, 10, 30, to.patience(),
                to.targetFaPerHour(), false);
        TrainPipeline.Prepared prepared = TrainPipeline.prepare(to, Adaptation.defaults());
        TeacherTraining.run(o, prepared.data(), prepared.plan(), prepared.fingerprint());
        FeatureCache fc = FeatureCache.open(cache, SharedEmbedding.get());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
        dev.tinykws.distill.ClipTeacher t = new dev.tinykws.distill.ClipTeacher() {
            @Override
            public List<String> labels() {
                return prepared.plan().labels();
            }

            @Override
            public float[] logits(float[] clip) {
                calls.incrementAndGet();
                if (fc.get(FeatureCache.key(clip)) == null) {
                    misses.incrementAndGet();
                }
                return new float[labels().size()];
            }

            @Override
            public String id() {
                return "cache-check";
            }

            @Override
            public int variants() {
                return variants;
            }
        };
        List<float[]> bgs = new java.util.ArrayList<>();
        for (Path p : prepared.data().backgroundNoise()) {
            bgs.add(dev.tinykws.features.audio.AudioIO.readMono16k(p));
        }
        dev.tinykws.features.FrontendConfig frontend = dev.tinykws.features.FrontendConfig.defaults();
        List<SamplePlan.Sample> train = prepared.plan().samples(dev.tinykws.dataset.Split.TRAIN);
        DistillEpochSource s = new DistillEpochSource(train, new ClipAudio(bgs, frontend.clipSamples(), false),
                dev.tinykws.augment.AugmentConfig.defaults(), frontend, 7, TeacherCopies.copies(t.variants()),
                VoiceOptions.withoutTeacher(), t, new dev.tinykws.distill.DistillConfig(2f, 0.7f, 0.3f, 0, 0, 0), null,
                prepared.plan().labels());
        s.prepare(tmp.resolve("m/cache"), 2);
        long speech = train.stream().filter(x -> !x.isSilence()).count();
        assertEquals(speech * (1 + variants), calls.get(), "the clean clip plus the teacher's " + variants + " copies");
        assertEquals(0, misses.get(), "copies the teacher never embedded");
    }
}
