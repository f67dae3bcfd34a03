package dev.tinykws.eval.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.Calibration;
import dev.tinykws.detect.FakeModels;
import dev.tinykws.eval.EvaluationResult;
import dev.tinykws.eval.Evaluator;
import dev.tinykws.features.audio.AudioIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval-stream, calibration and evaluation end to end with the fake energy model. */
class EvalStreamPipelineTest {

    @Test
    void evalStreamWritesTruthResultsAndDet(@TempDir Path dir) throws Exception {
        float[] yes = FakeModels.yesClip();
        BuiltStream stream = StreamBuilder.build(List.of(new AudioSample("yes", "yes.wav", () -> yes)), List.of(),
                List.of(), 1.0, new double[]{30}, 7, 16000);
        EvalStream.Result r = EvalStream.run(FakeModels.runtime(), stream, new EvalStream.Options(1, new double[]{30}, 7,
                750, true), dir);
        int n = stream.keywordEvents().size();
        assertTrue(n >= 12, "keywords " + n);
        // the fake model fires on every loud event in quiet background
        assertTrue(r.atThreshold().falseRejectRate() <= 0.1, "FRR " + r.atThreshold().falseRejectRate());
        assertEquals(0, r.atThreshold().falseAccepts(), r.detections().toString());
        JsonNode res = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(n, res.get("keywords").asInt());
        assertEquals(r.atThreshold().hits(), res.get("hits").asInt());
        assertEquals(256, res.get("det").size());
        JsonNode truth = new ObjectMapper().readTree(dir.resolve("truth.json").toFile());
        assertEquals(stream.events().size(), truth.get("events").size());
        assertNotNull(ImageIO.read(dir.resolve("det.png").toFile()));
        assertEquals(stream.samples().length, AudioIO.readMono16k(dir.resolve("stream.wav")).length);
    }

    @Test
    void calibrationOnNegativeAudioCountsFalseAccepts() {
        // 2 minutes of quiet noise with 3 loud "non-keywords": the fake model accepts each at any threshold
        float[] neg = FakeModels.streamWith(FakeModels.yesClip(), 120, 20, 60, 100);
        Calibration c = ThresholdCalibrator.calibrate(FakeModels.runtime(), neg, 1000);
        assertEquals(3, c.falseAccepts());
        assertEquals(120_000, c.negativeMs());
        assertEquals(90.0, c.faPerHour(), 1e-9);
        assertEquals(128, c.thresholdQ(), "3 FAs in 2 min = 90/h <= 1000/h at any threshold: the 0.5 floor applies");
        Calibration strict = ThresholdCalibrator.calibrate(FakeModels.runtime(), neg, 10);
        assertTrue(!strict.targetReached() && strict.thresholdQ() == 255);
    }

    @Test
    void evaluatorOnASpeechCommandsFolder(@TempDir Path root) throws Exception {
        float[] yes = FakeModels.yesClip();
        float[] quiet = FakeModels.streamWith(new float[0], 1.0);
        write(root.resolve("yes/aaaa1111_nohash_0.wav"), yes);
        write(root.resolve("yes/bbbb2222_nohash_0.wav"), yes);
        write(root.resolve("cat/cccc3333_nohash_0.wav"), quiet);   // unknown word, predicted silence
        write(root.resolve("dog/dddd4444_nohash_0.wav"), yes);     // unknown word, predicted yes
        Files.createDirectories(root.resolve("bird"));
        Files.writeString(root.resolve("bird/eeee5555_nohash_0.wav"), "corrupt");
        DatasetIndex data = DatasetIndex.load(root);
        EvaluationResult r = Evaluator.run(FakeModels.runtime(), data, null);
        assertEquals(List.of("int8"), List.copyOf(r.byVariant().keySet()));
        var m = r.matrix("int8");
        assertEquals(4, m.total());
        assertEquals(2, m.count(2, 2));
        assertEquals(1, m.count(1, 0));
        assertEquals(1, m.count(1, 2));
        assertEquals(0, m.support(0));
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).path().endsWith("eeee5555_nohash_0.wav"));
        assertEquals(0.5, m.accuracy(), 1e-12);
        // the split filter works too
        assertEquals("all", r.split());
        assertTrue(data.clips(Split.TEST).size() <= 5);
    }

    private static void write(Path p, float[] x) throws Exception {
        Files.createDirectories(p.getParent());
        AudioIO.writeWav16(p, java.util.Arrays.copyOf(x, 16000), 16000);
    }
}
