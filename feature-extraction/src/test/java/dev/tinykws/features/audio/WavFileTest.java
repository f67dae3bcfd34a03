package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one RIFF/WAVE parser ({@link WavFile}) and writer ({@link WavWriter}): the probe describes what
 * a header declares and what is present (the readers refuse what they cannot decode), the block scan
 * decodes the same samples as the readers, and both writers write the same bytes.
 */
class WavFileTest {
    @TempDir
    Path dir;

    private static byte[] pcm16(int frames) {
        double[] x = new double[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = 0.4 * Math.sin(2 * Math.PI * 300 * i / 16000.0);
        }
        return TestSupport.wav(1, 1, 1, 16000, 16, TestSupport.encode(x, 16, false));
    }

    @Test
    void probeReportsWhatTheHeaderDeclaresAndWhatIsPresent() throws Exception {
        byte[] full = pcm16(16000);
        Path ok = Files.write(dir.resolve("ok.wav"), full);
        WavInfo info = WavFile.probe(ok);
        assertEquals(new WavInfo(1, 1, 16000, 16, 2, 16, 44, 32000, 32000, 0), info);
        assertTrue(info.isLayoutFormat());
        assertEquals(16000, info.frames());
        assertEquals("16000 Hz, 1 ch, PCM 16-bit", info.describe());

        // truncated: described, not thrown; the readers refuse it with the same numbers
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(full, 44 + 20000));
        WavInfo t = WavFile.probe(cut);
        assertTrue(t.truncated());
        assertEquals(32000, t.declaredBytes());
        assertEquals(20000, t.presentBytes());
        FeatureException e = assertThrows(FeatureException.class, () -> AudioIO.probe(cut));
        assertTrue(e.getMessage().contains("is truncated: its header declares 32000 bytes of audio but only 20000 bytes follow"),
                e.getMessage());

        // an odd-length data chunk: a stray byte, not a truncation
        byte[] odd = Arrays.copyOf(full, 44 + 31999);
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 31999).putInt(4, 36 + 31999);
        WavInfo o = WavFile.probe(Files.write(dir.resolve("odd.wav"), odd));
        assertFalse(o.truncated());
        assertEquals(1, o.strayBytes());
        assertEquals(15999, o.frames());

        // a streaming header (0xFFFFFFFF): the rest of the file
        byte[] stream = full.clone();
        ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        WavInfo s = WavFile.probe(Files.write(dir.resolve("stream.wav"), stream));
        assertFalse(s.truncated());
        assertEquals(16000, s.frames());
    }

    @Test
    void probeDescribesFormatsTheReadersRefuse() throws Exception {
        Path p = Files.write(dir.resolve("twelve.wav"), TestSupport.wav(1, 1, 1, 16000, 12, new byte[3200]));
        assertEquals("16000 Hz, 1 ch, PCM 12-bit", WavFile.probe(p).describe());
        FeatureException e = assertThrows(FeatureException.class, () -> AudioIO.probe(p));
        assertTrue(e.getMessage().contains("12-bit PCM"), e.getMessage());
        Path mp3 = Files.write(dir.resolve("mp3.wav"), TestSupport.wav(0x55, 0, 1, 16000, 16, new byte[4]));
        assertEquals(0x55, WavFile.probe(mp3).formatTag());
        e = assertThrows(FeatureException.class, () -> WavFile.scan(mp3, WavFile.probe(mp3), (b, n) -> { }));
        assertTrue(e.getMessage().contains("unsupported WAV encoding (16000 Hz, 1 ch, format 0x55 16-bit)"), e.getMessage());
    }

    @Test
    void structuralProblemsAreThrownWithTheReason() throws Exception {
        byte[] full = pcm16(1600);
        assertBad(Files.write(dir.resolve("empty.wav"), new byte[0]), "is empty (0 bytes)");
        assertBad(Files.writeString(dir.resolve("text.wav"), "hello, I am text"), "is not a WAV file (it starts with \"hell\")");
        assertBad(Files.write(dir.resolve("header.wav"), Arrays.copyOf(full, 30)), "is truncated inside its 'fmt ' chunk");
        assertBad(Files.write(dir.resolve("nodata.wav"), Arrays.copyOf(full, 36)), "no 'data' chunk");
        byte[] order = {'R', 'I', 'F', 'F', 20, 0, 0, 0, 'W', 'A', 'V', 'E', 'd', 'a', 't', 'a', 2, 0, 0, 0, 1, 2};
        assertBad(Files.write(dir.resolve("order.wav"), order), "'data' chunk before the 'fmt ' chunk");
        assertBad(Files.write(dir.resolve("ch.wav"), TestSupport.wav(1, 1, 0, 16000, 16, new byte[4])),
                "invalid 'fmt ' chunk (0 channels, 16000 Hz, 16 bits)");
        assertBad(dir.resolve("missing.wav"), "does not exist");
        assertBad(dir, "is a directory");
    }

    private static void assertBad(Path p, String expected) {
        FeatureException e = assertThrows(FeatureException.class, () -> WavFile.probe(p));
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @ParameterizedTest
    @CsvSource({"1,8,false", "1,16,false", "1,24,false", "1,32,false", "3,32,true", "3,64,true", "65534,24,false"})
    void scanAndInMemoryDecodingMatchTheReader(int tag, int bits, boolean isFloat) throws Exception {
        double[] inter = new double[2 * 3000];
        Random r = new Random(bits);
        for (int i = 0; i < inter.length; i++) {
            inter[i] = 0.3 * r.nextGaussian();
        }
        byte[] bytes = TestSupport.wav(tag, isFloat ? 3 : 1, 2, 16000, bits, TestSupport.encode(inter, bits, isFloat));
        Path p = Files.write(dir.resolve("x.wav"), bytes);
        WavInfo info = WavFile.probe(p);
        float[] scanned = new float[inter.length];
        int[] n = {0};
        assertEquals(0, WavFile.scan(p, info, (block, k) -> {
            System.arraycopy(block, 0, scanned, n[0], k);
            n[0] += k;
        }));
        assertEquals(inter.length, n[0]);
        assertArrayEquals(scanned, WavFile.decodeInterleaved(p, bytes, null));
        float[] reader = AudioIO.readMono(p);
        float[] mono = WavFile.decodeMono(p, bytes, null);
        assertEquals(reader.length, mono.length);
        for (int i = 0; i < mono.length; i++) {
            assertEquals(reader[i], mono[i], 1e-7f, "sample " + i); // same decoder; down-mix s/2 vs s·0.5
            assertEquals((scanned[2 * i] + scanned[2 * i + 1]) / 2, mono[i], 0f);
        }
    }

    @Test
    void scanCountsNanAndInfinityAsZero() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0.5f).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY).putFloat(-0.25f);
        Path p = Files.write(dir.resolve("nan.wav"), TestSupport.wav(3, 3, 1, 16000, 32, b.array()));
        float[] got = new float[4];
        assertEquals(2, WavFile.scan(p, WavFile.probe(p), (block, k) -> System.arraycopy(block, 0, got, 0, k)));
        assertArrayEquals(new float[] {0.5f, 0f, 0f, -0.25f}, got);
    }

    @Test
    void theStreamingWriterWritesTheSameBytesAsTheWholeSignalWriter() throws Exception {
        float[] x = new float[20000];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * r.nextGaussian());
        }
        Path whole = dir.resolve("whole.wav");
        AudioIO.writeWav16(whole, x, 16000);
        Path streamed = dir.resolve("streamed.wav");
        try (WavWriter w = new WavWriter(streamed, 16000)) {
            for (int off = 0; off < x.length; off += 777) {
                int n = Math.min(777, x.length - off);
                w.write(Arrays.copyOfRange(x, off, off + n), n);
            }
            assertEquals(x.length, w.samples());
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed));
        assertArrayEquals(Files.readAllBytes(whole), AudioIO.wavBytes(AudioIO.toPcm16(x), 16000, 1));
        assertEquals(new WavInfo(1, 1, 16000, 16, 2, 16, 44, 40000, 40000, 0), WavFile.probe(streamed));
    }

    @Test
    void closingAWriterTwiceKeepsTheFileAndWritingAfterCloseSaysSo() throws Exception {
        Path f = dir.resolve("twice.wav");
        WavWriter w = new WavWriter(f, 16000);
        w.write(new float[] {0.25f, -0.5f, 0f}, 3);
        w.close();
        byte[] once = Files.readAllBytes(f);
        w.close(); // was: "cannot write WAV file ...: null" (ClosedChannelException)
        assertArrayEquals(once, Files.readAllBytes(f));
        assertEquals(44 + 6, once.length);
        FeatureException e = assertThrows(FeatureException.class, () -> w.write(new float[1], 1));
        assertTrue(e.getMessage().contains("already closed") && e.getMessage().contains(f.toString()), e.getMessage());
    }
}
