package dev.tinykws.teacher;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Google's pretrained speech embedding (openWakeWord's front end) run with ONNX Runtime: 16 kHz audio
 * → 32 log-mel bins per 10 ms ({@code melspectrogram.onnx}, then {@code x/10 + 2}) → one 96-value
 * embedding per window of 76 mel frames ({@code embedding_model.onnx}), windows every 8 frames (80 ms).
 *
 * <p>Audio is given as floats in [-1, 1) (the project's convention, PCM16 / 32768) and fed to the
 * models in int16 range. A 1-s clip is centred in 2 s of low dither (Gaussian, std
 * {@value #DITHER_STD} int16 units, a fixed sequence so results are reproducible) → 197 mel frames →
 * 16 embeddings → {@link #clipFeatures clip features}: mean ‖ max ‖ std over the 16 (288 values).
 *
 * <p>The mel model floors its output at 80 dB below the loudest value of its input (librosa's
 * {@code top_db}), so mel values depend on the span given in one call: clips are always computed
 * on their whole 2-s context, streams in fixed groups ({@link EmbeddingStream}).
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently; each session uses
 * {@code intraOpThreads} threads, so parallelize across clips with one thread each.
 */
public final class SpeechEmbedding implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechEmbedding.class);

    public static final int SAMPLE_RATE = 16000;
    public static final int CLIP_SAMPLES = 16000;
    /** The clip is centred in this many samples of dither. */
    public static final int CONTEXT_SAMPLES = 32000;
    public static final int MEL_BINS = 32;
    public static final int MEL_HOP = 160;
    /** Samples per mel frame (window); frame k covers samples [160k, 160k + 640). */
    public static final int MEL_WINDOW = 640;
    public static final int WINDOW_FRAMES = 76;
    public static final int STEP_FRAMES = 8;
    public static final int EMBEDDING_DIM = 96;
    public static final int FEATURE_DIM = 3 * EMBEDDING_DIM;
    /** Embeddings per 1-s clip in its 2-s context. */
    public static final int EMBEDDINGS_PER_CLIP = ((CONTEXT_SAMPLES - MEL_WINDOW) / MEL_HOP + 1 - WINDOW_FRAMES)
            / STEP_FRAMES + 1;
    public static final double DITHER_STD = 3.0;
    /** Embedding windows per ONNX Runtime call. */
    public static final int BATCH = 64;

    private static final float[] DITHER = dither(CONTEXT_SAMPLES, 20240611L);

    private final OrtEnvironment env;
    private final OrtSession mel;
    private final OrtSession embedding;
    private final String melInput;
    private final String embeddingInput;
    private final Map<String, String> sha256;

    private SpeechEmbedding(OrtEnvironment env, OrtSession mel, OrtSession embedding, Map<String, String> sha256) {
        this.env = env;
        this.mel = mel;
        this.embedding = embedding;
        this.melInput = mel.getInputNames().iterator().next();
        this.embeddingInput = embedding.getInputNames().iterator().next();
        this.sha256 = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sha256));
    }

    /** The build's model files ({@link EmbeddingModelFiles#load()}), one ONNX Runtime thread per call. */
    public static SpeechEmbedding load() {
        return load(EmbeddingModelFiles.load(), 1);
    }

    public static SpeechEmbedding load(EmbeddingModelFiles files, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            OrtSession m = env.createSession(files.mel(), o);
            OrtSession e = env.createSession(files.embedding(), o);
            LOG.debug("speech embedding loaded (ONNX Runtime, {} intra-op threads)", intraOpThreads);
            return new SpeechEmbedding(env, m, e, files.sha256());
        } catch (OrtException e) {
            throw new TeacherException("ONNX Runtime cannot load the speech embedding models: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the two model files (recorded in host model packages). */
    public Map<String, String> modelSha256() {
        return sha256;
    }

    // ---- mel --------------------------------------------------------------------------------

    /** Mel frames produced for {@code samples} samples of audio. */
    public static int melFrames(int samples) {
        return samples < MEL_WINDOW ? 0 : (samples - MEL_WINDOW) / MEL_HOP + 1;
    }

    /** Embeddings produced for {@code frames} mel frames. */
    public static int embeddingCount(int frames) {
        return frames < WINDOW_FRAMES ? 0 : (frames - WINDOW_FRAMES) / STEP_FRAMES + 1;
    }

    /**
     * Scaled log-mel frames ({@code x/10 + 2}) of audio already in int16 range, {@code [frames][32]}.
     */
    public float[][] melInt16(float[] audioInt16) {
        int frames = melFrames(audioInt16.length);
        if (frames == 0) {
            return new float[0][];
        }
        float[] out;
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(audioInt16), new long[]{1, audioInt16.length});
             OrtSession.Result r = mel.run(Map.of(melInput, in))) {
            out = floats(r);
        } catch (OrtException e) {
            throw new TeacherException("melspectrogram inference failed on " + audioInt16.length + " samples: "
                    + e.getMessage(), e);
        }
        if (out.length != frames * MEL_BINS) {
            throw new TeacherException("melspectrogram gave " + out.length + " values for " + audioInt16.length
                    + " samples, expected " + frames + " x " + MEL_BINS);
        }
        float[][] m = new float[frames][MEL_BINS];
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < MEL_BINS; b++) {
                m[f][b] = out[f * MEL_BINS + b] / 10f + 2f;
            }
        }
        return m;
    }

    // ---- embeddings -------------------------------------------------------------------------

    /**
     * Embeddings of the windows of {@code WINDOW_FRAMES} frames starting at the given frame indices of
     * {@code mel}, batched ({@value #BATCH} per call); {@code [starts.length][96]}.
     */
    public float[][] embed(float[][] mel, int[] starts) {
        float[][] out = new float[starts.length][];
        for (int b0 = 0; b0 < starts.length; b0 += BATCH) {
            int n = Math.min(BATCH, starts.length - b0);
            float[] x = new float[n * WINDOW_FRAMES * MEL_BINS];
            for (int i = 0; i < n; i++) {
                int s = starts[b0 + i];
                if (s < 0 || s + WINDOW_FRAMES > mel.length) {
                    throw new IllegalArgumentException("window at frame " + s + " does not fit in " + mel.length
                            + " mel frames");
                }
                for (int t = 0; t < WINDOW_FRAMES; t++) {
                    System.arraycopy(mel[s + t], 0, x, (i * WINDOW_FRAMES + t) * MEL_BINS, MEL_BINS);
                }
            }
            float[] y;
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                    new long[]{n, WINDOW_FRAMES, MEL_BINS, 1});
                 OrtSession.Result r = embedding.run(Map.of(embeddingInput, in))) {
                y = floats(r);
            } catch (OrtException e) {
                throw new TeacherException("embedding inference failed: " + e.getMessage(), e);
            }
            if (y.length != n * EMBEDDING_DIM) {
                throw new TeacherException("embedding model gave " + y.length + " values for " + n + " windows");
            }
            for (int i = 0; i < n; i++) {
                float[] e = new float[EMBEDDING_DIM];
                System.arraycopy(y, i * EMBEDDING_DIM, e, 0, EMBEDDING_DIM);
                out[b0 + i] = e;
            }
        }
        return out;
    }

    /** All embeddings of a mel sequence, every {@value #STEP_FRAMES} frames. */
    public float[][] embeddings(float[][] mel) {
        int n = embeddingCount(mel.length);
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i * STEP_FRAMES;
        }
        return embed(mel, starts);
    }

    /**
     * Embeddings of audio of any length ([-1, 1) floats, 16 kHz) as an {@link EmbeddingStream} computes
     * them (mel in fixed 8-frame groups, so memory stays bounded): embedding i covers samples
     * [1280 i, 1280 i + 12640).
     */
    public float[][] embeddingsOfAudio(float[] audio) {
        EmbeddingStream s = new EmbeddingStream(this);
        List<float[]> out = new ArrayList<>(embeddingCount(melFrames(audio.length)));
        int block = 10 * SAMPLE_RATE;
        for (int i = 0; i < audio.length; i += block) {
            out.addAll(s.accept(audio, i, Math.min(block, audio.length - i)));
        }
        return out.toArray(new float[0][]);
    }

    // ---- clips ------------------------------------------------------------------------------

    /** The 16 embeddings of a 1-s clip centred in 2 s of dither, {@code [16][96]}. */
    public float[][] clipEmbeddings(float[] clip) {
        return embeddings(melInt16(context(clip)));
    }

    /** Mean ‖ max ‖ std over the clip's 16 embeddings: 288 values. */
    public float[] clipFeatures(float[] clip) {
        return pool(clipEmbeddings(clip), 0, EMBEDDINGS_PER_CLIP);
    }

    /** {@link #clipFeatures} of many clips, with the embedding calls batched across clips. */
    public float[][] clipFeatures(List<float[]> clips) {
        int per = EMBEDDINGS_PER_CLIP;
        float[][] out = new float[clips.size()][];
        int group = Math.max(1, BATCH / per);
        for (int c0 = 0; c0 < clips.size(); c0 += group) {
            int n = Math.min(group, clips.size() - c0);
            float[][] allMel = new float[0][];
            List<float[]> frames = new ArrayList<>();
            int[] starts = new int[n * per];
            for (int c = 0; c < n; c++) {
                float[][] m = melInt16(context(clips.get(c0 + c)));
                int base = frames.size();
                for (float[] f : m) {
                    frames.add(f);
                }
                for (int i = 0; i < per; i++) {
                    starts[c * per + i] = base + i * STEP_FRAMES;
                }
            }
            allMel = frames.toArray(allMel);
            float[][] e = embed(allMel, starts);
            for (int c = 0; c < n; c++) {
                out[c0 + c] = pool(e, c * per, per);
            }
        }
        return out;
    }

    /** The 2-s int16-range input of a 1-s clip: dither with the clip added at its centre. */
    static float[] context(float[] clip) {
        if (clip.length != CLIP_SAMPLES) {
            throw new IllegalArgumentException("a clip must have " + CLIP_SAMPLES + " samples (1 s at 16 kHz), got "
                    + clip.length);
        }
        float[] x = DITHER.clone();
        int off = (CONTEXT_SAMPLES - CLIP_SAMPLES) / 2;
        for (int i = 0; i < CLIP_SAMPLES; i++) {
            x[off + i] += clip[i] * 32768f;
        }
        return x;
    }

    /** Mean ‖ max ‖ (population) std over {@code count} embeddings starting at {@code from}: 288 values. */
    public static float[] pool(float[][] emb, int from, int count) {
        if (count < 1 || from < 0 || from + count > emb.length) {
            throw new IllegalArgumentException("cannot pool " + count + " embeddings from " + from + " of " + emb.length);
        }
        float[] f = new float[FEATURE_DIM];
        for (int d = 0; d < EMBEDDING_DIM; d++) {
            double sum = 0;
            double sq = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = from; i < from + count; i++) {
                float v = emb[i][d];
                sum += v;
                sq += (double) v * v;
                max = Math.max(max, v);
            }
            double mean = sum / count;
            f[d] = (float) mean;
            f[EMBEDDING_DIM + d] = max;
            f[2 * EMBEDDING_DIM + d] = (float) Math.sqrt(Math.max(0, sq / count - mean * mean));
        }
        return f;
    }

    private static float[] dither(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (r.nextGaussian() * DITHER_STD);
        }
        return d;
    }

    private static float[] floats(OrtSession.Result r) throws OrtException {
        OnnxTensor t = (OnnxTensor) r.get(0);
        FloatBuffer b = t.getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public void close() {
        try {
            mel.close();
            embedding.close();
        } catch (OrtException e) {
            LOG.warn("closing ONNX Runtime sessions: {}", e.getMessage());
        }
    }
}
