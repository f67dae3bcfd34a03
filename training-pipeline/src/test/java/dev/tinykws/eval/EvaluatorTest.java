package dev.tinykws.eval;

import dev.tinykws.detect.ClipScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    private static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");

    /** Fake: the "audio" carries the predicted label indices for the two variants in samples 0 and 1. */
    private static final ClipScorer FAKE = new ClipScorer() {
        @Override
        public List<String> variants() {
            return List.of("float", "int8");
        }

        @Override
        public int[] classify(float[] audio) {
            return new int[]{(int) audio[0], (int) audio[1]};
        }
    };

    private static LabeledAudio clip(String word, int floatPred, int int8Pred) {
        return new LabeledAudio(Path.of(word + "/" + floatPred + "_" + int8Pred + "_" + System.nanoTime() + ".wav"), word);
    }

    private static float[] load(Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith("bad")) {
            throw new IllegalStateException("audio file " + p + " is truncated");
        }
        String[] parts = name.split("_");
        return new float[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    @Test
    void unknownWordsMapToUnknownAndBadClipsAreSkipped() {
        List<LabeledAudio> clips = List.of(
                clip("yes", 2, 2), clip("yes", 1, 2),
                clip("no", 3, 2),
                clip("cat", 1, 1), clip("dog", 2, 1),       // words the model does not know -> _unknown_
                clip("_unknown_", 1, 1),
                new LabeledAudio(Path.of("yes/bad.wav"), "yes"));
        EvaluationResult r = Evaluator.evaluate("m", "data", "all", LABELS, clips, FAKE, EvaluatorTest::load);
        ConfusionMatrix f = r.matrix("float");
        ConfusionMatrix q = r.matrix("int8");
        assertEquals(6, f.total());
        assertEquals(3, f.support(1), "cat, dog and _unknown_ are unknown");
        assertEquals(0, f.support(0), "no _silence_ folder, no silence row");
        assertEquals(1, f.count(1, 2), "dog predicted yes by float");
        assertEquals(4.0 / 6, f.accuracy(), 1e-12);
        assertEquals(5.0 / 6, q.accuracy(), 1e-12);
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).reason().contains("truncated"));
        assertEquals(Map.of("_unknown_", 1, "cat", 1, "dog", 1, "no", 1, "yes", 2), r.wordCounts());
    }

    @Test
    void silenceFolderMapsToSilence() {
        EvaluationResult r = Evaluator.evaluate("m", "d", "test", LABELS, List.of(clip("_silence_", 0, 1)), FAKE,
                EvaluatorTest::load);
        assertEquals(1, r.matrix("float").count(0, 0));
        assertEquals(1, r.matrix("int8").count(0, 1));
    }

    @Test
    void allClipsBadIsAnError() {
        EvalException e = assertThrows(EvalException.class, () -> Evaluator.evaluate("m", "d", "test", LABELS,
                List.of(new LabeledAudio(Path.of("x/bad.wav"), "x")), FAKE, EvaluatorTest::load));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void reportWritesMarkdownPngAndText(@TempDir Path dir) throws Exception {
        EvaluationResult r = Evaluator.evaluate("m", "data", "all", LABELS,
                List.of(clip("yes", 2, 2), clip("no", 3, 2), clip("cat", 1, 1)), FAKE, EvaluatorTest::load);
        Path md = EvaluationReport.write(r, dir);
        String text = Files.readString(md);
        assertTrue(text.contains("| float | 100.0% |"), text);
        assertTrue(text.contains("| int8 | 66.7% |"), text);
        assertTrue(text.contains("![confusion int8](confusion-int8.png)"));
        assertNotNull(ImageIO.read(dir.resolve("confusion-float.png").toFile()));
        assertTrue(Files.readString(dir.resolve("confusion-int8.txt")).contains("no"));
        assertTrue(Files.readString(dir.resolve("evaluation.json")).contains("\"accuracy\""));
    }
}
