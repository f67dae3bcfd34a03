package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.cli.CliRun;
import dev.tinykws.cli.CliRun.Out;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.teacher.TeacherPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tinykws train} with the teacher on: an unreadable clip is skipped by the teacher step too, an existing
 * run is refused before its teacher is touched, {@code --resume} reuses the finished teacher, {@code --distill-from}
 * trains no teacher, and bad {@code --unlabeled} / {@code --init} values are usage errors before any training.
 */
class TrainCommandTeacherTest {

    private static Out cli(String... args) {
        return CliRun.run(args);
    }

    private static String[] args(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--keywords", "yes,no",
                "--out", out.toString(), "--arch", "tiny-conv", "--epochs", "1", "--batch", "16", "--no-progress",
                "--teacher-epochs", "3", "--teacher-variants", "1", "--jobs", "2"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void teacherRunSkipsBadClipsKeepsItsTeacherAndResumesWithoutRetraining(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 5, 2, true);
        Files.writeString(data.resolve("yes/s0_nohash_0.wav"), "not audio at all");
        Path out = tmp.resolve("m");

        Out first = cli(args(data, out));
        assertEquals(0, first.code(), first.err());
        Path teacherJson = out.resolve("teacher").resolve(TeacherPackage.MODEL_JSON);
        byte[] teacher = Files.readAllBytes(teacherJson);
        String teacherId = TeacherPackage.load(out.resolve("teacher")).id();
        assertEquals(1, ((Number) TeacherPackage.load(out.resolve("teacher")).metadata().get("variants")).intValue());

        // a second run on the finished folder is refused before the teacher is trained over the one the model used
        Out again = cli(args(data, out));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a run"), again.err());
        assertArrayEquals(teacher, Files.readAllBytes(teacherJson), "the teacher was rewritten");

        // --resume reuses the finished teacher (same settings, same data) instead of training it again
        Out resumed = cli(args(data, out, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(teacher, Files.readAllBytes(teacherJson), "the teacher was retrained on --resume");
        Map<?, ?> voice = (Map<?, ?>) ((Map<?, ?>) ModelPackage.load(out).metadata().get("training")).get("voice");
        assertEquals(teacherId, voice.get("teacher"));

        // --distill-from: no teacher is trained, none is written into the new folder
        Path out2 = tmp.resolve("m2");
        Out from = cli(args(data, out2, "--distill-from", out.resolve("teacher").toString()));
        assertEquals(0, from.code(), from.err());
        assertFalse(Files.exists(out2.resolve("teacher")), "a teacher was trained despite --distill-from");
        Map<?, ?> voice2 = (Map<?, ?>) ((Map<?, ?>) ModelPackage.load(out2).metadata().get("training")).get("voice");
        assertEquals(teacherId, voice2.get("teacher"));
    }

    @Test
    void noSilenceSamplesStillPackagesWithTheClassLeftUncorrected(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 2, true);
        Path out = tmp.resolve("m");
        Out o = cli(args(data, out, "--silence-percent", "0"));
        assertEquals(0, o.code(), o.err());
        Map<?, ?> pc = (Map<?, ?>) ModelPackage.load(out).metadata().get("priorCorrection");
        assertEquals(true, pc.get("applied"));
        assertEquals(0.0, ((Number) ((Map<?, ?>) pc.get("trainShares")).get("_silence_")).doubleValue());
        // the teacher applies the same rule: no correction for a class it never saw
        float[] prior = TeacherPackage.load(out.resolve("teacher")).logPrior();
        assertEquals(0f, prior[0]);
        assertTrue(prior[1] < 0 && prior[2] < 0, Arrays.toString(prior));
    }

    @Test
    void badUnlabeledOrInitIsAUsageErrorBeforeTheTeacher(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 1, false);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("junk.wav"), "not audio");
        Out noWav = cli(args(data, tmp.resolve("a"), "--unlabeled", empty.toString()));
        assertEquals(2, noWav.code(), noWav.err());
        assertTrue(noWav.err().contains("holds no readable WAV"), noWav.err());
        assertFalse(Files.exists(tmp.resolve("a/teacher")), "the teacher step ran before the check");

        Out missing = cli(args(data, tmp.resolve("b"), "--unlabeled", tmp.resolve("nowhere").toString()));
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("--unlabeled"), missing.err());

        Out init = cli(args(data, tmp.resolve("c"), "--init", tmp.resolve("no-model").toString()));
        assertEquals(2, init.code(), init.err());
        assertTrue(init.err().contains("--init"), init.err());
        assertFalse(Files.exists(tmp.resolve("c/teacher")), "the teacher step ran before the check");
        assertTrue(Arrays.asList(init.err().split("\n")).size() < 5, "a stack trace: " + init.err());
    }
}
