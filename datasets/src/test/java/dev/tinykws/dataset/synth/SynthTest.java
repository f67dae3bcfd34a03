package dev.tinykws.dataset.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.SpeakerSplitter;
import dev.tinykws.dataset.check.DatasetChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SynthTest {

    @TempDir
    Path dir;

    static SynthOptions tiny(Path out) {
        return new SynthOptions(List.of("hey tiny", "yes"), out, List.of("freetts"), 1, 1, 1, 1, 1, 2, 7,
                ClipShaper.Placement.CENTRE, 1.35, 1, List.of(), false);
    }

    @Test
    void freeTtsBuildsAValidSmallDatasetAndResumes() throws IOException {
        Path out = dir.resolve("ds");
        Synthesizer.Report r = new Synthesizer(tiny(out)).run();
        // 4 FreeTTS variants x 1 setting = 4 speakers; 2 keywords x 4 + 3 unknown words x 1 speaker.
        assertEquals(4, r.speakersPerEngine().get("freetts"));
        assertEquals(11, r.made() + r.rejected(), r.rejections().toString());
        assertTrue(r.made() >= 10, r.rejections().toString());
        DatasetIndex idx = DatasetIndex.load(out);
        assertEquals(Set.of("bed", "hey_tiny", "yes", "hey", "yas"), idx.words(), idx.words().toString());
        assertEquals(3, idx.backgroundNoise().size());
        assertEquals(4, idx.clips("hey_tiny", dev.tinykws.dataset.Split.TRAIN).size()
                + idx.clips("hey_tiny", dev.tinykws.dataset.Split.VALIDATION).size()
                + idx.clips("hey_tiny", dev.tinykws.dataset.Split.TEST).size());
        DatasetChecker.Report check = DatasetChecker.check(out);
        assertEquals(0, check.problems(), check.findings().toString());

        JsonNode m = new ObjectMapper().readTree(out.resolve("dataset.json").toFile());
        assertEquals(7, m.get("seed").asLong());
        assertEquals("hey tiny", m.get("keywords").get(0).get("text").asText());
        assertEquals("hey_tiny", m.get("keywords").get(0).get("folder").asText());
        assertEquals(4, m.get("speakers").size());
        assertTrue(m.get("command").asText().contains("--engines freetts"));
        assertEquals("freetts", m.get("engines").get(0).get("name").asText());

        // Resume: nothing to do; a deleted clip is made again, identical.
        Path one = idx.clips("yes", idx.all().get(0).split()).isEmpty() ? idx.all().get(0).path()
                : idx.clips("yes", idx.all().get(0).split()).get(0).path();
        byte[] before = Files.readAllBytes(one);
        Synthesizer.Report again = new Synthesizer(tiny(out)).run();
        assertEquals(0, again.made());
        assertEquals(r.made(), again.skipped());
        Files.delete(one);
        Synthesizer.Report third = new Synthesizer(tiny(out)).run();
        assertEquals(1, third.made());
        assertArrayEquals(before, Files.readAllBytes(one), "seeded: the rebuilt clip is identical");
    }

    @Test
    void speakerIdsAreStableShortAndSplittable() {
        List<VoiceSpec> a = Synthesizer.speakers(List.of(new FreeTtsEngine()), 3, 1, 1);
        List<VoiceSpec> b = Synthesizer.speakers(List.of(new FreeTtsEngine()), 3, 1, 1);
        assertEquals(a, b);
        assertEquals(12, a.size());
        Set<String> ids = new HashSet<>();
        for (VoiceSpec v : a) {
            String id = v.speakerId();
            assertTrue(id.matches("freetts-[0-9a-f]{8}"), id);
            assertFalse(id.contains(SpeakerSplitter.NOHASH));
            assertEquals(id, SpeakerSplitter.speakerOf(id + "_nohash_0.wav"));
            assertTrue(ids.add(id));
            assertTrue(v.speed() >= 0.85 && v.speed() <= 1.2 && v.pitch() >= 75 && v.pitch() <= 150, v.toString());
        }
        assertNotEquals(a, Synthesizer.speakers(List.of(new FreeTtsEngine()), 3, 1, 2), "seed changes the settings");
    }

    @Test
    void nearMissesOfKeywords() {
        List<String> hey = WordLists.nearMisses("hey tiny", Set.of("hey tiny", "yes"));
        assertTrue(hey.containsAll(List.of("hey", "tiny", "hey tony")), hey.toString());
        assertFalse(hey.contains("hey tiny"));
        List<String> yes = WordLists.nearMisses("yes", Set.of("yes", "yas"));
        assertFalse(yes.contains("yes") || yes.contains("yas"));
        assertFalse(yes.isEmpty());
        assertFalse(WordLists.nearMisses("stop", Set.of("stop")).isEmpty());
        assertEquals("hey_tiny", WordLists.folderOf("  Hey   Tiny "));
        assertThrows(IllegalArgumentException.class, () -> WordLists.folderOf("_x"));
    }

    @Test
    void shaperNeverCutsTheWord() {
        ClipShaper centre = new ClipShaper(ClipShaper.Placement.CENTRE, 1.35);
        float[] word = dev.tinykws.dataset.TestWavs.burst(16000 * 2, 16000, 0.7, 0.5, 0.3, 200);
        ClipShaper.Shaped s = centre.shape(word, new Random(1));
        assertTrue(s.ok());
        assertEquals(16000, s.clip().length);
        int[] b = ClipShaper.speechBounds(s.clip(), 40);
        assertEquals(8000, (b[0] + b[1]) / 2.0, 200, "centred");
        float peak = 0;
        for (float v : s.clip()) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(0.7f, peak, 1e-4);

        ClipShaper random = new ClipShaper(ClipShaper.Placement.RANDOM, 1.35);
        for (int seed = 0; seed < 20; seed++) {
            ClipShaper.Shaped r = random.shape(word, new Random(seed));
            int[] rb = ClipShaper.speechBounds(r.clip(), 40);
            assertTrue(rb[0] > 0 && rb[1] < 16000, "whole word inside the window");
        }
        // 1.2 s of speech is compressed to 1 s (pitch kept), 1.6 s is rejected with a reason.
        float[] longWord = dev.tinykws.dataset.TestWavs.burst(16000 * 3, 16000, 0.5, 1.2, 0.3, 200);
        ClipShaper.Shaped c = centre.shape(longWord, new Random(1));
        assertTrue(c.ok());
        assertTrue(c.compression() > 1.2 && c.compression() < 1.3, "" + c.compression());
        assertEquals(zeroCrossings(longWord) / 1.26, zeroCrossings(c.clip()), zeroCrossings(longWord) * 0.08,
                "WSOLA keeps the pitch: crossings scale with the duration only");
        ClipShaper.Shaped rej = centre.shape(dev.tinykws.dataset.TestWavs.burst(16000 * 3, 16000, 0.5, 1.6, 0.3, 200),
                new Random(1));
        assertFalse(rej.ok());
        assertTrue(rej.rejected().contains("longer than 1 s"), rej.rejected());
        assertFalse(centre.shape(new float[16000], new Random(1)).ok());
    }

    static int zeroCrossings(float[] x) {
        int n = 0;
        for (int i = 1; i < x.length; i++) {
            if ((x[i - 1] < 0) != (x[i] < 0) && Math.abs(x[i]) + Math.abs(x[i - 1]) > 1e-4) {
                n++;
            }
        }
        return n;
    }

    @Test
    void noiseColoursHaveTheirSpectralTilt() {
        float[] w = NoiseGenerator.generate(NoiseGenerator.Colour.WHITE, 64000, 1);
        float[] p = NoiseGenerator.generate(NoiseGenerator.Colour.PINK, 64000, 1);
        float[] br = NoiseGenerator.generate(NoiseGenerator.Colour.BROWN, 64000, 1);
        // Ratio of high-passed (first difference) energy to total energy falls from white to pink to brown.
        assertTrue(hfRatio(w) > hfRatio(p) && hfRatio(p) > hfRatio(br), hfRatio(w) + " " + hfRatio(p) + " " + hfRatio(br));
        assertArrayEquals(w, NoiseGenerator.generate(NoiseGenerator.Colour.WHITE, 64000, 1));
    }

    static double hfRatio(float[] x) {
        double d = 0, e = 0;
        for (int i = 1; i < x.length; i++) {
            d += (x[i] - x[i - 1]) * (x[i] - x[i - 1]);
            e += x[i] * x[i];
        }
        return d / e;
    }
}
