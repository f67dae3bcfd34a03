package dev.tinykws.train;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.augment.Augmenter;
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
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Augmented training features. A clip's waveform goes through the {@link Augmenter} (speed,
 * shift, reverberation, background noise, channel colouring, gain), then the MFCC frontend,
 * then SpecAugment; a silence sample is a random background snippet at a random gain (or
 * zeros). Waveform augmentation costs ≈ 6.5 ms per clip (bench/results/training.md), several
 * times more than training on the sample, so two modes exist:
 *
 * <ul>
 *   <li>{@code variants = K > 0} (default 4): K augmented copies of every clip are computed once
 *       before training, in parallel, and cached in {@code <out>/cache/}; each epoch picks one
 *       copy per clip at random and applies a fresh SpecAugment and fresh silence snippets.</li>
 *   <li>{@code variants = 0}: every epoch augments every clip afresh, on a background thread
 *       while the previous epoch trains (the trainer's data wait shows the cost).</li>
 * </ul>
 *
 * <p>Every random stream is seeded from (seed, epoch or variant, sample index), so an epoch is
 * reproducible whatever the thread count, and a resumed run sees the same data.
 */
final class AugmentedEpochSource implements EpochSource {

    private static final Logger LOG = LoggerFactory.getLogger(AugmentedEpochSource.class);
    private static final long VOICE_SALT = 0x766f696365L;
    private static final long MAGIC = 0x544b5753415547_01L; // "TKWSAUG" v1

    private final List<SamplePlan.Sample> samples;
    private final ClipAudio audio;
    private final Augmenter augmenter;
    private final AugmentConfig config;
    private final FrontendConfig frontend;
    private final long seed;
    private final int variants;
    private final VoiceAugment voice;
    private float[][] pool;

    AugmentedEpochSource(List<SamplePlan.Sample> samples, ClipAudio audio, AugmentConfig config,
                         FrontendConfig frontend, long seed, int variants) {
        this(samples, audio, config, frontend, seed, variants, VoiceOptions.none());
    }

    /** With the noise floor and VTLP of {@code voiceOptions} (see {@link VoiceAugment}). */
    AugmentedEpochSource(List<SamplePlan.Sample> samples, ClipAudio audio, AugmentConfig config,
                         FrontendConfig frontend, long seed, int variants, VoiceOptions voiceOptions) {
        if (variants < 0) {
            throw new TrainingException("--augment-variants must be >= 0, got " + variants);
        }
        this.samples = List.copyOf(samples);
        this.audio = audio;
        this.config = config;
        this.augmenter = new Augmenter(config, audio.backgrounds());
        this.frontend = frontend;
        this.seed = seed;
        this.variants = variants;
        this.voice = new VoiceAugment(voiceOptions, frontend);
    }

    /** Augmented waveform → (noise floor) → (warped) features; {@code r} drives the augmenter. */
    private float[] augmentedFeatures(float[] clean, Random r, long voiceSeed, ClipFeatures fx,
                                      VoiceAugment.Extractors vx) {
        float[] y = augmenter.apply(clean, r);
        if (!voice.active()) {
            return fx.extract(y);
        }
        Random vr = new Random(voiceSeed);
        voice.addNoiseFloor(y, vr);
        return vx.extract(y, vr);
    }

    @Override
    public int size() {
        return samples.size();
    }

    /**
     * Computes (or loads from {@code cacheDir}) the K augmented copies; a no-op when
     * {@code variants == 0}. Returns the seconds spent computing (0 when loaded).
     */
    double prepare(Path cacheDir, int threads) {
        if (variants == 0 || pool != null) {
            return 0;
        }
        int len = frontend.featureCount();
        Path file = cacheDir.resolve("augmented-" + key() + ".bin");
        float[][] loaded = load(file, len);
        if (loaded != null) {
            pool = loaded;
            LOG.info("augmented features: {} copies of {} clips from {}", variants, samples.size(), file);
            return 0;
        }
        long t0 = System.nanoTime();
        float[][] p = new float[variants][samples.size() * len];
        int n = samples.size();
        ParallelRanges.run("augmenting", n, threads, (from, to) -> {
            ClipFeatures fx = new ClipFeatures(frontend);
            VoiceAugment.Extractors vx = voice.extractors();
            for (int i = from; i < to; i++) {
                SamplePlan.Sample s = samples.get(i);
                if (s.isSilence()) {
                    continue; // silence is drawn fresh every epoch
                }
                float[] clean = audio.audio(s, Split.TRAIN); // read once, augmented K times
                for (int v = 0; v < variants; v++) {
                    Random r = new Random(mix(seed, -1 - v, i));
                    float[] f = augmentedFeatures(clean, r, mix(seed ^ VOICE_SALT, -1 - v, i), fx, vx);
                    System.arraycopy(f, 0, p[v], i * len, len);
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("augmented features: {} copies of {} clips in {} s", variants, n, String.format("%.1f", seconds));
        pool = p;
        save(file, p);
        return seconds;
    }

    @Override
    public LabeledFeatures epoch(int epoch) {
        if (variants > 0 && pool == null) {
            throw new IllegalStateException("prepare() must run before the first epoch");
        }
        int len = frontend.featureCount();
        int n = samples.size();
        float[] out = new float[n * len];
        int[] labels = new int[n];
        ClipFeatures fx = new ClipFeatures(frontend);
        VoiceAugment.Extractors vx = voice.extractors();
        int nbg = audio.backgrounds().size();
        for (int i = 0; i < n; i++) {
            SamplePlan.Sample s = samples.get(i);
            Random r = new Random(mix(seed, epoch, i));
            float[] f;
            if (s.isSilence()) {
                boolean zeros = nbg == 0 || r.nextInt(SamplePlan.ZERO_SILENCE_EVERY) == 0;
                float[] x = zeros ? new float[audio.clipSamples()]
                        : audio.silence(r.nextInt(nbg), r.nextDouble(), r.nextFloat(), Split.TRAIN);
                f = fx.extract(voice.addNoiseFloor(x, new Random(mix(seed ^ VOICE_SALT, epoch, i))));
            } else if (variants > 0) {
                f = new float[len];
                System.arraycopy(pool[r.nextInt(variants)], i * len, f, 0, len);
                Augmenter.specAugment(f, frontend.framesPerClip(), frontend.numCoefficients(), r, config);
            } else {
                f = augmentedFeatures(audio.audio(s, Split.TRAIN), r, mix(seed ^ VOICE_SALT, epoch, i), fx, vx);
                Augmenter.specAugment(f, frontend.framesPerClip(), frontend.numCoefficients(), r, config);
            }
            System.arraycopy(f, 0, out, i * len, len);
            labels[i] = s.label();
        }
        return new LabeledFeatures(out, labels, frontend.framesPerClip(), frontend.numCoefficients());
    }

    /** Identity of the pool: frontend, augmentation settings, seed, K and the sample list. */
    private String key() {
        String settings = frontend.hashHex() + "|" + config + "|" + seed + "|" + variants;
        return CacheKey.of(voice.active() ? settings + "|" + voice.key() : settings).samples(samples).hex();
    }

    private float[][] load(Path file, int len) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC || in.readInt() != variants || in.readInt() != samples.size()
                    || in.readInt() != len) {
                return null;
            }
            float[][] p = new float[variants][samples.size() * len];
            byte[] buf = new byte[len * 4];
            for (float[] v : p) {
                for (int i = 0; i < samples.size(); i++) {
                    in.readFully(buf);
                    java.nio.ByteBuffer.wrap(buf).asFloatBuffer().get(v, i * len, len);
                }
            }
            return p;
        } catch (IOException e) {
            LOG.warn("augmented feature cache {} unreadable ({}); recomputing", file, e.toString());
            return null;
        }
    }

    private void save(Path file, float[][] p) {
        int len = frontend.featureCount();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(variants);
                out.writeInt(samples.size());
                out.writeInt(len);
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(len * 4);
                for (float[] v : p) {
                    for (int i = 0; i < samples.size(); i++) {
                        bb.clear();
                        bb.asFloatBuffer().put(v, i * len, len);
                        out.write(bb.array());
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write augmented feature cache {}: {}", file, e.toString());
        }
    }

    static long mix(long seed, int epoch, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
