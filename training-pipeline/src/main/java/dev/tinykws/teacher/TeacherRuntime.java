package dev.tinykws.teacher;

import dev.tinykws.detect.ClipModel;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.InferenceListener;
import dev.tinykws.detect.ClipScorer;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The teacher as a {@link ClipModel}, so {@code evaluate}, {@code detect} and {@code eval-stream}
 * take a host model package like a device one.
 *
 * <ul>
 *   <li>Clips: prior-corrected probabilities of the clip's 288 features (through the optional
 *       {@link FeatureCache}); clips that are not 16,000 samples are zero-padded or cut.</li>
 *   <li>Streams: {@link EmbeddingStream} gives one embedding per 80 ms; after each one (or every
 *       {@code strideFrames / 8} of them; strideFrames counts 10-ms mel hops) the last 16 embeddings
 *       — 2 s of audio, the span a training clip's context covers — are pooled like a clip's and
 *       scored. The window's 1-s "clip" is the middle of those 2 s, so {@code t_ms} is the end of
 *       the middle second (0.5 s before the newest audio). Probabilities are reported as int8
 *       (round(p·256) − 128, the SPEC §3 convention).</li>
 * </ul>
 */
public final class TeacherRuntime implements ClipModel {

    private final String name;
    private final TeacherModel model;
    private final DetectorConfig detector;
    private final FeatureCache cache;

    public TeacherRuntime(String name, TeacherModel model, DetectorConfig detector, FeatureCache cache) {
        this.name = Objects.requireNonNull(name);
        this.model = Objects.requireNonNull(model);
        this.detector = Objects.requireNonNull(detector);
        this.cache = cache;
    }

    /** Loads a host model package with the build's embedding and the default feature cache. */
    public static TeacherRuntime load(Path dir) {
        TeacherPackage p = TeacherPackage.load(dir);
        SpeechEmbedding emb = SharedEmbedding.get();
        return new TeacherRuntime(dir.toAbsolutePath().normalize().getFileName().toString(), p.model(emb), p.detector(),
                FeatureCache.open(FeatureCache.defaultDir(), emb));
    }

    public TeacherModel model() {
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public DetectorConfig detector() {
        return detector;
    }

    @Override
    public int sampleRate() {
        return SpeechEmbedding.SAMPLE_RATE;
    }

    @Override
    public TeacherRuntime withDetector(DetectorConfig d) {
        return new TeacherRuntime(name, model, d, cache);
    }

    /** Clip features of any-length audio (fitted to 1 s), through the cache when there is one. */
    public float[] features(float[] audio) {
        float[] clip = fit(audio);
        return cache == null ? model.features(clip) : cache.features(model.embedding(), clip);
    }

    /** Prior-corrected probabilities of a clip of any length (fitted to 1 s). */
    public float[] probabilities(float[] audio) {
        return model.probabilitiesOfFeatures(features(audio));
    }

    static float[] fit(float[] audio) {
        return audio.length == SpeechEmbedding.CLIP_SAMPLES ? audio : Arrays.copyOf(audio, SpeechEmbedding.CLIP_SAMPLES);
    }

    @Override
    public ClipScorer clipScorer() {
        return new ClipScorer() {
            @Override
            public List<String> variants() {
                return List.of("teacher");
            }

            @Override
            public int[] classify(float[] audio16k) {
                return new int[]{ClipScorer.argmax(probabilities(audio16k))};
            }
        };
    }

    /** Probabilities as the int8 softmax convention (scale 1/256, zero point -128). */
    public static byte[] toInt8(float[] p) {
        byte[] q = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = (byte) Math.max(-128, Math.min(127, Math.round(p[i] * 256f) - 128));
        }
        return q;
    }

    /** Embeddings between two scores. */
    private int every() {
        return Math.max(1, Math.round(detector.strideFrames() / (float) SpeechEmbedding.STEP_FRAMES));
    }

    /**
     * The first score needs 16 embeddings (2 s of context; with mel frames in groups of 8, 32,480 samples
     * ≈ 2.03 s): shorter input is padded to it.
     */
    @Override
    public long minSamples() {
        int frames = SpeechEmbedding.WINDOW_FRAMES + (SpeechEmbedding.EMBEDDINGS_PER_CLIP - 1) * SpeechEmbedding.STEP_FRAMES;
        int groups = (frames + EmbeddingStream.GROUP - 1) / EmbeddingStream.GROUP;
        return (EmbeddingStream.GROUP - 1) * SpeechEmbedding.MEL_HOP + SpeechEmbedding.MEL_WINDOW
                + (long) (groups - 1) * EmbeddingStream.GROUP * SpeechEmbedding.MEL_HOP;
    }

    /** A short input is put where a training clip sits: the middle second of the 2-s window (0.5 s lead-in). */
    @Override
    public int shortInputLead() {
        return (SpeechEmbedding.CONTEXT_SAMPLES - SpeechEmbedding.CLIP_SAMPLES) / 2;
    }

    /**
     * A score covers the middle second of its window, so the last 0.5 s of a stream (plus up to one score stride
     * and one mel group) is only scored once that much silence follows it.
     */
    @Override
    public long flushSamples() {
        long hop = (long) SpeechEmbedding.STEP_FRAMES * SpeechEmbedding.MEL_HOP;
        return shortInputLead() + every() * hop + (long) EmbeddingStream.GROUP * SpeechEmbedding.MEL_HOP;
    }

    @Override
    public AudioScorer audioScorer(InferenceListener listener) {
        int every = every();
        EmbeddingStream stream = new EmbeddingStream(model.embedding());
        int n = SpeechEmbedding.EMBEDDINGS_PER_CLIP;
        ArrayDeque<float[]> last = new ArrayDeque<>(n);
        long[] inferences = {0};
        return new AudioScorer() {
            @Override
            public void push(float[] audio, int off, int len) {
                List<float[]> fresh = stream.accept(audio, off, len);
                long first = stream.embeddings() - fresh.size();
                for (int k = 0; k < fresh.size(); k++) {
                    long i = first + k;
                    if (last.size() == n) {
                        last.removeFirst();
                    }
                    last.addLast(fresh.get(k));
                    if (last.size() < n || (i - (n - 1)) % every != 0) {
                        continue;
                    }
                    float[] f = SpeechEmbedding.pool(last.toArray(new float[0][]), 0, n);
                    long startSample = (i - (n - 1)) * (long) SpeechEmbedding.STEP_FRAMES * SpeechEmbedding.MEL_HOP;
                    long tMs = (startSample + 3L * SpeechEmbedding.SAMPLE_RATE / 2) * 1000L / SpeechEmbedding.SAMPLE_RATE;
                    inferences[0]++;
                    listener.onInference(tMs, toInt8(model.probabilitiesOfFeatures(f)));
                }
            }

            @Override
            public long inferences() {
                return inferences[0];
            }

            @Override
            public long frames() {
                return stream.embeddings() * SpeechEmbedding.STEP_FRAMES;
            }
        };
    }
}
