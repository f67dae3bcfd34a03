package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.tinykws.cli.TinyKws;
import dev.tinykws.pkg.ModelPackage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tinykws train}'s real-voice options on the command line: the --teacher none path and bad input (exit 2). */
class TrainCommandVoiceTest {

    private static int run(String... args) {
        return new CommandLine(new TinyKws()).execute(args);
    }

    @Test
    void teacherNoneTrainsWithoutTeacherOrDistillation(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 6, 1, true);
        Path out = tmp.resolve("m");
        assertEquals(0, run("train", "--data", data.toString(), "--keywords", "yes,no", "--out", out.toString(),
                "--arch", "tiny-conv", "--epochs", "1", "--batch", "16", "--no-progress", "--teacher", "none",
                "--prior-correction", "0.5", "--noise-floor", "-50", "--vtlp", "0.05"));
        assertFalse(Files.exists(out.resolve("teacher")), "no teacher package");
        ModelPackage pkg = ModelPackage.load(out);
        Map<?, ?> voice = (Map<?, ?>) ((Map<?, ?>) pkg.metadata().get("training")).get("voice");
        assertEquals("none", voice.get("teacher"));
        assertEquals(0.5, ((Number) voice.get("priorCorrection")).doubleValue());
        assertEquals(-50.0, ((Number) voice.get("noiseFloorDbfs")).doubleValue());
        assertEquals(0.05, ((Number) voice.get("vtlpMaxWarp")).doubleValue());
        assertEquals(0.5, ((Map<?, ?>) pkg.metadata().get("priorCorrection")).get("strength"));
        assertFalse(Files.list(out.resolve("cache")).anyMatch(p -> p.getFileName().toString().startsWith("distill-")));
    }

    @Test
    void badVoiceOptionsFailWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat"), 4, 1, false);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, run("train", "--data", data.toString(), "--out", tmp.resolve("a").toString(),
                    "--teacher", "none", "--unlabeled", tmp.toString()));
            assertEquals(2, run("train", "--data", data.toString(), "--out", tmp.resolve("b").toString(),
                    "--teacher", "none", "--prior-correction", "sometimes"));
            assertEquals(2, run("train", "--data", data.toString(), "--out", tmp.resolve("c").toString(),
                    "--teacher", "none", "--noise-floor", "loud"));
        } finally {
            System.setErr(old);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("--unlabeled needs a teacher"), e);
        assertTrue(e.contains("--prior-correction must be on, off or a strength"), e);
        assertTrue(e.contains("--noise-floor must be a level in dBFS"), e);
    }
}
