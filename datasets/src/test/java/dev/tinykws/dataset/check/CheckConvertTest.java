package dev.tinykws.dataset.check;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.TestWavs;
import dev.tinykws.features.audio.WavFile;
import dev.tinykws.features.audio.WavInfo;
import dev.tinykws.dataset.cli.DatasetCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class CheckConvertTest {

    @TempDir
    Path dir;

    static float[] word(int rate, double a, double hz) {
        return TestWavs.burst(rate, rate, 0.3, 0.4, a, hz);
    }

    static float[] stereo(float[] mono) {
        float[] s = new float[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            s[2 * i] = mono[i];
            s[2 * i + 1] = mono[i] * 0.5f;
        }
        return s;
    }

    /** A folder with one of every kind of odd file. */
    Path oddDataset() throws IOException {
        Path src = dir.resolve("src");
        TestWavs.write(src.resolve("yes/good_nohash_0.wav"), word(16000, 0.5, 300), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/good_nohash_1.wav"), word(16000, 0.4, 410), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/cd_nohash_0.wav"), stereo(word(44100, 0.5, 300)), 44100, 2, 16);
        TestWavs.write(src.resolve("yes/old_nohash_0.wav"), word(16000, 0.5, 500), 16000, 1, 8);
        TestWavs.write(src.resolve("yes/hi_nohash_0.wav"), word(48000, 0.5, 350), 48000, 1, 24);
        TestWavs.write(src.resolve("yes/short_nohash_0.wav"), TestWavs.burst(8000, 16000, 0.1, 0.3, 0.5, 250), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/long_nohash_0.wav"), TestWavs.burst(32000, 16000, 1.2, 0.4, 0.5, 250), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/rambling_nohash_0.wav"), TestWavs.burst(40000, 16000, 0.2, 2.0, 0.5, 250), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/loud_nohash_0.wav"), word(16000, 3.0, 300), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/quiet_nohash_0.wav"), new float[16000], 16000, 1, 16);
        TestWavs.write(src.resolve("yes/zcopy_nohash_0.wav"), word(16000, 0.5, 300), 16000, 1, 16);
        TestWavs.write(src.resolve("yes/noname.wav"), word(16000, 0.3, 600), 16000, 1, 16);
        byte[] full = TestWavs.pcm(word(16000, 0.5, 700), 16000, 1, 16);
        Files.write(src.resolve("yes/cut_nohash_0.wav"), Arrays.copyOf(full, 20000));
        Files.write(src.resolve("yes/header_nohash_0.wav"), Arrays.copyOf(full, 30));
        Files.writeString(src.resolve("yes/notes_nohash_0.wav"), "this is not audio at all, just text in a .wav");
        Files.write(src.resolve("yes/empty_nohash_0.wav"), new byte[0]);
        TestWavs.write(src.resolve("_background_noise_/hum.wav"), stereo(TestWavs.burst(44100 * 2, 44100, 0, 2, 0.2, 50)), 44100, 2, 16);
        return src;
    }

    @Test
    void checkFindsEveryKindOfProblemAndNeverStops() throws IOException {
        Path src = oddDataset();
        DatasetChecker.Report r = DatasetChecker.check(src);
        Map<String, Set<Issue>> byFile = r.findings().stream().collect(Collectors.groupingBy(
                f -> f.path().getFileName().toString(), Collectors.mapping(Finding::issue, Collectors.toSet())));
        assertFalse(byFile.containsKey("good_nohash_0.wav"), byFile.toString());
        assertFalse(byFile.containsKey("good_nohash_1.wav"));
        assertEquals(Set.of(Issue.FORMAT), byFile.get("cd_nohash_0.wav"));
        assertEquals(Set.of(Issue.FORMAT), byFile.get("old_nohash_0.wav"));
        assertEquals(Set.of(Issue.FORMAT), byFile.get("hi_nohash_0.wav"));
        assertEquals(Set.of(Issue.DURATION), byFile.get("short_nohash_0.wav"));
        assertEquals(Set.of(Issue.DURATION), byFile.get("long_nohash_0.wav"));
        assertEquals(Set.of(Issue.CLIPPED), byFile.get("loud_nohash_0.wav"));
        assertEquals(Set.of(Issue.SILENT), byFile.get("quiet_nohash_0.wav"));
        assertEquals(Set.of(Issue.DUPLICATE), byFile.get("zcopy_nohash_0.wav"));
        assertEquals(Set.of(Issue.NAME), byFile.get("noname.wav"));
        assertTrue(byFile.get("cut_nohash_0.wav").contains(Issue.TRUNCATED));
        assertEquals(Set.of(Issue.TRUNCATED), byFile.get("header_nohash_0.wav"));
        assertEquals(Set.of(Issue.NOT_WAV), byFile.get("notes_nohash_0.wav"));
        assertEquals(Set.of(Issue.NOT_WAV), byFile.get("empty_nohash_0.wav"));
        assertEquals(Set.of(Issue.FORMAT), byFile.get("hum.wav"), "background noise may be long but must be 16k mono");
        assertEquals(17, r.files());
        assertEquals(3, r.okPerWord().get("yes"), "good x2 + noname (warning only) are ok");
        assertTrue(r.findings().stream().filter(f -> f.issue() == Issue.DUPLICATE)
                .allMatch(f -> f.message().contains("good_nohash_0.wav")));
    }

    @Test
    void checkExitCodesAndSummary() throws IOException {
        Path src = oddDataset();
        CommandLine cl = new CommandLine(new DatasetCommand());
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        int bad;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            bad = cl.execute("check", src.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(1, bad);
        assertTrue(out.toString().contains("with problems"), out.toString());
        assertEquals(2, new CommandLine(new DatasetCommand()).execute("check", dir.resolve("missing").toString()));
        Files.createDirectories(dir.resolve("empty/yes"));
        assertEquals(2, new CommandLine(new DatasetCommand()).execute("check", dir.resolve("empty").toString()));
        assertThrows(DatasetException.class, () -> DatasetChecker.check(dir.resolve("empty")));
    }

    @Test
    void convertRepairsOddFormatsAndSkipsBrokenFiles() throws IOException {
        Path src = oddDataset();
        Path dst = dir.resolve("dst");
        DatasetConverter.Report r = DatasetConverter.convert(src, dst);
        Set<String> skipped = r.skipped().stream().map(f -> f.path().getFileName().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("header_nohash_0.wav", "notes_nohash_0.wav", "empty_nohash_0.wav", "rambling_nohash_0.wav",
                "cut_nohash_0.wav"), skipped);
        assertTrue(r.skipped().stream().anyMatch(f -> f.issue() == Issue.TRUNCATED && f.path().endsWith("cut_nohash_0.wav")));
        assertTrue(r.skipped().stream().anyMatch(f -> f.message().contains("more than 1 s")));
        for (String f : new String[] {"cd_nohash_0.wav", "old_nohash_0.wav", "hi_nohash_0.wav", "short_nohash_0.wav",
                "long_nohash_0.wav"}) {
            WavInfo info = WavFile.probe(dst.resolve("yes").resolve(f));
            assertTrue(info.isLayoutFormat(), f + " " + info.describe());
            assertEquals(16000, info.frames(), f);
        }
        // The 44.1 kHz stereo word survives resampling: same tone, speech kept in the window.
        float[] cd = WavFile.readMono(dst.resolve("yes/cd_nohash_0.wav"), null);
        float peak = 0;
        for (float v : cd) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(0.75 * 0.5, peak, 0.05, "stereo (1 + 0.5)/2 down-mix");
        // Long clip: the burst at 1.2-1.6 s is inside the cut window.
        float[] lng = WavFile.readMono(dst.resolve("yes/long_nohash_0.wav"), null);
        double e = 0;
        for (float v : lng) {
            e += v * v;
        }
        assertTrue(e > 100, "speech kept");
        WavInfo hum = WavFile.probe(dst.resolve("_background_noise_/hum.wav"));
        assertTrue(hum.isLayoutFormat());
        assertEquals(2.0, hum.durationSeconds(), 0.01);
        assertEquals(6, r.copied(), "good x2, noname, copy, loud, quiet are already 1 s 16 kHz mono PCM16");
        // Converted folder loads, and check finds no format problems any more.
        DatasetIndex.load(dst);
        DatasetChecker.Report after = DatasetChecker.check(dst);
        assertTrue(after.findings().stream().noneMatch(f -> f.issue() == Issue.FORMAT || f.issue() == Issue.NOT_WAV
                || f.issue() == Issue.TRUNCATED), after.findings().toString());
        // Resumable: a second run keeps everything.
        DatasetConverter.Report again = DatasetConverter.convert(src, dst);
        assertEquals(0, again.converted() + again.copied());
        assertEquals(1, new CommandLine(new DatasetCommand()).execute("convert", src.toString(), dir.resolve("d2").toString()));
    }
}
