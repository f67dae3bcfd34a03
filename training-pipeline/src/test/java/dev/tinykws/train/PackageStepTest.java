package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.pkg.ModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStepTest {

    @Test
    void trainPackageEvaluateCalibrate(@TempDir Path tmp) throws IOException {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat", "dog"), 6, 3, true);
        Path out = tmp.resolve("models").resolve("tiny");
        TrainOptions o = new TrainOptions(data, List.of("yes", "no"), out, Architecture.TINY_CONV, 3, 16, 3e-3f, 7,
                false, false, 0, 2, 10, 10, 0, 0.5, false);
        TrainPipeline.Outcome t = TrainPipeline.run(o);
        PackageStep.Result r = PackageStep.run(o, t);

        ModelPackage pkg = ModelPackage.load(out);
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), pkg.labels());
        assertEquals("tiny-conv", pkg.floatModel().architecture());
        assertEquals(r.calibration().threshold(), pkg.detector().threshold(), 1e-12);
        Map<String, Object> m = pkg.metrics();
        for (String k : List.of("floatTestAccuracy", "int8TestAccuracy", "trainableParams", "macs", "trainingSeconds",
                "trainingSamplesPerSecond", "threshold", "datasetFingerprint")) {
            assertTrue(m.containsKey(k), k + " missing from " + m.keySet());
        }
        assertEquals(t.fingerprint(), m.get("datasetFingerprint"));
        double f = ((Number) m.get("floatTestAccuracy")).doubleValue();
        double q = ((Number) m.get("int8TestAccuracy")).doubleValue();
        assertTrue(Math.abs(f - q) <= 0.15, "float " + f + " vs int8 " + q);
        assertTrue(Files.isRegularFile(t.checkpoint()));
        assertTrue(Files.isRegularFile(out.resolve("model.tflite")));
        assertTrue(Files.isRegularFile(r.report()));
        assertTrue(Files.readString(out.resolve("model.json")).contains("\"training\""));
        // the class-prior correction is on by default and recorded with the training shares
        Map<?, ?> prior = (Map<?, ?>) pkg.metadata().get("priorCorrection");
        assertEquals(true, prior.get("applied"), String.valueOf(prior));
        double sum = ((Map<?, ?>) prior.get("trainShares")).values().stream()
                .mapToDouble(v -> ((Number) v).doubleValue()).sum();
        assertEquals(1.0, sum, 1e-9);
    }
}
