package dev.tinykws.cli;

import dev.tinykws.cli.CliRun.Out;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackager;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four commands on a real model package (DS-CNN-S shaped, random weights, labels
 * _silence_ _unknown_ yes no) and a tiny Speech Commands folder built from the bundled clips.
 */
class EvalCommandsIntegrationTest {

    @TempDir
    static Path tmp;
    static Path model;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        model = tmp.resolve("model");
        ModelPackager.write(model, TestModels.dsCnn(1), FrontendConfig.defaults(), DetectorConfig.defaults(),
                TestModels.randomFeatures(9, 32), Map.of("name", "test"));
        data = tmp.resolve("data");
        String[][] clips = {{"yes", "yes_en-us"}, {"no", "no_en-gb"}, {"go", "go_en-sc"}, {"stop", "stop_en-us-f"}};
        for (String[] c : clips) {
            float[] x = fixture(c[1]);
            for (String speaker : new String[]{"aaaa0001", "bbbb0002"}) {
                Path p = data.resolve(c[0]).resolve(speaker + "_nohash_0.wav");
                Files.createDirectories(p.getParent());
                AudioIO.writeWav16(p, Arrays.copyOf(x, 16000), 16000);
            }
        }
        Files.writeString(data.resolve("testing_list.txt"), "yes/bbbb0002_nohash_0.wav\nno/bbbb0002_nohash_0.wav\n"
                + "go/bbbb0002_nohash_0.wav\nstop/bbbb0002_nohash_0.wav\n");
        Files.writeString(data.resolve("validation_list.txt"), "go/aaaa0001_nohash_0.wav\nstop/aaaa0001_nohash_0.wav\n");
    }

    private static float[] fixture(String name) throws Exception {
        try (InputStream in = EvalCommandsIntegrationTest.class.getResourceAsStream("/dev/tinykws/features/fixtures/" + name + ".wav")) {
            Path t = tmp.resolve(name + ".wav");
            Files.write(t, in.readAllBytes());
            return AudioIO.readMono16k(t);
        }
    }

    private static Out run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void evaluateWritesAReport() throws Exception {
        Path report = tmp.resolve("report");
        Out o = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--split", "all",
                "--out", report.toString(), "--json", tmp.resolve("e.json").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("float") && o.out().contains("int8"), o.out());
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("8 clips evaluated"), md);
        assertTrue(Files.exists(report.resolve("confusion-int8.png")));
        assertTrue(Files.readString(tmp.resolve("e.json")).contains("\"_unknown_\""));
        // go and stop are unknown to the model: 4 unknown rows
        assertTrue(Files.readString(report.resolve("confusion-int8.txt")).lines().anyMatch(l -> l.startsWith("_unknown_")));
    }

    @Test
    void detectPrintsOnlyJsonOrNothing() throws Exception {
        Path wav = tmp.resolve("long.wav");
        float[] s = new float[16000 * 8];
        float[] yes = fixture("yes_en-us");
        for (int at : new int[]{1, 4}) {
            System.arraycopy(yes, 0, s, at * 16000, Math.min(yes.length, 16000));
        }
        AudioIO.writeWav16(wav, s, 16000);
        Out o = run("detect", "--model", model.toString(), "--input", wav.toString(), "--threshold", "0.3");
        assertEquals(0, o.code(), o.err());
        for (String line : o.out().lines().toList()) {
            assertTrue(line.matches("\\{\"t_ms\":\\d+,\"keyword\":\"(yes|no)\",\"score\":[01]\\.\\d{3}}"), line);
        }
        Out bad = run("detect", "--model", model.toString(), "--input", tmp.resolve("nope.wav").toString());
        assertEquals(1, bad.code());
        assertEquals("", bad.out());
        assertTrue(bad.err().contains("does not exist"), bad.err());
        Out badModel = run("detect", "--model", tmp.resolve("nomodel").toString(), "--input", wav.toString());
        assertEquals(1, badModel.code());
        assertEquals("", badModel.out());
    }

    @Test
    void calibrateStoresTheThresholdAndEvalStreamRuns() throws Exception {
        Path copy = tmp.resolve("model-copy");
        ModelPackager.write(copy, TestModels.dsCnn(1), FrontendConfig.defaults(), DetectorConfig.defaults(),
                TestModels.randomFeatures(9, 32), Map.of("name", "copy"));
        Out o = run("calibrate", "--model", copy.toString(), "--data", data.toString(), "--target-fa-per-hour", "10",
                "--max-length", "30s");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("threshold") && o.out().contains("warning"), o.out());
        double stored = ModelPackage.load(copy).detector().threshold();
        // metrics.threshold follows the calibration (it used to keep the training-time value)
        assertEquals(stored, ((Number) ModelPackage.load(copy).metrics().get("threshold")).doubleValue());
        assertEquals(10.0, ((Number) ModelPackage.load(copy).metrics().get("thresholdTargetFaPerHour")).doubleValue());
        assertTrue(stored >= 0.5, "floor 0.5: " + stored);
        assertTrue(o.out().contains(String.format(java.util.Locale.ROOT, "%.4f", stored)), o.out() + " vs " + stored);

        Path out = tmp.resolve("es");
        Out e = run("eval-stream", "--model", model.toString(), "--data", data.toString(), "--length", "30s",
                "--out", out.toString(), "--no-wav");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("FRR"), e.out());
        assertTrue(Files.exists(out.resolve("results.json")) && Files.exists(out.resolve("det.png"))
                && Files.exists(out.resolve("truth.json")));
    }
}
