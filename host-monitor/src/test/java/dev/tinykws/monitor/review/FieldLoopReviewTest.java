package dev.tinykws.monitor.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Frame;
import dev.tinykws.monitor.protocol.Message;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI side of the field loop: review session labels, add-reviewed moves, the REVIEW switch. */
class FieldLoopReviewTest {

    static short[] tone(int n, int k) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (1000 * Math.sin(i * 0.01 * k));
        }
        return s;
    }

    static ReviewQueue queueWith(Path dir, int clips) {
        ReviewQueue q = ReviewQueue.open(dir);
        for (int i = 0; i < clips; i++) {
            q.add(Instant.ofEpochMilli(1_000_000 + i), "dev-1", 1000L * i, i % 2 == 0 ? "yes" : "no", "0.81" + i,
                    i == 3 ? "near" : "det", i, tone(16000, i + 1));
        }
        return q;
    }

    @Test
    void reviewLabelsEachClipFromTheAnswers(@TempDir Path tmp) throws IOException {
        ReviewQueue q = queueWith(tmp.resolve("review"), 5);
        List<short[]> played = new ArrayList<>();
        ClipPlayer player = s -> {
            played.add(s);
            return true;
        };
        ByteArrayOutputStream bout = new ByteArrayOutputStream();
        // clip0 yes: y; clip1 no: "maybe" refused then "on" refused (not a label) then n; clip2: p, y;
        // clip3: Enter (skip); clip4: "yes" (another keyword)
        String answers = "y\nmaybe\non\nn\np\ny\n\nyes\n";
        ReviewSession.Outcome o = new ReviewSession(q, player, Set.of("_silence_", "_unknown_", "yes", "no"), "tester")
                .run(new BufferedReader(new StringReader(answers)), new PrintStream(bout, true, StandardCharsets.UTF_8), 100);
        String out = bout.toString(StandardCharsets.UTF_8);
        assertEquals(4, o.labelled(), out);
        assertEquals(1, o.skipped());
        assertFalse(o.quit());
        assertEquals(6, played.size(), "one play per clip plus one replay");
        assertArrayEquals(tone(16000, 1), played.get(0));
        assertTrue(out.contains("not one of the device's labels"), out);
        ReviewQueue again = ReviewQueue.open(tmp.resolve("review"));
        Map<String, String> labels = new java.util.HashMap<>();
        again.all().forEach(c -> labels.put(c.keyword() + c.tMs(), c.pending() ? null : c.label().label()));
        assertEquals("yes", labels.get("yes0"));
        assertEquals("_unknown_", labels.get("no1000"));
        assertEquals("yes", labels.get("yes2000"));
        assertEquals(null, labels.get("no3000"));
        assertEquals("yes", labels.get("yes4000"));
        assertEquals("tester", again.all().get(0).label().by());
    }

    @Test
    void withoutAudioThePathIsPrintedAndQuitStops(@TempDir Path tmp) throws IOException {
        ReviewQueue q = queueWith(tmp.resolve("review"), 3);
        ByteArrayOutputStream bout = new ByteArrayOutputStream();
        ReviewSession.Outcome o = new ReviewSession(q, ClipPlayer.none(), Set.of(), "cli")
                .run(new BufferedReader(new StringReader("s\nq\n")), new PrintStream(bout, true, StandardCharsets.UTF_8), 10);
        String out = bout.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(q.wavPath(q.all().get(0).id()).toAbsolutePath().toString()), out);
        assertEquals(1, o.labelled());
        assertTrue(o.quit());
        assertEquals("_silence_", ReviewQueue.open(tmp.resolve("review")).all().get(0).label().label());
    }

    @Test
    void addReviewedMovesLabelledClipsIntoTheDatasetLayout(@TempDir Path tmp) throws IOException {
        ReviewQueue q = queueWith(tmp.resolve("review"), 5);
        List<ReviewClip> all = q.all();
        Instant t = Instant.now();
        q.label(all.get(0).id(), "yes", "cli", t);        // right
        q.label(all.get(1).id(), "_unknown_", "cli", t);  // false accept
        q.label(all.get(2).id(), "no", "web", t);         // another keyword
        q.label(all.get(3).id(), "_silence_", "cli", t);  // noise
        Path data = tmp.resolve("dataset");
        Files.createDirectories(data.resolve("yes"));
        Files.write(data.resolve("yes").resolve("field_nohash_4.wav"), new byte[] {1}); // numbering continues

        ReviewExport.Result dry = ReviewExport.addToDataset(q, data, "field", true);
        assertTrue(dry.added().isEmpty());
        assertEquals(Map.of("yes", 1, "_unknown_", 1, "no", 1, "_background_noise_", 1), dry.perFolder());

        ReviewExport.Result r = ReviewExport.addToDataset(q, data, "field", false);
        assertEquals(4, r.added().size());
        assertEquals(1, r.pending());
        assertTrue(Files.isRegularFile(data.resolve("yes/field_nohash_5.wav")));
        assertTrue(Files.isRegularFile(data.resolve("_unknown_/field_nohash_0.wav")));
        assertTrue(Files.isRegularFile(data.resolve("no/field_nohash_0.wav")));
        assertTrue(Files.isRegularFile(data.resolve("_background_noise_/field_nohash_0.wav")));
        assertArrayEquals(tone(16000, 2), WavFiles.readPcm16Mono(data.resolve("_unknown_/field_nohash_0.wav")));
        assertFalse(Files.exists(q.wavPath(all.get(0).id())), "moved, not copied");

        // a second run adds only what was labelled since
        q.label(all.get(4).id(), "yes", "cli", t);
        ReviewExport.Result second = ReviewExport.addToDataset(q, data, "field", false);
        assertEquals(List.of(data.resolve("yes/field_nohash_6.wav")), second.added());
        assertEquals(4, second.missing());
    }

    @Test
    void labelsThatAreNoKeywordFolderAreRefused() {
        assertEquals("_unknown_", ReviewExport.folderFor("_unknown_"));
        assertEquals("_background_noise_", ReviewExport.folderFor("_silence_"));
        assertEquals("hey_tiny", ReviewExport.folderFor("hey_tiny"));
        assertThrows(MonitorException.class, () -> ReviewExport.folderFor("_other_"));
    }

    @Test
    void reviewSwitchAsksAfterEveryHello() {
        List<String> sent = new ArrayList<>();
        ReviewSwitch sw = new ReviewSwitch(0.35, (type, fields) -> sent.add(type + "," + String.join(",", fields)));
        Frame f = new Frame("HELLO", 0, List.of(), "$TKWS,HELLO,0");
        Message.Hello hello = new Message.Hello(f, "0.1.0", "m-1", "abcd1234", 16000, "0.700", List.of("yes"));
        sw.onMessage(hello);
        sw.onMessage(hello);
        assertEquals(List.of("REVIEW,0.350", "REVIEW,0.350"), sent);
        assertThrows(MonitorException.class, () -> new ReviewSwitch(0, (a, b) -> { }));
        assertThrows(MonitorException.class, () -> new ReviewSwitch(1.5, (a, b) -> { }));
    }
}
