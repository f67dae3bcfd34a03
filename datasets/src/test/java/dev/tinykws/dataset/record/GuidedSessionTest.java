package dev.tinykws.dataset.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.TestWavs;
import dev.tinykws.dataset.io.ClipAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidedSessionTest {

    @TempDir
    Path dir;

    /**
     * 14 s from a "microphone": 2 s of room noise, then yes (ok), stop (ok), yes clipped, yes (ok),
     * stop too quiet, stop (ok), hello (ok), 1.5 s apart.
     */
    static float[] stream() {
        int n = 14 * 16000;
        float[] x = new float[n];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.001 * r.nextGaussian());
        }
        double[][] words = {{3.0, 0.3, 220}, {4.5, 0.3, 180}, {6.0, 2.5, 200}, {7.5, 0.3, 230}, {9.0, 0.008, 190},
            {10.5, 0.25, 185}, {12.0, 0.3, 260}};
        for (double[] w : words) {
            RecorderTest.add(x, TestWavs.burst(n, 16000, w[0], 0.4, w[1], w[2]));
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(-1f, Math.min(32767f / 32768f, x[i]));
        }
        return x;
    }

    @Test
    void backgroundKeywordsInTurnRetakesPlaybackAndCounts() throws IOException {
        List<float[]> played = new ArrayList<>();
        List<String> said = new ArrayList<>();
        // a clip of another speaker already in the dataset counts for "everyone" only
        Files.createDirectories(dir.resolve("yes"));
        ClipAudio.writeWav16(dir.resolve("yes").resolve("bob_nohash_0.wav"), new float[16000], 16000);
        GuidedSession s = new GuidedSession(dir, "ann", 4, said::add, played::add);
        GuidedSession.Summary sum = s.run(RecorderTest.source(stream(), 333),
                new GuidedSession.Plan(List.of("yes", "stop"), 2, List.of("hello"), 1, 2.0, 3));
        String log = String.join("\n", said);
        assertEquals(Map.of("yes", 2, "stop", 2, "hello", 1), sum.saved(), log);
        assertEquals(2, sum.rejected(), log);
        assertEquals(0, sum.missed(), log);
        assertTrue(log.contains("clipped"), log);
        assertTrue(log.contains("too quiet"), log);
        assertTrue(log.indexOf("say \"yes\"") < log.indexOf("say \"stop\""), "keywords in turn: " + log);
        assertEquals(5, played.size());
        played.forEach(c -> assertEquals(16000, c.length));
        assertNotNull(sum.background());
        assertEquals(2.0 * 16000, ClipAudio.readMono16k(sum.background()).length, 1);
        assertEquals(Map.of("yes", 2, "stop", 2, "hello", 1), sum.speakerTotal());
        assertEquals(Map.of("yes", 3, "stop", 2, "hello", 1), sum.allTotal());
        DatasetIndex idx = DatasetIndex.load(dir);
        assertEquals(1, idx.backgroundNoise().size());
        assertTrue(idx.words().containsAll(List.of("yes", "stop", "hello")));
        // each saved clip is centred: its loudest 10 ms frame lies in the middle half
        for (var c : idx.all()) {
            if (c.speaker().equals("ann")) {
                float[] a = ClipAudio.readMono16k(c.path());
                int best = 0;
                double bestE = -1;
                for (int f = 0; f + 160 <= a.length; f += 160) {
                    double e = 0;
                    for (int i = f; i < f + 160; i++) {
                        e += a[i] * a[i];
                    }
                    if (e > bestE) {
                        bestE = e;
                        best = f;
                    }
                }
                assertTrue(best > 4000 && best < 12000, c.path() + " peak at " + best);
            }
        }
    }

    @Test
    void anInputThatEndsEarlyCountsTheMissedPrompts() {
        float[] shortStream = java.util.Arrays.copyOf(stream(), 5 * 16000);
        GuidedSession s = new GuidedSession(dir, "ann", 4, m -> { }, c -> { });
        GuidedSession.Summary sum = s.run(RecorderTest.source(shortStream, 1000),
                new GuidedSession.Plan(List.of("yes", "stop"), 2, List.of(), 0, 2.0, 3));
        assertEquals(Map.of("yes", 1, "stop", 1), sum.saved());
        assertTrue(sum.missed() >= 1);
    }

    /**
     * A microphone in a room with speakers: it captures on its own clock whether or not anybody reads
     * it, and a playback blocks for the clip's length while the played clip reaches the microphone
     * (half as loud, 100 ms late).
     */
    static final class RoomMicrophone implements Recorder.SampleSource {
        final float[] room;
        final boolean live;
        long now;
        long pos;

        RoomMicrophone(float[] room, boolean live) {
            this.room = room;
            this.live = live;
        }

        @Override
        public int read(float[] buf, int off, int len) {
            if (pos >= room.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 320), room.length - pos);
            System.arraycopy(room, (int) pos, buf, off, n);
            pos += n;
            now = Math.max(now, pos); // reading ahead of the clock waits for the samples
            return n;
        }

        void play(float[] clip) {
            int at = (int) now + 1600;
            for (int i = 0; i < clip.length && at + i < room.length; i++) {
                room[at + i] += 0.5f * clip[i];
            }
            now += clip.length;
        }

        @Override
        public boolean live() {
            return live;
        }

        @Override
        public long discardBuffered() {
            long d = now - pos;
            pos = now;
            return d;
        }
    }

    /** Energy of a clip at one frequency (1 s clips: 1 Hz bins). */
    static double energyAt(float[] x, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            re += x[i] * Math.cos(2 * Math.PI * hz * i / 16000);
            im += x[i] * Math.sin(2 * Math.PI * hz * i / 16000);
        }
        return re * re + im * im;
    }

    /** 14 s of room: "yes" (220 Hz) at 1 s and 8 s, "stop" (180 Hz) at 4.5 s and 11.5 s. */
    static float[] room() {
        int n = 14 * 16000;
        float[] x = new float[n];
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.001 * r.nextGaussian());
        }
        double[][] words = {{1.0, 220}, {4.5, 180}, {8.0, 220}, {11.5, 180}};
        for (double[] w : words) {
            RecorderTest.add(x, TestWavs.burst(n, 16000, w[0], 0.4, 0.3, w[1]));
        }
        return x;
    }

    private Map<String, List<Double>> stopShare(Path out, boolean live) {
        RoomMicrophone mic = new RoomMicrophone(room(), live);
        List<String> said = new ArrayList<>();
        GuidedSession s = new GuidedSession(out, "ann", 4, said::add, mic::play);
        GuidedSession.Summary sum = s.run(mic, new GuidedSession.Plan(List.of("yes", "stop"), 2, List.of(), 0, 0, 3));
        assertEquals(Map.of("yes", 2, "stop", 2), sum.saved(), String.join("\n", said));
        // per saved clip: the share of its 180 Hz ("stop") energy against 220 Hz ("yes")
        Map<String, List<Double>> share = new java.util.TreeMap<>();
        for (var c : DatasetIndex.load(out).all()) {
            float[] a = ClipAudio.readMono16k(c.path());
            double stop = energyAt(a, 180);
            share.computeIfAbsent(c.word(), k -> new ArrayList<>()).add(stop / (stop + energyAt(a, 220)));
        }
        return share;
    }

    @Test
    void aTakePlayedOnSpeakersIsNotSavedUnderTheNextKeyword() throws IOException {
        Map<String, List<Double>> share = stopShare(dir.resolve("live"), true);
        share.get("yes").forEach(v -> assertTrue(v < 0.1, "a yes clip holds yes: " + share));
        share.get("stop").forEach(v -> assertTrue(v > 0.9, "a stop clip holds stop, not the echo of yes: " + share));
        // the same room read as if it were not live (nothing dropped): the echo of "yes" becomes "stop"
        Map<String, List<Double>> echoed = stopShare(dir.resolve("not-live"), false);
        assertTrue(echoed.get("stop").stream().anyMatch(v -> v < 0.1), "the echo must reach the next prompt: " + echoed);
    }

    @Test
    void aPlanNeedsKeywords() {
        assertThrows(DatasetException.class, () -> new GuidedSession.Plan(List.of(), 1, List.of(), 0, 0, 1));
        assertThrows(DatasetException.class, () -> new GuidedSession.Plan(List.of("yes"), 0, List.of(), 0, 0, 1));
    }
}
