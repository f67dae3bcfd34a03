package dev.tinykws.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of an on-disk feature cache (augmented pools, distillation targets): the settings
 * that shaped it and every input clip by path, size and last-modified time (every 1-s 16-bit clip
 * has the same size: a re-recorded clip is told apart by its time), so a changed dataset or setting
 * never reuses a stale cache. 16 hex digits of SHA-256.
 */
final class CacheKey {
    private final MessageDigest md;

    private CacheKey(String settings) {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        add(settings + "|");
    }

    /** A key that starts with these settings (any text that changes when the cache must). */
    static CacheKey of(String settings) {
        return new CacheKey(settings);
    }

    CacheKey add(String text) {
        md.update(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Every sample: silence, or its clip's absolute path, size and last-modified time. */
    CacheKey samples(List<SamplePlan.Sample> samples) {
        for (SamplePlan.Sample s : samples) {
            add((s.isSilence() ? "silence" : identity(s.clip().path())) + "\n");
        }
        return this;
    }

    /** Extra files (e.g. unlabeled audio), each by path, size and last-modified time, after a {@code tag}. */
    CacheKey files(String tag, List<Path> files) {
        for (Path p : files) {
            add(tag + " " + identity(p) + "\n");
        }
        return this;
    }

    /** A file's absolute path, size and last-modified time (ms). */
    static String identity(Path p) {
        return p.toAbsolutePath().normalize() + "#" + size(p) + "@" + modified(p);
    }

    /** The file's last-modified time in ms, or -1 when it cannot be read. */
    static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    String hex() {
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** The file's size, or -1 when it cannot be read (the cache is then rebuilt once it can). */
    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
