package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.tinykws.pkg.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole train → package path with a (fake) teacher, and the same path without one. */
class DistilledTrainingTest {

    @Test
    void distilsFromATeacherThenPackagesWithThePriorCorrection(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat", "dog"), 6, 2, true);
        Path unl = tmp.resolve("room");
        Files.createDirectories(unl);
        dev.tinykws.features.audio.AudioIO.writeWav16(unl.resolve("a.wav"), new float[24000], 16000);
        Files.writeString(unl.resolve("broken.wav"), "junk");
        Path out = tmp.resolve("student");
        TrainOptions o = TrainPipelineTest.options(data, out, List.of("yes", "no"), true, 2)
                .withVoice(new VoiceOptions(1, -60, 0.1, "loudness-1", unl));
        DistillEpochSourceTest.LoudnessTeacher teacher =
                new DistillEpochSourceTest.LoudnessTeacher(List.of("_silence_", "_unknown_", "yes", "no"));
        TrainPipeline.Outcome t = TrainPipeline.run(o, teacher, Adaptation.none());
        assertTrue(teacher.calls.get() > 0, "the teacher labelled the inputs");
        assertTrue(Files.list(out.resolve("cache")).anyMatch(p -> p.getFileName().toString().startsWith("distill-")));
        PackageStep.run(o, t);
        ModelPackage pkg = ModelPackage.load(out);
        Map<?, ?> training = (Map<?, ?>) pkg.metadata().get("training");
        Map<?, ?> voice = (Map<?, ?>) training.get("voice");
        assertEquals("loudness-1", voice.get("teacher"));
        assertEquals(unl.toString(), voice.get("unlabeled"));
        assertEquals(true, ((Map<?, ?>) pkg.metadata().get("priorCorrection")).get("applied"));
    }

    @Test
    void withoutATeacherNothingIsDistilledAndThePriorCanBeLeftOut(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 6, 1, true);
        Path out = tmp.resolve("plain");
        TrainOptions o = TrainPipelineTest.options(data, out, List.of("yes", "no"), true, 1)
                .withVoice(VoiceOptions.none());
        TrainPipeline.Outcome t = TrainPipeline.run(o, null, Adaptation.none());
        assertFalse(Files.list(out.resolve("cache")).anyMatch(p -> p.getFileName().toString().startsWith("distill-")));
        PackageStep.run(o, t);
        ModelPackage pkg = ModelPackage.load(out);
        assertEquals(false, ((Map<?, ?>) pkg.metadata().get("priorCorrection")).get("applied"));
        assertEquals("none", ((Map<?, ?>) ((Map<?, ?>) pkg.metadata().get("training")).get("voice")).get("teacher"));
        // an uncorrected model's float FC bias is the trained one: the package keeps t.model()'s last bias
        var last = t.model().layers().get(t.model().layers().size() - 1);
        var packed = pkg.floatModel().layers().get(pkg.floatModel().layers().size() - 1);
        assertArrayEquals(last.bias(), packed.bias(), 1e-6f);
    }
}
