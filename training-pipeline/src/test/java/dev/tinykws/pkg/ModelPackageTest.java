package dev.tinykws.pkg;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.BnFolding;
import dev.tinykws.quant.FloatInference;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelPackageTest {

    static ModelPackage writeDsCnn(Path dir) {
        return ModelPackager.write(dir, TestModels.dsCnn(1), FrontendConfig.defaults(), DetectorConfig.defaults(),
                TestModels.randomFeatures(9, 32), Map.of("name", "yes no", "datasetFingerprint", "abc123",
                        "metrics", Map.of("valAccuracy", 0.91), "seed", 42));
    }

    @Test
    void writeAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        ModelPackage p = writeDsCnn(dir);
        assertTrue(p.id().matches("yes-no-[0-9a-f]{8}"), p.id());
        for (String f : List.of("model.json", "model.tflite", "c/kws_model_data.h", "c/kws_model_data.c",
                "c/kws_frontend_data.h", "c/kws_frontend_data.c")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        ModelPackage q = ModelPackage.load(dir);
        assertEquals(p.id(), q.id());
        assertEquals(TestModels.LABELS, q.labels());
        assertEquals(DetectorConfig.defaults(), q.detector());
        assertEquals(p.int8().input().scale(), q.frontend().inputScale());
        assertEquals(p.int8().input().zeroPoint(), q.frontend().inputZeroPoint());
        assertEquals(FrontendConfig.defaults().withInputQuantization(q.frontend().inputScale(),
                q.frontend().inputZeroPoint()), q.frontend());
        assertEquals(q.frontend(), ModelPackage.frontendOf(Files.readString(dir.resolve("model.json"))));
        assertEquals(q.frontend(), ModelPackage.frontendOf(q.frontend().toJson()));
        assertThrows(ModelPackageException.class, () -> ModelPackage.frontendOf("{not json"));
        assertEquals(0.91, ((Number) q.metrics().get("valAccuracy")).doubleValue());
        assertEquals(42, q.metadata().get("seed"));
        // int8 model identical, layer by layer
        Int8Model a = p.int8(), b = q.int8();
        assertEquals(a.layers().size(), b.layers().size());
        for (int i = 0; i < a.layers().size(); i++) {
            Int8Layer x = a.layers().get(i), y = b.layers().get(i);
            assertArrayEquals(x.weights(), y.weights());
            assertArrayEquals(x.bias(), y.bias());
            assertArrayEquals(x.multiplier(), y.multiplier());
            assertArrayEquals(x.shift(), y.shift());
            assertArrayEquals(x.lut(), y.lut());
            assertArrayEquals(x.weightScales(), y.weightScales());
            assertEquals(x.outScale(), y.outScale());
            assertEquals(x.outZp(), y.outZp());
        }
        // the folded float model computes the original function
        FloatInference orig = new FloatInference(TestModels.dsCnn(1));
        FloatInference loaded = new FloatInference(q.floatModel());
        float[] f = TestModels.randomFeatures(5, 1).get(0);
        assertArrayEquals(orig.logits(f), loaded.logits(f), 1e-4f);
        assertTrue(q.floatModel().layers().stream().allMatch(l -> l.bn() == null));
        // the header carries the hash of the stored frontend and the id
        String h = Files.readString(dir.resolve("c/kws_model_data.h"));
        assertTrue(h.contains(String.format("#define KWS_MODEL_FRONTEND_HASH 0x%su", q.frontend().hashHex())), h);
        assertTrue(h.contains("#define KWS_MODEL_ID \"" + q.id() + "\""));
        String fh = Files.readString(dir.resolve("c/kws_frontend_data.h"));
        assertTrue(fh.contains(q.frontend().hashHex()), "frontend C carries the same hash");
    }

    @Test
    void updatesMetricsAndDetector(@TempDir Path dir) throws Exception {
        ModelPackage p = writeDsCnn(dir);
        p.updateMetrics(Map.of("falseAcceptsPerHour", 0.5, "valAccuracy", 0.93));
        DetectorConfig d = DetectorConfig.defaults().withThreshold(0.85);
        p.updateDetector(d);
        ModelPackage q = ModelPackage.load(dir);
        assertEquals(0.93, ((Number) q.metrics().get("valAccuracy")).doubleValue());
        assertEquals(0.5, ((Number) q.metrics().get("falseAcceptsPerHour")).doubleValue());
        assertEquals(d, q.detector());
        assertEquals(p.id(), q.id());
        String h = Files.readString(dir.resolve("c/kws_model_data.h"));
        assertTrue(h.contains("#define KWS_DET_THRESHOLD_Q " + d.thresholdQ() + "\n"), h);
        assertEquals(218, d.thresholdQ());
    }

    @Test
    void missingPackageGivesAClearError(@TempDir Path dir) {
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("model.json is missing"), e.getMessage());
    }

    @Test
    void corruptPackagesAreRejected(@TempDir Path dir) throws Exception {
        writeDsCnn(dir);
        Path json = dir.resolve("model.json");
        String good = Files.readString(json);

        Files.writeString(json, good.substring(0, good.length() / 2));
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir)).getMessage()
                .contains("not valid JSON"));

        // a changed bias value: still valid JSON, caught by the content hash
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("\"bias\" : \\[ (-?\\d+)").matcher(good);
        assertTrue(mm.find());
        String tampered = good.substring(0, mm.start(1)) + (Integer.parseInt(mm.group(1)) + 1) + good.substring(mm.end(1));
        assertNotEquals(good, tampered);
        Files.writeString(json, tampered);
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir)).getMessage()
                .contains("do not match the model id"));

        // a truncated weight array: caught by the shape checks
        String cut = good.replaceFirst("\"weights\" : \"[A-Za-z0-9+/]{8}", "\"weights\" : \"");
        Files.writeString(json, cut);
        assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir));

        Files.writeString(json, good.replace("\"labels\"", "\"labelz\""));
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir)).getMessage()
                .contains("labels"));

        Files.writeString(json, good);
        assertNotNull(ModelPackage.load(dir));
    }

    @Test
    void inputQuantizationIsStoredOnceInTheFrontend(@TempDir Path dir) throws Exception {
        ModelPackage p = writeDsCnn(dir);
        Path json = dir.resolve("model.json");
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json.toFile());
        assertFalse(root.path("quantization").has("input"), "quantization.input is not written");
        assertEquals(p.int8().input().scale(), (float) root.path("frontend").path("inputScale").asDouble());
        assertFalse(Files.readString(dir.resolve("c/kws_model_data.h")).contains("KWS_MODEL_INPUT_SCALE"));

        // a package written before (quantization.input beside the frontend's) still loads when both agree
        com.fasterxml.jackson.databind.node.ObjectNode in = ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("quantization"))
                .putObject("input");
        in.put("scale", p.int8().input().scale());
        in.put("zeroPoint", p.int8().input().zeroPoint());
        Files.writeString(json, m.writeValueAsString(root));
        assertEquals(p.int8().input(), ModelPackage.load(dir).int8().input());
        // ... and is rejected when they disagree
        in.put("zeroPoint", p.int8().input().zeroPoint() + 1);
        Files.writeString(json, m.writeValueAsString(root));
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir)).getMessage()
                .contains("differs from the model's"));
    }

    @Test
    void rejectsIncompatibleInputs(@TempDir Path dir) {
        FloatModel m = TestModels.dsCnn(1);
        FloatModel badLabels = new FloatModel(m.architecture(), m.inputH(), m.inputW(), List.of("yes", "no", "x", "y"),
                m.layers());
        assertThrows(ModelPackageException.class, () -> ModelPackager.write(dir, badLabels, FrontendConfig.defaults(),
                DetectorConfig.defaults(), TestModels.randomFeatures(1, 4), Map.of()));
        assertThrows(ModelPackageException.class, () -> ModelPackager.write(dir, m, FrontendConfig.defaults(),
                DetectorConfig.defaults(), List.of(), Map.of()));
        assertThrows(ModelPackageException.class, () -> ModelPackager.write(dir, m, FrontendConfig.defaults(),
                DetectorConfig.defaults(), TestModels.randomFeatures(1, 4), Map.of("calibration", "magic")));
    }

    @Test
    void percentileCalibrationIsRecorded(@TempDir Path dir) throws Exception {
        ModelPackage p = ModelPackager.write(dir, TestModels.tinyConv(2), FrontendConfig.defaults(),
                DetectorConfig.defaults(), TestModels.randomFeatures(9, 16), Map.of("calibration", "percentile:99.9"));
        assertTrue(Files.readString(dir.resolve("model.json")).contains("percentile 99.9"));
        assertEquals(BnFolding.fold(TestModels.tinyConv(2)).layers().size(), p.floatModel().layers().size());
    }
}
