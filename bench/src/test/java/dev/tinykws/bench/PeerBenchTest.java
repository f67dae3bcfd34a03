package dev.tinykws.bench;

import dev.tinykws.detect.Detection;
import dev.tinykws.eval.Charts.DetPoint;
import dev.tinykws.features.audio.AudioIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PeerBenchTest {

    @Test
    void parsesWordTimesSortedAndIgnoresHypothesisAndOtherWords() {
        List<String> out = List.of(
                "yes  stop  go  yes ",
                "yes  2.400 2.750 0.857686",
                "stop  2.090 2.340 0.857085",
                "hello  1.800 1.950 0.9",
                "go  1.560 1.720 0.867520",
                "yes  0.790 1.040 0.843311",
                "turn on  3.000 3.455 1.000");
        List<Detection> d = PeerBench.parseTimes(out, List.of("yes", "go", "stop", "turn_on"));
        assertEquals(List.of(1040L, 1720L, 2340L, 2750L, 3455L), d.stream().map(Detection::tMs).toList());
        assertEquals(List.of("yes", "go", "stop", "yes", "turn_on"), d.stream().map(Detection::keyword).toList());
        assertEquals(3, d.get(1).labelIndex());
        assertEquals(216, d.get(0).scoreQ()); // round(0.843311 * 256)
        assertEquals(255, d.get(4).scoreQ());
    }

    @Test
    void keywordListHasOneThresholdPerPhrase() {
        assertEquals("yes /1e-12.50/\nturn on /1e-12.50/\n", PeerBench.keywordList(List.of("YES", "turn_on"), -12.5));
        assertEquals("go /1e+20.00/\n", PeerBench.keywordList(List.of("go"), 20));
    }

    @Test
    void dictionaryLookupNeedsEveryWordOfAPhrase(@TempDir Path dir) throws Exception {
        Path dict = dir.resolve("d.dict");
        Files.writeString(dict, "yes Y EH S\nturn T ER N\non AA N\non(2) AO N\n");
        Set<String> words = PeerBench.dictionaryWords(dict);
        assertEquals(Set.of("yes", "turn", "on"), words);
        assertTrue(PeerBench.inDictionary("turn_on", words));
        assertTrue(PeerBench.inDictionary("Yes", words));
        assertFalse(PeerBench.inDictionary("hey_tiny", words));
    }

    @Test
    void bestWithinBudgetTakesLowestFrrThenFewestFalseAccepts() {
        List<DetPoint> det = List.of(new DetPoint(0, 0.9, 200), new DetPoint(6, 0.7, 150), new DetPoint(6, 0.7, 140),
                new DetPoint(30, 0.5, 100), new DetPoint(0, 0.95, 250), new DetPoint(3, 0.7, 160));
        assertEquals(0.9, PeerBench.bestWithin(det, 0).frr());
        DetPoint at10 = PeerBench.bestWithin(det, 10);
        assertEquals(0.7, at10.frr());
        assertEquals(3, at10.faPerHour());
        assertEquals(100, PeerBench.bestWithin(det, 30).thresholdQ());
        assertNull(PeerBench.bestWithin(List.of(new DetPoint(12, 0.1, 0)), 6));
    }

    @Test
    void perKeywordOracleIsAKnapsackOverKeywords() {
        List<java.util.Map<String, int[]>> runs = List.of(
                java.util.Map.of("a", new int[]{5, 0}, "b", new int[]{2, 0}),
                java.util.Map.of("a", new int[]{6, 3}, "b", new int[]{5, 1}),
                java.util.Map.of("a", new int[]{8, 10}, "b", new int[]{6, 4}));
        assertEquals(List.of(7, 10, 10, 10, 11, 11), java.util.Arrays.stream(
                PeerBench.perKeywordOracle(runs, List.of("a", "b"), 5)).boxed().toList());
        // no run without false accepts for "b": nothing reachable below 2
        List<java.util.Map<String, int[]>> noisy = List.of(java.util.Map.of("a", new int[]{1, 0}, "b", new int[]{1, 2}));
        assertEquals(List.of(-1, -1, 2), java.util.Arrays.stream(
                PeerBench.perKeywordOracle(noisy, List.of("a", "b"), 2)).boxed().toList());
    }

    @Test
    void perKeywordCountsAddUpToTheTotal() {
        List<dev.tinykws.eval.stream.StreamEvent> truth = List.of(
                new dev.tinykws.eval.stream.StreamEvent("yes", true, 0, 1000, 10, "x"),
                new dev.tinykws.eval.stream.StreamEvent("no", true, 3000, 4000, 10, "x"),
                new dev.tinykws.eval.stream.StreamEvent("cat", false, 6000, 7000, 10, "x"));
        List<Detection> dets = List.of(new Detection(1200, "yes", 2, 0), new Detection(1300, "yes", 2, 0),
                new Detection(4100, "yes", 2, 0), new Detection(4200, "no", 3, 0), new Detection(7000, "no", 3, 0));
        java.util.Map<String, int[]> pk = PeerBench.perKeyword(truth, dets, List.of("yes", "no"), 750, 3_600_000);
        assertEquals(List.of(1, 2), List.of(pk.get("yes")[0], pk.get("yes")[1]));
        assertEquals(List.of(1, 1), List.of(pk.get("no")[0], pk.get("no")[1]));
        var total = dev.tinykws.eval.stream.StreamMatcher.score(truth, dets, 750, 3_600_000);
        assertEquals(total.hits(), pk.get("yes")[0] + pk.get("no")[0]);
        assertEquals(total.falseAccepts(), pk.get("yes")[1] + pk.get("no")[1]);
    }

    @Test
    void gridAndBudgets() {
        assertEquals(List.of(-15.0, -12.5, -10.0), PeerBench.exponents(new double[]{-15, -10, 2.5}));
        assertEquals(List.of(0.0, 10.0, 30.0, 100.0, 300.0), PeerBench.budgets(6)); // 10-minute stream
        assertEquals(List.of(0.0, 1.0, 10.0, 30.0, 100.0, 300.0), PeerBench.budgets(1));
    }

    @Test
    void missingDecoderWritesNotInstalledSectionAndReturns(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("peer.md");
        PeerBench.main(new String[]{"--binary", "no-such-pocketsphinx-binary", "--out", md.toString(),
                "--work", dir.resolve("w").toString()});
        String text = Files.readString(md);
        assertTrue(text.contains("not installed"), text);
        assertTrue(text.startsWith("## Peer: PocketSphinx"), text);
    }

    @Test
    void missingInputWritesExplanation(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(requireTool("pocketsphinx_continuous"), "pocketsphinx not installed");
        Path md = dir.resolve("peer.md");
        PeerBench.main(new String[]{"--stream", dir.resolve("nothing").toString(), "--out", md.toString(),
                "--work", dir.resolve("w").toString()});
        assertTrue(Files.readString(md).contains("has no stream.wav"), Files.readString(md));
    }

    /** Three espeak-ng words in faint noise (one not a keyword), end to end: the decoder finds the keywords at the right times. */
    @Test
    void spotsSynthesizedKeywordsEndToEnd(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(requireTool("pocketsphinx_continuous") && requireTool("espeak-ng"),
                "pocketsphinx or espeak-ng not installed");
        // a distractor first: PocketSphinx's live cepstral mean starts from a default and may miss the first utterance
        String[] words = {"banana", "yes", "stop"};
        float[] stream = new float[16000 * 9];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (float) (r.nextGaussian() * 0.001);
        }
        StringBuilder events = new StringBuilder();
        for (int w = 0; w < words.length; w++) {
            Path wav = dir.resolve(words[w] + ".wav");
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), words[w])
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "espeak-ng failed");
            float[] clip = AudioIO.readMono16k(wav);
            int start = 16000 + w * 16000 * 3;
            int last = 0;
            for (int i = 0; i < clip.length && start + i < stream.length; i++) {
                stream[start + i] += clip[i];
                if (Math.abs(clip[i]) > 0.02) {
                    last = i;
                }
            }
            long startMs = start / 16;
            long endMs = (start + last) / 16;
            events.append(w == 0 ? "" : ",").append(String.format(
                    "{\"word\":\"%s\",\"keyword\":%b,\"startMs\":%d,\"endMs\":%d,\"snrDb\":40.0,\"source\":\"%s\"}",
                    words[w], !words[w].equals("banana"), startMs, endMs, wav));
        }
        Path s = dir.resolve("stream");
        Files.createDirectories(s);
        AudioIO.writeWav16(s.resolve("stream.wav"), stream, 16000);
        Files.writeString(s.resolve("truth.json"), "{\"sampleRate\":16000,\"durationMs\":9000,\"seed\":1,\"events\":["
                + events + "],\"skipped\":0}");
        StringBuilder det = new StringBuilder();
        for (int q = 0; q <= 255; q++) {
            det.append(q == 0 ? "" : ",").append("{\"faPerHour\":0.0,\"frr\":").append(q < 200 ? "0.0" : "1.0")
                    .append(",\"thresholdQ\":").append(q).append('}');
        }
        Files.writeString(s.resolve("results.json"), "{\"model\":\"fake\",\"detector\":{\"threshold\":0.78125},"
                + "\"toleranceMs\":750,\"falseRejectRate\":0.0,\"falseAcceptsPerHour\":0.0,\"realTimeFactor\":20.0,"
                + "\"det\":[" + det + "]}");
        Path md = dir.resolve("peer.md");
        PeerBench.main(new String[]{"--stream", s.toString(), "--grid", "-10:0:10", "--out", md.toString(),
                "--work", dir.resolve("w").toString()});
        String text = Files.readString(md);
        assertTrue(Files.size(dir.resolve("peer-det.png")) > 1000);
        // at 1e-10 both keywords are found within the tolerance
        List<String> sweep = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("| 1e-10 |")) {
                sweep.add(line);
            }
        }
        if (sweep.isEmpty()) {
            fail("no sweep row for 1e-10 in\n" + text);
        }
        assertTrue(sweep.get(0).contains("| 0.0% |"), sweep.get(0) + "\ndecoder output:\n"
                + Files.readString(dir.resolve("w/ps-10.00.txt")) + "\ntruth: " + events);
        assertTrue(text.contains("| **0.0 = TinyKWS at its package threshold** | 100.0% | 0.781"), text);
    }

    /** True when the tool is on PATH; with CI=true a missing tool fails instead of skipping. */
    private static boolean requireTool(String tool) {
        boolean ok = PeerBench.findOnPath(tool).isPresent();
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail(tool + " is required when CI=true");
        }
        return ok;
    }
}
