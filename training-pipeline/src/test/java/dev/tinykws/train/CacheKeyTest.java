package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.Split;
import dev.tinykws.features.audio.AudioIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache identity tells a re-recorded clip of the same size from the old one. */
class CacheKeyTest {

    @Test
    void aReRecordedClipOfTheSameSizeChangesTheKey(@TempDir Path tmp) throws Exception {
        Path wav = tmp.resolve("yes/a_nohash_0.wav");
        Files.createDirectories(wav.getParent());
        float[] first = new float[16000];
        first[100] = 0.5f;
        AudioIO.writeWav16(wav, first, 16000);
        Files.setLastModifiedTime(wav, FileTime.fromMillis(1_700_000_000_000L));
        List<SamplePlan.Sample> s = List.of(new SamplePlan.Sample(new Clip(wav, "yes", "a", Split.TRAIN), 2, -1, 0, 0));
        String before = CacheKey.of("x").samples(s).hex();
        assertEquals(before, CacheKey.of("x").samples(s).hex());
        assertEquals(before.length(), 16);

        float[] second = new float[16000];
        second[200] = -0.5f;
        long size = Files.size(wav);
        AudioIO.writeWav16(wav, second, 16000);   // every 1-s 16-bit clip has the same size
        Files.setLastModifiedTime(wav, FileTime.fromMillis(1_700_000_060_000L));
        assertEquals(size, Files.size(wav));
        assertNotEquals(before, CacheKey.of("x").samples(s).hex());
        assertNotEquals(CacheKey.of("x").files("U", List.of(wav)).hex(),
                filesKeyAt(wav, 1_700_000_000_000L));
    }

    private static String filesKeyAt(Path wav, long millis) throws Exception {
        Files.setLastModifiedTime(wav, FileTime.fromMillis(millis));
        return CacheKey.of("x").files("U", List.of(wav)).hex();
    }
}
