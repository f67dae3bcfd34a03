package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.TestSupport;
import dev.tinykws.features.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AudioIOTest {

    @TempDir
    Path dir;

    @Test
    void pcm16RoundTripIsExactWithX_equals_s_over_32768() {
        float[] x = new float[1000];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) r.nextInt(65536) / 32768f;
        }
        x[0] = -1f;
        x[1] = 32767 / 32768f;
        Path p = dir.resolve("a.wav");
        AudioIO.writeWav16(p, x, 16000);
        assertEquals(44 + 2000, p.toFile().length());
        assertArrayEquals(x, AudioIO.readMono16k(p));
        AudioInfo info = AudioIO.probe(p);
        assertEquals(new AudioInfo("WAV", AudioInfo.Encoding.PCM_SIGNED, 16000, 1, 16, 1000), info);
        assertTrue(info.isCanonical());
    }

    @Test
    void writingClampsAndRounds() {
        Path p = dir.resolve("c.wav");
        AudioIO.writeWav16(p, new float[] {2f, -2f, 0.5f / 32768f, -1.4f / 32768f, Float.NaN}, 16000);
        float[] back = AudioIO.readMono(p);
        assertArrayEquals(new float[] {32767 / 32768f, -1f, 1 / 32768f, -1 / 32768f, 0f}, back);
    }

    @Test
    void fixturesAreCanonicalOneSecondClips() {
        for (Path p : Fixtures.copyTo(dir)) {
            AudioInfo info = AudioIO.probe(p);
            assertTrue(info.isCanonical(), p + ": " + info.describe());
            assertEquals(16000, info.frames());
            assertEquals(16000, AudioIO.readMono16k(p).length);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,8,false", "1,16,false", "1,24,false", "1,32,false", "3,32,true", "3,64,true", "65534,24,false", "65534,32,true"})
    void everyPcmAndFloatLayoutDecodesToTheSameSignal(int tag, int bits, boolean isFloat) throws IOException {
        // stereo, left = s, right = s/2 (so the mono mix is 0.75 s), at 16 kHz
        double[] mono = new double[800];
        double[] inter = new double[1600];
        for (int i = 0; i < mono.length; i++) {
            mono[i] = 0.6 * Math.sin(2 * Math.PI * 440 * i / 16000.0);
            inter[2 * i] = mono[i];
            inter[2 * i + 1] = mono[i] / 2;
        }
        int sub = isFloat ? 3 : 1;
        Path p = dir.resolve("f" + tag + "_" + bits + ".wav");
        Files.write(p, TestSupport.wav(tag, sub, 2, 16000, bits, TestSupport.encode(inter, bits, isFloat)));
        AudioInfo info = AudioIO.probe(p);
        assertEquals(2, info.channels());
        assertEquals(bits, info.bitsPerSample());
        assertEquals(800, info.frames());
        assertEquals(isFloat ? AudioInfo.Encoding.FLOAT : bits == 8 ? AudioInfo.Encoding.PCM_UNSIGNED : AudioInfo.Encoding.PCM_SIGNED,
                info.encoding());
        float[] got = AudioIO.readMono16k(p);
        double tol = bits == 8 ? 1.0 / 128 : 1e-4;
        for (int i = 0; i < mono.length; i++) {
            assertEquals(0.75 * mono[i], got[i], tol, "sample " + i);
        }
    }

    @Test
    void resampled44kStereoMatchesThe16kMonoOriginal() throws IOException {
        // a band-limited signal (tones up to 3.5 kHz) synthesized at both rates
        double[] f = {150, 440, 1234, 2500, 3500};
        double[] a = {0.2, 0.15, 0.1, 0.08, 0.05};
        int n44 = 44100;
        double[] inter = new double[2 * n44];
        for (int i = 0; i < n44; i++) {
            double s = 0;
            for (int k = 0; k < f.length; k++) {
                s += a[k] * Math.sin(2 * Math.PI * f[k] * i / 44100.0 + k);
            }
            inter[2 * i] = s * 1.2;
            inter[2 * i + 1] = s * 0.8;
        }
        Path p = dir.resolve("s44.wav");
        Files.write(p, TestSupport.wav(1, 1, 2, 44100, 16, TestSupport.encode(inter, 16, false)));
        float[] got = AudioIO.readMono16k(p);
        assertEquals(16000, got.length);
        double err = 0;
        double sig = 0;
        for (int i = 200; i < 16000 - 200; i++) { // skip the filter's edge transients
            double s = 0;
            for (int k = 0; k < f.length; k++) {
                s += a[k] * Math.sin(2 * Math.PI * f[k] * i / 16000.0 + k);
            }
            err += (got[i] - s) * (got[i] - s);
            sig += s * s;
        }
        double snr = 10 * Math.log10(sig / err);
        assertTrue(snr > 50, "SNR " + snr + " dB");
    }

    @Test
    void soxResampledFixtureComesBackCloseToTheOriginal() throws Exception {
        TestSupport.requireTool("sox");
        Path orig = Fixtures.copyTo(dir).get(0);
        Path up = dir.resolve("up.wav");
        TestSupport.run("sox", "-D", orig.toString(), "-r", "44100", "-c", "2", "-b", "24", up.toString());
        assertEquals(new AudioInfo("WAV", AudioInfo.Encoding.PCM_SIGNED, 44100, 2, 24, 44100).sampleRate(),
                AudioIO.probe(up).sampleRate());
        float[] a = AudioIO.readMono16k(orig);
        float[] b = AudioIO.readMono16k(up);
        assertEquals(a.length, b.length);
        double err = 0;
        double sig = 0;
        for (int i = 100; i < a.length - 100; i++) {
            err += (a[i] - b[i]) * (a[i] - b[i]);
            sig += a[i] * a[i];
        }
        double snr = 10 * Math.log10(sig / err);
        assertTrue(snr > 30, "SNR " + snr + " dB");
    }

    @Test
    void fileSourceStreamsTheSameSamplesAsTheBatchReader() throws IOException {
        double[] inter = new double[2 * 30000];
        Random r = new Random(9);
        for (int i = 0; i < inter.length; i++) {
            inter[i] = 0.3 * r.nextGaussian();
        }
        Path p = dir.resolve("s22.wav");
        Files.write(p, TestSupport.wav(1, 1, 2, 22050, 16, TestSupport.encode(inter, 16, false)));
        float[] batch = AudioIO.readMono16k(p);
        float[] streamed = new float[batch.length + 100];
        int n = 0;
        try (FileAudioSource s = new FileAudioSource(p)) {
            assertEquals(16000, s.sampleRate());
            int got;
            while ((got = s.read(streamed, n, 1 + r.nextInt(700))) >= 0) {
                n += got;
            }
        }
        assertEquals(batch.length, n);
        assertArrayEquals(batch, Arrays.copyOf(streamed, n));

        Path q = dir.resolve("m16.wav");
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) r.nextInt(65536) / 32768f;
        }
        AudioIO.writeWav16(q, x, 16000);
        float[] y = new float[6000];
        int m = 0;
        try (FileAudioSource s = new FileAudioSource(q)) {
            int got;
            while ((got = s.read(y, m, 333)) >= 0) {
                m += got;
            }
        }
        assertArrayEquals(x, Arrays.copyOf(y, m));
    }

    @Test
    void extraChunksAndOddPaddingAreSkipped() throws IOException {
        byte[] plain = TestSupport.wav(1, 1, 1, 16000, 16, TestSupport.encode(new double[] {0.5, -0.25}, 16, false));
        // insert a 3-byte "LIST" chunk (+1 pad byte) between fmt and data
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        byte[] withList = new byte[plain.length + list.length];
        System.arraycopy(plain, 0, withList, 0, 36);
        System.arraycopy(list, 0, withList, 36, list.length);
        System.arraycopy(plain, 36, withList, 36 + list.length, plain.length - 36);
        Path p = dir.resolve("list.wav");
        Files.write(p, withList);
        assertArrayEquals(new float[] {0.5f, -0.25f}, AudioIO.readMono16k(p));
    }

    @Test
    void aiffAndAuAreReadThroughJavaSound() throws Exception {
        short[] pcm = {0, 16384, -16384, 32767, -32768, 5};
        byte[] be = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            be[2 * i] = (byte) (pcm[i] >> 8);
            be[2 * i + 1] = (byte) pcm[i];
        }
        javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(16000f, 16, 1, true, true);
        for (var type : List.of(javax.sound.sampled.AudioFileFormat.Type.AIFF, javax.sound.sampled.AudioFileFormat.Type.AU)) {
            Path p = dir.resolve("x." + type.getExtension());
            try (var ais = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(be), fmt, pcm.length)) {
                javax.sound.sampled.AudioSystem.write(ais, type, p.toFile());
            }
            AudioInfo info = AudioIO.probe(p);
            assertEquals(type == javax.sound.sampled.AudioFileFormat.Type.AIFF ? "AIFF" : "AU", info.container());
            assertEquals(pcm.length, info.frames());
            float[] got = AudioIO.readMono16k(p);
            for (int i = 0; i < pcm.length; i++) {
                assertEquals(pcm[i] / 32768f, got[i], 0f, type + " sample " + i);
            }
        }
    }

    // ---- bad files: one exception type, naming the file and the problem ----

    @Test
    void emptyFile() throws IOException {
        Path p = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertBad(p, "is empty (0 bytes)");
    }

    @Test
    void missingFileAndDirectory() {
        assertBad(dir.resolve("nope.wav"), "does not exist");
        assertBad(dir, "is a directory");
    }

    @Test
    void notAWav() throws IOException {
        Path p = Files.writeString(dir.resolve("text.wav"), "hello, I am text");
        assertBad(p, "is not a WAV file (it starts with \"hell\")");
        Path riff = Files.write(dir.resolve("avi.wav"), "RIFF\0\0\0\0AVI LIST".getBytes());
        assertBad(riff, "is a RIFF file but not WAVE");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] ok = TestSupport.wav(1, 1, 1, 16000, 16, new byte[3200]);
        Path p = Files.write(dir.resolve("trunc.wav"), Arrays.copyOf(ok, ok.length - 1000));
        assertBad(p, "is truncated: its header declares 3200 bytes of audio but only 2200 bytes follow");
        Path header = Files.write(dir.resolve("header.wav"), Arrays.copyOf(ok, 30));
        assertBad(header, "truncated");
        Path noData = Files.write(dir.resolve("nodata.wav"), Arrays.copyOf(ok, 36));
        assertBad(noData, "no 'data' chunk");
    }

    @Test
    void noSamples() throws IOException {
        Path p = Files.write(dir.resolve("zero.wav"), TestSupport.wav(1, 1, 1, 16000, 16, new byte[0]));
        assertBad(p, "contains no audio (0 samples)");
    }

    @Test
    void absurdHeaders() throws IOException {
        assertBad(Files.write(dir.resolve("ch.wav"), TestSupport.wav(1, 1, 0, 16000, 16, new byte[4])), "declares 0 channels");
        assertBad(Files.write(dir.resolve("rate.wav"), TestSupport.wav(1, 1, 1, 5, 16, new byte[4])), "sample rate of 5 Hz");
        assertBad(Files.write(dir.resolve("bits.wav"), TestSupport.wav(1, 1, 1, 16000, 12, new byte[4])), "12-bit PCM");
        assertBad(Files.write(dir.resolve("mp3.wav"), TestSupport.wav(0x55, 0, 1, 16000, 16, new byte[4])), "(MP3)");
        assertBad(Files.write(dir.resolve("f16.wav"), TestSupport.wav(3, 0, 1, 16000, 16, new byte[4])), "16-bit float");
        byte[] b = TestSupport.wav(1, 1, 2, 16000, 16, new byte[8]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 3); // block align
        assertBad(Files.write(dir.resolve("align.wav"), b), "inconsistent header: block align 3");
    }

    @Test
    void dataBeforeFmt() throws IOException {
        byte[] b = {'R', 'I', 'F', 'F', 20, 0, 0, 0, 'W', 'A', 'V', 'E', 'd', 'a', 't', 'a', 2, 0, 0, 0, 1, 2};
        assertBad(Files.write(dir.resolve("order.wav"), b), "'data' chunk before the 'fmt ' chunk");
    }

    @Test
    void fileSourceReportsBadFilesToo() throws IOException {
        Path p = Files.writeString(dir.resolve("x.wav"), "nope");
        FeatureException e = assertThrows(FeatureException.class, () -> new FileAudioSource(p));
        assertTrue(e.getMessage().contains(p.toString()));
    }

    private static void assertBad(Path p, String expected) {
        FeatureException e = assertThrows(FeatureException.class, () -> AudioIO.readMono16k(p));
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' lacks '" + expected + "'");
        assertThrows(FeatureException.class, () -> AudioIO.probe(p));
    }
}
