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
}
