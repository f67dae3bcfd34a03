package dev.tinykws.distill;

import dev.tinykws.features.audio.AudioIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class UnlabeledAudioTest {

    @Test
    void cutsOneSecondWindowsAndSkipsBadFiles(@TempDir Path dir) throws Exception {
        float[] long3s = new float[48000];
        for (int i = 0; i < long3s.length; i++) {
            long3s[i] = (float) Math.sin(i * 0.01) * 0.1f * (i / 16000 + 1);
        }
        Files.createDirectories(dir.resolve("room/sub"));
        AudioIO.writeWav16(dir.resolve("room/a.wav"), long3s, 16000);
        AudioIO.writeWav16(dir.resolve("room/sub/short.wav"), new float[8000], 16000);
        float[] at8k = new float[8000];
        java.util.Arrays.fill(at8k, 0.05f);
        AudioIO.writeWav16(dir.resolve("room/sub/rate8k.wav"), at8k, 8000);   // 1 s at 8 kHz: resampled
        Files.writeString(dir.resolve("room/broken.wav"), "not a wav file");
        Files.writeString(dir.resolve("room/notes.txt"), "ignored");

        UnlabeledAudio u = new UnlabeledAudio(dir, UnlabeledAudio.DEFAULT_HOP);
        UnlabeledAudio.Scan scan = u.scan();
        assertEquals(3, scan.files().size(), scan.toString());
        assertEquals(1, scan.skipped().size());
        assertTrue(scan.skipped().get(0).contains("broken.wav"));
        assertEquals(5 + 1 + 1, scan.windows(), "3 s at a 0.5 s hop gives 5 windows, each short file one");

        List<float[]> got = new ArrayList<>();
        assertEquals(7, u.forEachWindow(scan, 1, 100, got::add));
        assertTrue(got.stream().allMatch(w -> w.length == 16000));
        // the second window of a.wav starts 0.5 s in
        assertEquals(AudioIO.readMono16k(dir.resolve("room/a.wav"))[8000], got.get(1)[0], 1e-6);
        // the stride and the cap
        List<float[]> few = new ArrayList<>();
        assertEquals(2, u.forEachWindow(scan, 3, 2, few::add));
        assertEquals(got.get(3)[100], few.get(1)[100], 1e-6);
    }

    /** A 2-hour stream, never held in memory: sample i is (i mod 20011) / 40000. */
    @Test
    void streamsWindowsOfARecordingOfAnyLength() {
        long length = 2L * 3600 * 16000;
        dev.tinykws.features.audio.AudioSource twoHours = new dev.tinykws.features.audio.AudioSource() {
            long pos;

            @Override
            public int sampleRate() {
                return 16000;
            }

            @Override
            public int read(float[] buf, int off, int len) {
                if (pos >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - pos);
                for (int i = 0; i < n; i++) {
                    buf[off + i] = ((pos + i) % 20011) / 40000f;
                }
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        int hop = 8000;
        int stride = 1000;   // a window every 500 s
        long[] k = {0};
        List<float[]> got = new ArrayList<>();
        int n = UnlabeledAudio.windows(twoHours, hop, stride, 100, k, got::add);
        long windows = UnlabeledAudio.windowCount((int) length, hop);
        assertEquals(windows, k[0], "every window counted");
        assertEquals((windows + stride - 1) / stride, n);
        for (int w = 0; w < got.size(); w++) {
            long start = (long) w * stride * hop;
            float[] x = got.get(w);
            assertEquals(16000, x.length);
            for (int i : new int[]{0, 1, 8000, 15999}) {
                assertEquals(((start + i) % 20011) / 40000f, x[i], 0f, "window " + w + " sample " + i);
            }
        }
    }

    @Test
    void clearErrorsForNoAudio(@TempDir Path dir) throws Exception {
        assertThrows(DistillException.class, () -> new UnlabeledAudio(dir.resolve("missing"), 8000));
        Files.writeString(dir.resolve("x.wav"), "junk");
        DistillException e = assertThrows(DistillException.class, () -> new UnlabeledAudio(dir, 8000).scan());
        assertTrue(e.getMessage().contains("no readable WAV"), e.getMessage());
        assertEquals(0, UnlabeledAudio.windowCount(0, 8000));
        assertEquals(1, UnlabeledAudio.windowCount(16000, 8000));
        assertEquals(3, UnlabeledAudio.windowCount(32000, 8000));
    }
}
