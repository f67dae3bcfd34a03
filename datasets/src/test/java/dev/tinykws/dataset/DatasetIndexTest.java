package dev.tinykws.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DatasetIndexTest {

    @TempDir
    Path dir;

    private Path touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[44]);
        return p;
    }

    @Test
    void percentageHashMatchesTheReferenceWhichSet() {
        // Values printed by the reference formula in Python (hashlib.sha1, int(hex,16) % 2^27 * 100/(2^27-1)).
        assertEquals(56.836387193474074, SpeakerSplitter.percentageHash("0a7c2a8d_nohash_0.wav"), 0);
        assertEquals(55.30171137527906, SpeakerSplitter.percentageHash("ffd2ba2f_nohash_4.wav"), 0);
        assertEquals(82.786575576563, SpeakerSplitter.percentageHash("abc.wav"), 0);
        assertEquals(0.07356703336214299, SpeakerSplitter.percentageHash("spk25_nohash_3.wav"), 0);
        assertEquals(13.320198754371692, SpeakerSplitter.percentageHash("spk07_nohash_0.wav"), 0);
    }

    @Test
    void splitRuleUsesTheSpeakerOnly() {
        SpeakerSplitter s = SpeakerSplitter.defaults();
        assertEquals(Split.VALIDATION, s.splitOf("spk25_nohash_0.wav"));
        assertEquals(Split.VALIDATION, s.splitOf("yes/spk25_nohash_17.wav"));
        assertEquals(Split.TEST, s.splitOf("spk07_nohash_0.wav"));
        assertEquals(Split.TRAIN, s.splitOf("0a7c2a8d_nohash_0.wav"));
        assertEquals("spk07", SpeakerSplitter.speakerOf("spk07_nohash_0.wav"));
        assertEquals("abc", SpeakerSplitter.speakerOf("abc.wav"));
        assertEquals(Split.TEST, new SpeakerSplitter(0, 10).splitOf("spk25_nohash_0.wav"));
        assertThrows(DatasetException.class, () -> new SpeakerSplitter(60, 50));
    }

    @Test
    void loadsLayoutBySpeakerAndIsDeterministic() throws IOException {
        for (int i = 0; i < 40; i++) {
            touch("yes/spk" + String.format("%02d", i) + "_nohash_0.wav");
            touch("no/spk" + String.format("%02d", i) + "_nohash_0.wav");
            touch("no/spk" + String.format("%02d", i) + "_nohash_1.wav");
        }
        touch("_background_noise_/white.wav");
        touch("_background_noise_/pink.wav");
        Files.writeString(dir.resolve("_background_noise_/README.md"), "x");
        Files.createDirectories(dir.resolve("emptyword"));

        DatasetIndex a = DatasetIndex.load(dir);
        DatasetIndex b = DatasetIndex.load(dir);
        assertEquals(a.all(), b.all());
        assertEquals(List.of("no", "yes"), List.copyOf(a.words()));
        assertEquals(120, a.all().size());
        assertEquals(2, a.backgroundNoise().size());
        assertEquals(a.all().size(), a.clips(Split.TRAIN).size() + a.clips(Split.VALIDATION).size()
                + a.clips(Split.TEST).size());
        Map<String, Split> speakerSplit = new HashMap<>();
        for (Clip c : a.all()) {
            Split prev = speakerSplit.putIfAbsent(c.speaker(), c.split());
            assertTrue(prev == null || prev == c.split(), "speaker " + c.speaker() + " straddles splits");
        }
        assertEquals(Split.VALIDATION, speakerSplit.get("spk25"));
        assertEquals(Split.TEST, speakerSplit.get("spk07"));
        assertFalse(a.clips(Split.VALIDATION).isEmpty());
        assertFalse(a.clips(Split.TEST).isEmpty());
        for (Split s : Split.values()) {
            for (Split t : Split.values()) {
                if (s != t) {
                    assertTrue(java.util.Collections.disjoint(a.speakers(s), a.speakers(t)));
                }
            }
        }
    }

    @Test
    void splitIsStableWhenClipsAreAdded() throws IOException {
        for (int i = 0; i < 30; i++) {
            touch("yes/spk" + i + "_nohash_0.wav");
        }
        Map<Path, Split> before = new HashMap<>();
        DatasetIndex.load(dir).all().forEach(c -> before.put(c.path(), c.split()));
        for (int i = 0; i < 60; i++) {
            touch("yes/new" + i + "_nohash_0.wav");
            touch("yes/spk" + i + "_nohash_9.wav");
            touch("up/spk" + i + "_nohash_0.wav");
        }
        DatasetIndex after = DatasetIndex.load(dir);
        for (Clip c : after.all()) {
            if (before.containsKey(c.path())) {
                assertEquals(before.get(c.path()), c.split(), c.path().toString());
            }
        }
        assertEquals(30 + 180, after.all().size());
    }

    @Test
    void listFilesOverrideTheHash() throws IOException {
        touch("yes/spk25_nohash_0.wav"); // hash says VALIDATION
        touch("yes/spk07_nohash_0.wav"); // hash says TEST
        touch("yes/spk07_nohash_1.wav"); // unlisted: follows its listed speaker
        touch("yes/0a7c2a8d_nohash_0.wav"); // hash says TRAIN
        touch("yes/spk10_nohash_0.wav"); // hash says VALIDATION, unlisted speaker -> hash
        Files.writeString(dir.resolve("validation_list.txt"), "yes/spk07_nohash_0.wav\n\n");
        Files.writeString(dir.resolve("testing_list.txt"), "./yes/0a7c2a8d_nohash_0.wav\r\nyes/spk25_nohash_0.wav\n");
        DatasetIndex idx = DatasetIndex.load(dir);
        Map<String, Split> got = new HashMap<>();
        idx.all().forEach(c -> got.put(c.path().getFileName().toString(), c.split()));
        assertEquals(Split.VALIDATION, got.get("spk07_nohash_0.wav"));
        assertEquals(Split.VALIDATION, got.get("spk07_nohash_1.wav"));
        assertEquals(Split.TEST, got.get("0a7c2a8d_nohash_0.wav"));
        assertEquals(Split.TEST, got.get("spk25_nohash_0.wav"));
        assertEquals(Split.VALIDATION, got.get("spk10_nohash_0.wav"));
    }

    @Test
    void clipListedTwiceIsAClearError() throws IOException {
        touch("yes/a_nohash_0.wav");
        Files.writeString(dir.resolve("validation_list.txt"), "yes/a_nohash_0.wav\n");
        Files.writeString(dir.resolve("testing_list.txt"), "yes/a_nohash_0.wav\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetIndex.load(dir));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
    }

    @Test
    void missingOrEmptyFoldersAreClearErrors() throws IOException {
        DatasetException missing = assertThrows(DatasetException.class, () -> DatasetIndex.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        DatasetException empty = assertThrows(DatasetException.class, () -> DatasetIndex.load(dir));
        assertTrue(empty.getMessage().contains("no clips"), empty.getMessage());
        touch("_background_noise_/white.wav");
        assertThrows(DatasetException.class, () -> DatasetIndex.load(dir));
        Path file = touch("a.wav");
        assertTrue(assertThrows(DatasetException.class, () -> DatasetIndex.load(file)).getMessage().contains("file"));
    }
}
