package dev.tinykws.dataset.check;

import dev.tinykws.dataset.TestWavs;
import dev.tinykws.features.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, case 5: {@code dataset check} and {@code dataset convert} took a 2-hour WAV to 1.47 GB and
 * 1.0 GB of memory. Each runs here in a child JVM with a 64 MB heap on a dataset holding a 2-hour
 * recording (115 MB, 8 kHz mono, so convert also resamples it): both must finish.
 */
class LargeWavMemoryTest {
    static final long SECONDS = 2 * 3600;
    static final int RATE = 8000;

    @TempDir
    Path dir;

    /** A sparse 2-hour 8 kHz mono PCM16 WAV: a tone at the start, silence (holes) after. */
    static Path twoHours(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        long data = SECONDS * RATE * 2;
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt((int) (36 + data)).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt((int) data);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(h.array());
            byte[] tone = TestWavs.pcm(TestWavs.burst(RATE, RATE, 0, 1, 0.3, 200), RATE, 1, 16);
            f.write(tone, 44, tone.length - 44);
            f.setLength(44 + data);
        }
        return p;
    }

    private record Run(int code, String out) { }

    private static Run child(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), DatasetCliMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void checkAndConvertATwoHourWavIn64MbOfHeap() throws Exception {
        Path data = dir.resolve("data");
        TestWavs.write(data.resolve("yes/a_nohash_0.wav"), TestWavs.burst(16000, 16000, 0.3, 0.4, 0.5, 300), 16000, 1, 16);
        Path longWav = twoHours(data.resolve("_background_noise_/two-hours.wav"));
        assertTrue(Files.size(longWav) > 100_000_000L);

        Run check = child("check", data.toString());
        assertFalse(check.out().contains("OutOfMemoryError"), check.out());
        assertEquals(1, check.code(), check.out()); // the long file is 8 kHz: a FORMAT problem, reported
        assertTrue(check.out().contains("2 files, 1 with problems"), check.out());
        assertTrue(check.out().contains("two-hours.wav is 8000 Hz, 1 ch, PCM 16-bit"), check.out());

        Path out = dir.resolve("converted");
        Run convert = child("convert", data.toString(), out.toString());
        assertFalse(convert.out().contains("OutOfMemoryError"), convert.out());
        assertEquals(0, convert.code(), convert.out());
        assertEquals(SECONDS * 16000, WavFile.probe(out.resolve("_background_noise_/two-hours.wav")).frames());
    }
}
