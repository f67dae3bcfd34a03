package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.cli.CliRun;
import dev.tinykws.cli.CliRun.Out;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, cases 2–4: unreadable clips, two runs on one folder, a run killed between packaging and calibration. */
class TrainReliabilityTest {

    @TempDir
    Path tmp;

    private static Out cli(String... args) {
        return CliRun.run(args);
    }

    /** Cuts a clip in half: its header still declares the full length ("truncated"). */
    private static void truncate(Path wav) throws Exception {
        byte[] b = Files.readAllBytes(wav);
        Files.write(wav, java.util.Arrays.copyOf(b, b.length / 2));
    }

    @Test
    void unreadableClipsAreReportedAndSkipped() throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 5, 2, true);
        Path bad = data.resolve("yes/s0_nohash_0.wav");
        truncate(bad);
        Files.writeString(data.resolve("no/s1_nohash_1.wav"), "not audio at all");
        Path out = tmp.resolve("model");
        TrainPipeline.Outcome o = TrainPipeline.run(TrainPipelineTest.options(data, out, List.of("yes", "no"), false, 1));
        assertEquals(2, o.skippedClips());
        assertFalse(o.data().all().stream().anyMatch(c -> c.path().equals(bad)));
        String log = Files.readString(out.resolve("train.log"));
        assertTrue(log.contains("skipped unreadable clip " + bad) && log.contains("truncated"), log);
        assertTrue(log.contains("s1_nohash_1.wav") && log.contains("2 unreadable clip(s) skipped"), log);
    }

    @Test
    void secondTrainOnTheSameFolderIsRefusedAcrossProcesses() throws Exception {
        Path out = tmp.resolve("model");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertTrue(line != null && line.startsWith("locked"), String.valueOf(line));

            Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no"), 4, 1, false);
            Out second = cli("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "1");
            assertEquals(1, second.code(), second.err());
            assertTrue(second.err().contains("another `tinykws train` is running on " + out)
                    && second.err().contains("pid " + child.pid()), second.err());
            Out resume = cli("train", "--data", data.toString(), "--out", out.toString(), "--resume");
            assertEquals(1, resume.code(), resume.err());
            assertTrue(resume.err().contains("cannot resume: another `tinykws train` is running"), resume.err());
            assertFalse(Files.exists(out.resolve("checkpoints")), "the refused runs wrote nothing");
        } finally {
            child.destroyForcibly();            // like kill -9: the OS drops the lock with the process
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (OutputLock again = OutputLock.acquire(out, false)) {
            assertTrue(Files.exists(again.file()));
        }
    }

    @Test
    void secondLockInTheSameJvmIsRefusedAndDoesNotBreakTheFirst() throws Exception {
        Path out = tmp.resolve("m");
        try (OutputLock first = OutputLock.acquire(out, false)) {
            TrainingException e = assertThrows(TrainingException.class, () -> OutputLock.acquire(out, true));
            assertTrue(e.getMessage().startsWith("cannot resume: another `tinykws train` is running"), e.getMessage());
            // the first lock is still held at the OS level: a child JVM cannot take it
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), out.toString())
                    .redirectErrorStream(true).start();
            child.getOutputStream().close();
            String text = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertNotEquals(0, child.exitValue(), text);
            assertTrue(text.contains("another `tinykws train` is running"), text);
        }
    }

    @Test
    void packageInterruptedBeforeCalibrationIsRefusedUntilResumed() throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 5, 2, true);
        Path out = tmp.resolve("model");
        TrainOptions o = TrainPipelineTest.options(data, out, List.of("yes", "no"), false, 1);
        TrainPipeline.Outcome t = TrainPipeline.run(o);
        RuntimeException killed = assertThrows(RuntimeException.class,
                () -> PackageStep.run(o, t, () -> { throw new IllegalStateException("killed"); }));
        assertEquals("killed", killed.getMessage());
        assertTrue(Files.exists(out.resolve(ModelPackage.MODEL_JSON)), "model.json was written before the kill");

        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(out));
        assertTrue(e.getMessage().contains("incomplete") && e.getMessage().contains("--resume"), e.getMessage());
        Path clip = data.resolve("yes/s0_nohash_0.wav");
        Out detect = cli("detect", "--model", out.toString(), "--input", clip.toString());
        assertEquals(1, detect.code());
        assertTrue(detect.err().contains("--resume"), detect.err());

        // what `train --resume` does once training is finished: package, calibrate, complete
        PackageStep.Result done = PackageStep.run(o, t);
        ModelPackage pkg = ModelPackage.load(out);
        assertEquals(done.calibration().threshold(), pkg.detector().threshold(), 1e-9);
        assertTrue(pkg.metrics().containsKey("threshold"));
        assertFalse(Files.exists(out.resolve(ModelPackage.INCOMPLETE)));
    }
}
