package dev.tinykws.teacher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Disk cache of clip features ({@link SpeechEmbedding#clipFeatures}), keyed by the SHA-256 of the
 * exact clip samples, so a clip (clean, or an augmented copy, or a real-voice test clip) is embedded
 * once across runs, seeds and commands. One append-only file per embedding model version
 * ({@code features-<sha8>.bin}: records of 32-byte key + 288 little-endian floats). A torn last
 * record (a crash or a full disk mid-append) is cut off when the file is opened and after a failed
 * append, so later records stay aligned. Appends take a file lock, so concurrent processes may share
 * the folder; within one JVM {@link #open} returns one shared instance per file (a second instance
 * would ask for the same file lock and fail). Thread-safe.
 */
public final class FeatureCache {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);
    /** Environment variable naming the cache folder. */
    public static final String ENV = "TINYKWS_TEACHER_CACHE";
    private static final int DIM = SpeechEmbedding.FEATURE_DIM;
    private static final int RECORD = 32 + DIM * 4;

    /** One instance per cache file in this JVM. */
    private static final Map<Path, FeatureCache> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final Map<String, float[]> map = new ConcurrentHashMap<>();
    private long hits;
    private long misses;

    private FeatureCache(Path file) {
        this.file = file;
    }

    /** System property naming the cache folder (tests point it into target/). */
    public static final String PROPERTY = "tinykws.teacher.cache";

    /** The default folder: -Dtinykws.teacher.cache, $TINYKWS_TEACHER_CACHE, else ~/.cache/tinykws/teacher-features. */
    public static Path defaultDir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "tinykws", "teacher-features");
    }

    /** Opens (creating) the cache for the given embedding's model files in {@code dir}. */
    public static FeatureCache open(Path dir, SpeechEmbedding embedding) {
        String version = EmbeddingModelFiles.sha256(new java.util.TreeMap<>(embedding.modelSha256()).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
        Path file = dir.resolve("features-" + version + ".bin").toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(file, f -> {
            FeatureCache c = new FeatureCache(f);
            c.load();
            return c;
        });
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        cutTornRecord();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] rec = new byte[RECORD];
            while (true) {
                try {
                    in.readFully(rec);
                } catch (EOFException e) {
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(rec, 32, DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
                float[] f = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    f[i] = b.getFloat();
                }
                map.put(HexFormat.of().formatHex(rec, 0, 32), f);
            }
            LOG.info("teacher feature cache {}: {} clips", file, map.size());
        } catch (IOException e) {
            LOG.warn("cannot read the teacher feature cache {} ({}); starting empty", file, e.getMessage());
        }
    }

    /** Cuts a partial last record off the file (under the file lock, so no append is under way). */
    private synchronized void cutTornRecord() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            long whole = ch.size() / RECORD * RECORD;
            if (whole != ch.size()) {
                LOG.warn("teacher feature cache {}: cutting a torn last record ({} bytes)", file, ch.size() - whole);
                ch.truncate(whole);
            }
        } catch (IOException e) {
            LOG.warn("cannot check the teacher feature cache {}: {}", file, e.getMessage());
        }
    }

    public int size() {
        return map.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** Key of a clip: SHA-256 over its float samples' bits. */
    public static String key(float[] clip) {
        ByteBuffer b = ByteBuffer.allocate(clip.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : clip) {
            b.putFloat(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cached features or null. */
    public float[] get(String key) {
        float[] f = map.get(key);
        synchronized (this) {
            if (f == null) {
                misses++;
            } else {
                hits++;
            }
        }
        return f == null ? null : f.clone();
    }

    /** Stores features in memory and appends them to the file. */
    public void put(String key, float[] features) {
        if (features.length != DIM) {
            throw new IllegalArgumentException("features must have " + DIM + " values");
        }
        if (map.putIfAbsent(key, features.clone()) != null) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        b.put(HexFormat.of().parseHex(key));
        for (float v : features) {
            b.putFloat(v);
        }
        synchronized (this) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = ch.lock()) {
                    // whole records only: a torn record left by another writer is cut, a failed write undone
                    long start = ch.size() / RECORD * RECORD;
                    b.flip();
                    try {
                        long at = start;
                        while (b.hasRemaining()) {
                            at += ch.write(b, at);
                        }
                    } catch (IOException e) {
                        ch.truncate(start);
                        throw e;
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot append to the teacher feature cache {}: {}", file, e.getMessage());
            }
        }
    }

    /** Features of a clip through the cache. */
    public float[] features(SpeechEmbedding embedding, float[] clip) {
        String k = key(clip);
        float[] f = get(k);
        if (f == null) {
            f = embedding.clipFeatures(clip);
            put(k, f);
        }
        return f;
    }

}
