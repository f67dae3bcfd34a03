package dev.tinykws.dataset.record;

import dev.tinykws.dataset.cli.DatasetCommand;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.TestWavs;
import dev.tinykws.features.audio.WavFile;
import dev.tinykws.features.audio.WavInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RecorderTest {

    @TempDir
    Path dir;

    /** 20 s: words at 1.0, 3.0 and 16.0 s, a clipped word at 5.0 s, silence 6-16 s, a 1.8 s ramble at 18 s. */
    static float[] session() {
        int n = 20 * 16000;
        float[] x = new float[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.001 * r.nextGaussian());
        }
        add(x, TestWavs.burst(n, 16000, 1.0, 0.4, 0.3, 220));
        add(x, TestWavs.burst(n, 16000, 3.0, 0.5, 0.25, 180));
        add(x, TestWavs.burst(n, 16000, 5.0, 0.4, 2.5, 200));
        add(x, TestWavs.burst(n, 16000, 16.0, 0.4, 0.3, 260));
        add(x, TestWavs.burst(n, 16000, 18.0, 1.8, 0.3, 240));
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(-1f, Math.min(32767f / 32768f, x[i]));
        }
        return x;
    }

    static void add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    static Recorder.SampleSource source(float[] x, int block) {
        int[] pos = {0};
        return (buf, off, len) -> {
            if (pos[0] >= x.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, block), x.length - pos[0]);
            System.arraycopy(x, pos[0], buf, off, n);
            pos[0] += n;
            return n;
        };
    }

    @Test
    void findsWordsAtKnownTimesAndRejectsSilentClippedAndLongTakes() {
        List<String> prompts = new ArrayList<>();
        Recorder rec = new Recorder("hey tiny", "hey_tiny", "alice", dir, 4.0, prompts::add);
        List<Recorder.Take> takes = rec.record(source(session(), 123), 10, 50);
        List<Recorder.Take> ok = takes.stream().filter(Recorder.Take::ok).toList();
        assertEquals(3, ok.size(), takes.toString());
        double[] starts = {1.0, 3.0, 16.0};
        double[] ends = {1.4, 3.5, 16.4};
        for (int i = 0; i < 3; i++) {
            assertEquals(starts[i], ok.get(i).startS(), 0.08, "start of word " + i);
            assertEquals(ends[i], ok.get(i).endS(), 0.12, "end of word " + i);
            assertEquals("alice_nohash_" + i + ".wav", ok.get(i).file().getFileName().toString());
        }
        List<String> reasons = takes.stream().filter(t -> !t.ok()).map(Recorder.Take::rejected).toList();
        assertEquals(1, reasons.stream().filter(s -> s.contains("clipped")).count(), reasons.toString());
        assertEquals(2, reasons.stream().filter(s -> s.contains("silent take")).count(), reasons.toString());
        assertEquals(1, reasons.stream().filter(s -> s.contains("too long")).count(), reasons.toString());
        assertEquals(7, takes.size());
        assertTrue(prompts.get(0).contains("say \"hey tiny\""));

        // Each saved clip is a layout clip with the word centred.
        WavInfo info = WavFile.probe(ok.get(0).file());
        assertTrue(info.isLayoutFormat());
        assertEquals(16000, info.frames());
        float[] clip = WavFile.readMono(ok.get(0).file(), null);
        double first = 0, middle = 0;
        for (int i = 0; i < 4000; i++) {
            first += clip[i] * clip[i];
        }
        for (int i = 6000; i < 10000; i++) {
            middle += clip[i] * clip[i];
        }
        assertTrue(middle > 100 * first, "word in the middle of the window");
        assertEquals(3, DatasetIndex.load(dir).all().size());
    }

    @Test
    void resumesNumberingAndStopsAtTheCount() {
        Recorder rec = new Recorder("yes", "yes", "bob-2", dir, 4.0, s -> { });
        assertEquals(2, rec.record(source(session(), 16000), 2, 50).stream().filter(Recorder.Take::ok).count());
        List<Recorder.Take> more = rec.record(source(session(), 16000), 1, 50);
        assertEquals("bob-2_nohash_2.wav", more.get(0).file().getFileName().toString());
        assertThrows(DatasetException.class, () -> new Recorder("yes", "yes", "a_nohash_b", dir, 4, s -> { }));
        assertThrows(DatasetException.class, () -> new Recorder("yes", "yes", "with space", dir, 4, s -> { }));
    }

    @Test
    void commandReadsAFileInsteadOfTheMicrophone() throws IOException {
        Path in = TestWavs.write(dir.resolve("long.wav"), session(), 16000, 1, 16);
        Path out = dir.resolve("ds");
        int rc = new CommandLine(new DatasetCommand()).execute("record", "--keyword", "hey tiny", "--count", "3",
                "--out", out.toString(), "--speaker", "carol", "--input", in.toString());
        assertEquals(0, rc);
        try (var s = Files.list(out.resolve("hey_tiny"))) {
            assertEquals(3, s.count());
        }
        float[] silence = new float[16000 * 9];
        Path quiet = TestWavs.write(dir.resolve("quiet.wav"), silence, 16000, 1, 16);
        assertEquals(1, new CommandLine(new DatasetCommand()).execute("record", "--keyword", "yes", "--count", "1",
                "--out", out.toString(), "--speaker", "carol", "--input", quiet.toString()));
        assertFalse(Files.exists(out.resolve("yes")));
    }
}
