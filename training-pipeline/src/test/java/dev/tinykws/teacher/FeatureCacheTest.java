package dev.tinykws.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teacher's feature cache file: whole records after a torn append, one instance per file in a JVM. */
class FeatureCacheTest {

    private static float[] features(int seed) {
        float[] f = new float[SpeechEmbedding.FEATURE_DIM];
        for (int i = 0; i < f.length; i++) {
            f[i] = seed * 1000 + i;
        }
        return f;
    }

    private static String key(int seed) {
        return FeatureCache.key(new float[] {seed});
    }

    private static Path file(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin")).findFirst().orElseThrow();
        }
    }

    private static Path copy(Path from, Path toDir) throws Exception {
        Files.createDirectories(toDir);
        return Files.copy(from, toDir.resolve(from.getFileName()));
    }

    @Test
    void aTornRecordIsCutSoLaterRecordsStayAligned(@TempDir Path tmp) throws Exception {
        SpeechEmbedding emb = SharedEmbedding.get();
        FeatureCache a = FeatureCache.open(tmp.resolve("a"), emb);
        a.put(key(1), features(1));
        a.put(key(2), features(2));
        // a crash or a full disk mid-append leaves part of a record
        Path torn = copy(file(tmp.resolve("a")), tmp.resolve("b"));
        Files.write(torn, new byte[100], StandardOpenOption.APPEND);
        FeatureCache b = FeatureCache.open(tmp.resolve("b"), emb);
        assertEquals(2, b.size());
        b.put(key(3), features(3));
        FeatureCache c = FeatureCache.open(copy(file(tmp.resolve("b")), tmp.resolve("c")).getParent(), emb);
        assertEquals(3, c.size());
        for (int k = 1; k <= 3; k++) {
            assertArrayEquals(features(k), c.get(key(k)), "record " + k);
        }
    }

    @Test
    void oneInstancePerFileSoConcurrentWritersShareOneLock(@TempDir Path tmp) throws Exception {
        SpeechEmbedding emb = SharedEmbedding.get();
        FeatureCache a = FeatureCache.open(tmp, emb);
        FeatureCache b = FeatureCache.open(tmp.resolve(".").resolve("x").resolve(".."), emb);
        assertSame(a, b);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 100;
                FeatureCache c = FeatureCache.open(tmp, emb);
                fs.add(ex.submit(() -> {
                    for (int k = 0; k < 50; k++) {
                        c.put(key(base + k), features(base + k));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdownNow();
        }
        FeatureCache again = FeatureCache.open(copy(file(tmp), tmp.resolve("copy")).getParent(), emb);
        assertEquals(200, again.size());
        assertEquals(200L * (32 + 4 * SpeechEmbedding.FEATURE_DIM), Files.size(file(tmp)));
    }
}
