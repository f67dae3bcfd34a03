package dev.tinykws.train;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips of a training run that cannot be read (truncated, not a WAV, unsupported format,
 * unreadable file), found before any work starts by opening each one as training would
 * ({@link AudioIO#probe}: header, format and length checks). {@code tinykws train} reports and
 * skips them, like {@code evaluate} and {@code dataset convert}: one bad file never kills a run.
 *
 * @param reasons unreadable file → why, in the order given
 */
public record UnreadableClips(Map<Path, String> reasons) {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableClips.class);

    public UnreadableClips {
        reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    /** Probes {@code files} with {@code threads} workers. */
    public static UnreadableClips find(Collection<Path> files, int threads) {
        List<Path> list = List.copyOf(new java.util.LinkedHashSet<>(files));
        Map<Path, String> bad = new ConcurrentHashMap<>();
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> list.parallelStream().forEach(p -> {
                try {
                    AudioIO.probe(p);
                } catch (FeatureException | java.io.UncheckedIOException e) {
                    bad.put(p, e.getMessage());
                }
            })).join();
        } finally {
            pool.shutdown();
        }
        Map<Path, String> ordered = new LinkedHashMap<>();
        for (Path p : list) {
            if (bad.containsKey(p)) {
                ordered.put(p, bad.get(p));
            }
        }
        return new UnreadableClips(ordered);
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    public int count() {
        return reasons.size();
    }

    /** Warns once per file (SLF4J) and appends the same lines to {@code outDir/train.log}. */
    public void report(Path outDir) {
        if (isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        String now = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        for (Map.Entry<Path, String> e : reasons.entrySet()) {
            LOG.warn("skipping unreadable clip {}: {}", e.getKey(), e.getValue());
            sb.append(now).append(" skipped unreadable clip ").append(e.getKey()).append(": ").append(e.getValue())
                    .append('\n');
        }
        String summary = count() + " unreadable clip(s) skipped (run `tinykws dataset check` on the dataset)";
        LOG.warn(summary);
        sb.append(now).append(' ').append(summary).append('\n');
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("train.log"), sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + outDir.resolve("train.log") + ": " + e.getMessage(), e);
        }
    }
}
