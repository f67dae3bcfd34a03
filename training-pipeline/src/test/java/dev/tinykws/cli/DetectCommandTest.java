package dev.tinykws.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.detect.FakeModels;
import dev.tinykws.features.audio.AudioIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run detect(Path wav) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DetectCommand.detect(FakeModels.runtime(), wav, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stdoutIsOnlyJsonLines(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("long.wav");
        AudioIO.writeWav16(wav, FakeModels.streamWith(FakeModels.yesClip(), 10, 1.5, 6.0), 16000);
        Run r = detect(wav);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        ObjectMapper m = new ObjectMapper();
        for (String line : lines) {
            assertTrue(line.matches("\\{\"t_ms\":\\d+,\"keyword\":\"yes\",\"score\":[01]\\.\\d{3}}"), line);
            JsonNode n = m.readTree(line);
            assertEquals(Set.of("t_ms", "keyword", "score"), iterToSet(n));
        }
    }

    @Test
    void otherSampleRatesAreResampled(@TempDir Path dir) throws Exception {
        float[] s16 = FakeModels.streamWith(FakeModels.yesClip(), 6, 1.5);
        float[] s8 = new float[s16.length / 2];
        for (int i = 0; i < s8.length; i++) {
            s8[i] = (s16[2 * i] + s16[2 * i + 1]) / 2;
        }
        Path wav = dir.resolve("8k.wav");
        AudioIO.writeWav16(wav, s8, 8000);
        Run r = detect(wav);
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void corruptAndMissingFilesGiveAClearErrorAndNoStdout(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "this is not audio at all");
        Run r = detect(junk);
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("junk.wav") && r.err().contains("not a WAV"), r.err());

        Path missing = dir.resolve("missing.wav");
        r = detect(missing);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());

        // a truncated WAV: header says more data than the file holds
        Path good = dir.resolve("good.wav");
        AudioIO.writeWav16(good, FakeModels.streamWith(FakeModels.yesClip(), 3, 1.0), 16000);
        byte[] b = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        r = detect(cut);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("truncated"), r.err());
    }

    private static Set<String> iterToSet(JsonNode n) {
        java.util.Set<String> s = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
