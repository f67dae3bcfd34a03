package dev.tinykws.teacher;

import dev.tinykws.contract.DetectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeacherPackageTest {

    static TeacherHead head(int in, int hidden, int out, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] mean = new float[in];
        float[] std = new float[in];
        float[][] w1 = new float[hidden][in];
        float[] b1 = new float[hidden];
        float[][] w2 = new float[out][hidden];
        float[] b2 = new float[out];
        for (int i = 0; i < in; i++) {
            mean[i] = (float) r.nextGaussian();
            std[i] = 0.5f + r.nextFloat();
            for (int j = 0; j < hidden; j++) {
                w1[j][i] = (float) r.nextGaussian() * 0.1f;
            }
        }
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < out; k++) {
                w2[k][j] = (float) r.nextGaussian() * 0.1f;
            }
        }
        return new TeacherHead(mean, std, w1, b1, w2, b2);
    }

    @Test
    void roundTripKeepsHeadPriorsAndDetector(@TempDir Path dir) {
        TeacherHead h = head(288, 16, 4, 1);
        List<String> labels = List.of("_silence_", "_unknown_", "yes", "no");
        DetectorConfig d = new DetectorConfig(800, 0.8, 1500, 1, 8);
        TeacherPackage p = TeacherPackage.write(dir, "teacher", labels, h, new double[]{0.1, 0.3, 0.3, 0.3}, d,
                Map.of("a.onnx", "00"), Map.of("valAccuracy", 0.9), Map.of("seed", 1));
        TeacherPackage q = TeacherPackage.load(dir);
        assertEquals(p.id(), q.id());
        assertTrue(q.id().startsWith("teacher-"));
        assertEquals(labels, q.labels());
        assertEquals(d, q.detector());
        assertEquals(0.9, (Double) q.metrics().get("valAccuracy"), 0);
        float[] x = new float[288];
        x[3] = 1.5f;
        assertArrayEquals(h.logits(x), q.head().logits(x), 0f);
        assertEquals(Math.log(0.1), q.logPrior()[0], 1e-6);
        assertTrue(TeacherPackage.isHostPackage(dir));
        q.updateDetector(d.withThreshold(0.5));
        assertEquals(0.5, TeacherPackage.load(dir).detector().threshold(), 0);
    }

    @Test
    void editedWeightsAreRejected(@TempDir Path dir) throws Exception {
        TeacherPackage.write(dir, "t", List.of("a", "b"), head(4, 3, 2, 2), new double[]{0.5, 0.5},
                DetectorConfig.defaults(), Map.of(), Map.of(), Map.of());
        Path f = dir.resolve("model.json");
        String s = Files.readString(f);
        Files.writeString(f, s.replace("\"shares\" : [ 0.5, 0.5 ]", "\"shares\" : [ 0.4, 0.6 ]"));
        TeacherException e = assertThrows(TeacherException.class, () -> TeacherPackage.load(dir));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void missingPackageAndDevicePackageGiveClearErrors(@TempDir Path dir) throws Exception {
        TeacherException e = assertThrows(TeacherException.class, () -> TeacherPackage.load(dir));
        assertTrue(e.getMessage().contains("model.json is missing"), e.getMessage());
        Files.writeString(dir.resolve("model.json"), "{\"format\":\"tinykws-model/1\"}");
        assertFalse(TeacherPackage.isHostPackage(dir));
        e = assertThrows(TeacherException.class, () -> TeacherPackage.load(dir));
        assertTrue(e.getMessage().contains("not a host model package"), e.getMessage());
    }

    @Test
    void missingOrCorruptModelFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        TeacherException e = assertThrows(TeacherException.class, () -> EmbeddingModelFiles.fromDirectory(dir));
        assertTrue(e.getMessage().contains("melspectrogram.onnx is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("npm"), e.getMessage());
        Files.write(dir.resolve(EmbeddingModelFiles.MEL_FILE), new byte[]{1, 2, 3});
        Files.write(dir.resolve(EmbeddingModelFiles.EMBEDDING_FILE), new byte[]{4});
        Files.writeString(dir.resolve(EmbeddingModelFiles.SUMS_FILE),
                "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f  melspectrogram.onnx\n");
        e = assertThrows(TeacherException.class, () -> EmbeddingModelFiles.fromDirectory(dir));
        assertTrue(e.getMessage().contains("has SHA-256"), e.getMessage());
    }

    @Test
    void priorCorrectionShiftsScoresTowardsRareClasses() {
        try (SpeechEmbedding emb = SpeechEmbedding.load()) {
            TeacherHead h = head(288, 8, 3, 3);
            float[] none = TeacherModel.logPrior(new double[]{1, 1, 1});
            float[] prior = TeacherModel.logPrior(new double[]{0.1, 0.6, 0.3});
            TeacherModel flat = new TeacherModel(List.of("a", "b", "c"), h, none, emb);
            TeacherModel corrected = new TeacherModel(List.of("a", "b", "c"), h, prior, emb);
            float[] f = new float[288];
            float[] p0 = flat.probabilitiesOfFeatures(f);
            float[] p1 = corrected.probabilitiesOfFeatures(f);
            // ratio a/b grows by 0.6/0.1 = 6
            assertEquals(6.0, (p1[0] / p1[1]) / (p0[0] / p0[1]), 1e-3);
            float[] clip = SpeechEmbeddingTest.goldenClip();
            assertArrayEquals(corrected.probabilities(clip), corrected.probabilities(List.of(clip))[0], 1e-5f);
        }
    }
}
