package dev.tinykws.train;

import dev.tinykws.dataset.Split;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.mfcc.ClipFeatures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean (un-augmented) model-input features, computed once per clip and cached on disk in
 * {@code features-<frontendHash>.bin}, keyed by the clip's path relative to the dataset root,
 * its size and its modification time. Silence samples are cheap and computed each time.
 */
final class FeatureStore {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureStore.class);
    private static final long MAGIC = 0x544b57534643_0001L; // "TKWSFC" v1

    private record Entry(long size, long mtime, float[] features) { }

    private final Path file;
    private final Path dataRoot;
    private final FrontendConfig frontend;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger computed = new AtomicInteger();
    private volatile boolean dirty;

    FeatureStore(Path cacheDir, Path dataRoot, FrontendConfig frontend) {
        this.file = cacheDir.resolve("features-" + frontend.hashHex() + ".bin");
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.frontend = frontend;
        load();
    }

    int computedCount() {
        return computed.get();
    }

    int size() {
        return entries.size();
    }

    /** Features of every sample of a split, in plan order, computed with {@code threads} workers. */
    LabeledFeatures features(List<SamplePlan.Sample> samples, Split split, ClipAudio audio, int threads) {
        int len = frontend.featureCount();
        float[] out = new float[samples.size() * len];
        int[] labels = new int[samples.size()];
        ThreadLocal<ClipFeatures> fx = ThreadLocal.withInitial(() -> new ClipFeatures(frontend));
        ParallelRanges.run("computing features", samples.size(), threads, (a, b) -> {
            for (int i = a; i < b; i++) {
                SamplePlan.Sample s = samples.get(i);
                float[] f = s.isSilence() ? fx.get().extract(audio.audio(s, split)) : clip(s, audio, fx.get());
                System.arraycopy(f, 0, out, i * len, len);
                labels[i] = s.label();
            }
        });
        return new LabeledFeatures(out, labels, frontend.framesPerClip(), frontend.numCoefficients());
    }

    private float[] clip(SamplePlan.Sample s, ClipAudio audio, ClipFeatures fx) {
        Path p = s.clip().path();
        String key = key(p);
        long size;
        long mtime;
        try {
            size = Files.size(p);
            mtime = Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new TrainingException("cannot read clip " + p + ": " + e.getMessage(), e);
        }
        Entry e = entries.get(key);
        if (e != null && e.size() == size && e.mtime() == mtime) {
            return e.features();
        }
        float[] f = fx.extract(audio.audio(s, null));
        entries.put(key, new Entry(size, mtime, f));
        computed.incrementAndGet();
        dirty = true;
        return f;
    }

    private String key(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(dataRoot) ? dataRoot.relativize(a).toString().replace('\\', '/') : a.toString();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC || in.readInt() != frontend.hash()) {
                LOG.warn("ignoring feature cache {} (other format or frontend)", file);
                return;
            }
            int len = in.readInt();
            int n = in.readInt();
            if (len != frontend.featureCount()) {
                return;
            }
            for (int i = 0; i < n; i++) {
                String k = in.readUTF();
                long size = in.readLong();
                long mtime = in.readLong();
                float[] f = new float[len];
                for (int j = 0; j < len; j++) {
                    f[j] = in.readFloat();
                }
                entries.put(k, new Entry(size, mtime, f));
            }
            LOG.info("feature cache {}: {} clips", file, n);
        } catch (IOException e) {
            entries.clear();
            LOG.warn("feature cache {} is unreadable ({}); recomputing", file, e.toString());
        }
    }

    /** Writes the cache if anything was computed since it was loaded. */
    void save() {
        if (!dirty) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(frontend.hash());
                out.writeInt(frontend.featureCount());
                out.writeInt(entries.size());
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue().size());
                    out.writeLong(e.getValue().mtime());
                    for (float v : e.getValue().features()) {
                        out.writeFloat(v);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            LOG.warn("cannot write feature cache {}: {}", file, e.toString());
        }
    }
}
