package dev.tinykws.cli;

import dev.tinykws.cli.CliRun.Out;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.teacher.SpeechEmbedding;
import dev.tinykws.teacher.SharedEmbedding;
import dev.tinykws.teacher.TeacherPackage;
import dev.tinykws.teacher.TeacherTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host model package (a small teacher head trained here on the bundled clips) through
 * {@code evaluate}, {@code detect}, {@code detect --verify-with} and {@code eval-stream}, like a
 * device package.
 */
class TeacherCommandsTest {

    @TempDir
    static Path tmp;
    static Path teacher;
    static Path data;
    static Path stream;
    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");

    @BeforeAll
    static void setUp() throws Exception {
        float[] yes = fixture("yes_en-us");
        float[] no = fixture("no_en-gb");
        float[] go = fixture("go_en-sc");
        float[] stop = fixture("stop_en-us-f");
        // training clips: each word shifted and scaled, plus noise as silence
        List<float[]> clips = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Random r = new Random(3);
        float[][] words = {yes, no, go, stop};
        int[] wordLabel = {2, 3, 1, 1};
        for (int w = 0; w < words.length; w++) {
            for (int v = 0; v < 6; v++) {
                clips.add(variant(words[w], (v - 3) * 800, 0.5f + 0.2f * v, r));
                labels.add(wordLabel[w]);
            }
        }
        for (int v = 0; v < 8; v++) {
            clips.add(variant(new float[16000], 0, 1, r));
            labels.add(0);
        }
        SpeechEmbedding emb = SharedEmbedding.get();
        float[][] x = emb.clipFeatures(clips);
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        TeacherTrainer.Result res = TeacherTrainer.train(x, y, x, y, LABELS.size(),
                new TeacherTrainer.Options(32, 0.1f, 60, 16, 3e-3f, 0, 1));
        teacher = tmp.resolve("model").resolve("teacher");
        TeacherPackage.write(teacher, "teacher", LABELS, res.head(), new double[]{0.1, 0.3, 0.3, 0.3},
                new DetectorConfig(250, 0.5, 1000, 1, 8), emb.modelSha256(), Map.of(), Map.of());

        data = tmp.resolve("data");
        String[][] files = {{"yes", "yes_en-us"}, {"no", "no_en-gb"}, {"go", "go_en-sc"}, {"stop", "stop_en-us-f"}};
        for (String[] c : files) {
            float[] a = fixture(c[1]);
            for (String speaker : new String[]{"aaaa0001", "bbbb0002"}) {
                Path p = data.resolve(c[0]).resolve(speaker + "_nohash_0.wav");
                Files.createDirectories(p.getParent());
                AudioIO.writeWav16(p, Arrays.copyOf(a, 16000), 16000);
            }
        }
        Files.writeString(data.resolve("testing_list.txt"), "yes/bbbb0002_nohash_0.wav\nno/bbbb0002_nohash_0.wav\n"
                + "go/bbbb0002_nohash_0.wav\nstop/bbbb0002_nohash_0.wav\n");

        // 9 s: quiet noise, "yes" from 2 s, "no" from 6 s
        float[] s = new float[9 * 16000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextGaussian() * 0.002);
        }
        for (int i = 0; i < 16000; i++) {
            s[2 * 16000 + i] += yes[i];
            s[6 * 16000 + i] += no[i];
        }
        stream = tmp.resolve("stream.wav");
        AudioIO.writeWav16(stream, s, 16000);
    }

    static float[] variant(float[] x, int shift, float gain, Random r) {
        float[] y = new float[16000];
        for (int i = 0; i < y.length; i++) {
            int j = i - shift;
            float v = j >= 0 && j < x.length ? x[j] * gain : 0;
            y[i] = v + (float) (r.nextGaussian() * 0.002);
        }
        return y;
    }

    static float[] fixture(String name) throws Exception {
        try (InputStream in = TeacherCommandsTest.class.getResourceAsStream("/dev/tinykws/features/fixtures/" + name + ".wav")) {
            Path t = tmp.resolve(name + ".wav");
            Files.write(t, in.readAllBytes());
            return Arrays.copyOf(AudioIO.readMono16k(t), 16000);
        }
    }

    private static Out run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void evaluateTakesTheHostPackage() {
        Out o = run("evaluate", "--model", teacher.toString(), "--data", data.toString(), "--split", "all",
                "--out", tmp.resolve("eval").toString());
        assertEquals(0, o.code(), o.err());
        Matcher m = Pattern.compile("teacher accuracy ([0-9.]+)%").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertTrue(Double.parseDouble(m.group(1)) >= 75, o.out());
    }

    @Test
    void detectFindsTheKeywordsInAStream() {
        Out o = run("detect", "--model", teacher.toString(), "--input", stream.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"keyword\":\"yes\"") && tMs(l) >= 2300 && tMs(l) <= 3800),
                o.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"keyword\":\"no\"") && tMs(l) >= 6300 && tMs(l) <= 7800),
                o.out());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"t_ms\":")), o.out());
    }

    @Test
    void detectScoresAOneSecondFile() throws Exception {
        // the teacher's first score needs ≈ 2.03 s of stream: a 1-s file is put in the middle of it, and scored
        Path one = tmp.resolve("one-second-yes.wav");
        AudioIO.writeWav16(one, fixture("yes_en-us"), 16000);
        dev.tinykws.teacher.TeacherRuntime rt = dev.tinykws.teacher.TeacherRuntime.load(teacher);
        List<long[]> scored = new ArrayList<>();
        int yes = LABELS.indexOf("yes");
        try (dev.tinykws.features.audio.FileAudioSource src = new dev.tinykws.features.audio.FileAudioSource(one)) {
            dev.tinykws.detect.AudioDetection.Summary s = dev.tinykws.detect.AudioDetection.run(src, rt, d -> { },
                    (tMs, scores) -> scored.add(new long[]{tMs, scores[yes]}));
            assertEquals(16000, s.samples());
            assertTrue(s.inferences() >= 1, "no inference on a 1-s file");
        }
        // timestamps are in the file's time (the lead-in silence is not counted): the clip ends at 1 s
        assertTrue(scored.stream().anyMatch(x -> x[0] == 1000 && x[1] > 0), () -> "scores " + scored.stream()
                .map(Arrays::toString).toList());
        Out o = run("detect", "--model", teacher.toString(), "--input", one.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("\"keyword\":\"yes\""), o.out() + o.err());
    }

    @Test
    void verifyWithConfirmsRealKeywordsAndRejectsAWrongOne() {
        Out o = run("detect", "--model", teacher.toString(), "--input", stream.toString(), "--threshold", "0.3",
                "--verify-with", teacher.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.contains("\"verdict\":\"")
                && l.contains("\"verifier_score\":")), o.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"keyword\":\"yes\"") && l.contains("\"verdict\":\"confirmed\"")),
                o.out());
        // a crafted false detection: "yes" claimed where the stream says "no"
        dev.tinykws.monitor.verify.SecondStage stage = new dev.tinykws.monitor.verify.SecondStage(
                dev.tinykws.teacher.TeacherVerifier.load(teacher), 0.5, 16000, null);
        float[] audio = AudioIO.readMono16k(stream);
        assertEquals("rejected", stage.verify(7000, "yes", 0.9, audio).word());
        assertEquals("confirmed", stage.verify(7000, "no", 0.9, audio).word());
    }

    @Test
    void evalStreamTakesTheHostPackage() {
        Out o = run("eval-stream", "--model", teacher.toString(), "--data", data.toString(), "--length", "18s",
                "--split", "all", "--out", tmp.resolve("es").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("false accepts"), o.out());
        assertTrue(Files.isRegularFile(tmp.resolve("es").resolve("results.json")));
    }

    @Test
    void missingOrWrongModelsGiveClearErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Out o = run("detect", "--model", empty.toString(), "--input", stream.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("model.json"), o.err());
        o = run("detect", "--model", teacher.toString(), "--input", stream.toString(), "--verify-with", empty.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("cannot load the verifier"), o.err());
    }

    private static long tMs(String line) {
        Matcher m = Pattern.compile("\"t_ms\":(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
