package dev.tinykws.dataset.check;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.TestWavs;
import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14's smaller dataset cases, each of which misbehaved before. */
class DatasetBadInputTest {
    @TempDir
    Path dir;

    private static float[] word() {
        return TestWavs.burst(16000, 16000, 0.3, 0.4, 0.5, 300);
    }

    private Path clip(String rel) throws Exception {
        return TestWavs.write(dir.resolve(rel), word(), 16000, 1, 16);
    }

    private static List<Finding> of(DatasetChecker.Report r, Issue i) {
        return r.findings().stream().filter(f -> f.issue() == i).toList();
    }

    @Test
    void streamingDataLengthIsNotTruncatedInCheck() throws Exception {
        Path p = clip("yes/a_nohash_0.wav");
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        Files.write(p, b);
        DatasetChecker.Report r = DatasetChecker.check(dir);
        assertEquals(List.of(), r.findings(), "0xFFFFFFFF = the rest of the file, as detect and train read it");
        assertEquals(16000, WavFile.probe(p).frames());
    }

    @Test
    void oddLengthDataChunkIsAPartialFrameNotATruncation() throws Exception {
        Path p = clip("yes/a_nohash_0.wav");
        byte[] b = Files.readAllBytes(p);
        byte[] odd = java.util.Arrays.copyOf(b, 44 + 31999);
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 31999).putInt(4, 36 + 31999);
        Files.write(p, odd);
        DatasetChecker.Report r = DatasetChecker.check(dir);
        assertEquals(List.of(), of(r, Issue.TRUNCATED));
        List<Finding> partial = of(r, Issue.PARTIAL_FRAME);
        assertEquals(1, partial.size());
        assertTrue(partial.get(0).message().contains("data chunk of 31999 bytes is not a whole number of 2-byte frames;"
                + " the last 1 byte(s) are ignored"), partial.get(0).message());
        // a real truncation still says so, with what is present
        Files.write(p, java.util.Arrays.copyOf(b, 44 + 20000));
        Finding t = of(DatasetChecker.check(dir), Issue.TRUNCATED).get(0);
        assertTrue(t.message().contains("declares 32000 bytes but only 20000 are present"), t.message());
    }

    @Test
    void nanAndInfFloatSamplesAreAWarning() throws Exception {
        ByteBuffer d = ByteBuffer.allocate(16000 * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] w = word();
        for (int i = 0; i < w.length; i++) {
            d.putFloat(i == 100 ? Float.NaN : i == 200 ? Float.POSITIVE_INFINITY : w[i]);
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(36 + 64000).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 3)
                .putShort((short) 1).putInt(16000).putInt(64000).putShort((short) 4).putShort((short) 32)
                .put("data".getBytes()).putInt(64000);
        Path p = dir.resolve("yes/f_nohash_0.wav");
        Files.createDirectories(p.getParent());
        Files.write(p, concat(h.array(), d.array()));
        List<Finding> f = of(DatasetChecker.check(dir), Issue.NON_FINITE);
        assertEquals(1, f.size());
        assertTrue(f.get(0).message().contains("2 NaN or infinite float sample(s)"), f.get(0).message());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void danglingLinksAndLinkLoopsAreReported() throws Exception {
        clip("yes/a_nohash_0.wav");
        Files.createSymbolicLink(dir.resolve("yes/gone_nohash_0.wav"), dir.resolve("nowhere.wav"));
        Files.createSymbolicLink(dir.resolve("yes/loop_nohash_0.wav"), dir.resolve("yes/loop_nohash_0.wav"));
        Files.createSymbolicLink(dir.resolve("maybe"), dir.resolve("no-such-folder"));
        DatasetChecker.Report r = DatasetChecker.check(dir);
        List<String> links = of(r, Issue.LINK).stream().map(Finding::message).toList();
        assertEquals(3, links.size(), links.toString());
        assertTrue(links.stream().anyMatch(m -> m.contains("maybe: dangling symbolic link to")), links.toString());
        assertTrue(links.stream().anyMatch(m -> m.contains("gone_nohash_0.wav: dangling symbolic link to")), links.toString());
        assertTrue(links.stream().anyMatch(m -> m.contains("loop_nohash_0.wav: symbolic link loop")), links.toString());
        assertEquals(1, DatasetIndex.load(dir).all().size(), "the index skips them (with a warning)");

        DatasetConverter.Report c = DatasetConverter.convert(dir, dir.resolveSibling(dir.getFileName() + "-out"));
        assertEquals(1, c.copied());
        assertEquals(2, c.skipped().stream().filter(f -> f.issue() == Issue.LINK).count(), c.skipped().toString());
    }

    @Test
    void convertOnAnEmptyFolderIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("src/yes"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetConverter.convert(dir.resolve("src"), dir.resolve("dst")));
        assertTrue(e.getMessage().contains("holds no WAV files"), e.getMessage());
        int code = new picocli.CommandLine(new dev.tinykws.dataset.cli.ConvertCommand())
                .execute(dir.resolve("src").toString(), dir.resolve("dst2").toString());
        assertTrue(code != 0);
    }

    @Test
    void writtenClipsFollowTheUmask() throws Exception {
        Path ref = Files.createFile(dir.resolve("reference"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(ref);
        Path a = dir.resolve("out/a.wav");
        ClipAudio.writeWav16(a, word(), 16000);
        assertEquals(expected, Files.getPosixFilePermissions(a));
        Path src = clip("in/b.wav");
        Path b = dir.resolve("out/b.wav");
        ClipAudio.convertStreaming(src, b);
        assertEquals(expected, Files.getPosixFilePermissions(b));
        assertFalse(expected.isEmpty());
    }
}
