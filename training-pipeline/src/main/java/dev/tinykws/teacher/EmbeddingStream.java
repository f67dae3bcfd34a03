package dev.tinykws.teacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming speech embeddings over audio of any length, pushed in chunks of any size: embedding
 * {@code i} covers samples {@code [1280 i, 1280 i + 12640)} of the stream (76 mel frames from frame
 * {@code 8 i}) and is returned as soon as that audio has arrived. Memory stays bounded. Audio in
 * [-1, 1) at 16 kHz. Not thread-safe (one per stream); the {@link SpeechEmbedding} may be shared.
 *
 * <p>The mel model floors its output at 80 dB below the loudest value of each call's input, so mel
 * frames depend on how audio is cut into calls. Here, as in openWakeWord's streaming, mel frames are
 * always computed in fixed groups of {@value #GROUP} frames (1,760 samples per call, hop 1,280): the
 * result is the same whatever the size of the pushed chunks.
 */
public final class EmbeddingStream {

    private static final int H = SpeechEmbedding.MEL_HOP;
    private static final int W = SpeechEmbedding.MEL_WINDOW;
    private static final int T = SpeechEmbedding.WINDOW_FRAMES;
    private static final int S = SpeechEmbedding.STEP_FRAMES;

    /** Mel frames per mel-model call. */
    public static final int GROUP = 8;
    private static final int GROUP_SAMPLES = (GROUP - 1) * H + W;

    private final SpeechEmbedding model;
    /** Audio (int16 range) not yet fully consumed by mel frames; starts at sample {@code bufStart}. */
    private float[] buf = new float[0];
    private long bufStart;
    /** Mel frames kept for future windows; the first is frame {@code melStart}. */
    private final List<float[]> mel = new ArrayList<>();
    private long melStart;
    private long nextEmbedding;

    public EmbeddingStream(SpeechEmbedding model) {
        this.model = model;
    }

    /** Embeddings a stream of {@code samples} samples yields (mel frames only in complete groups). */
    public static long embeddingCount(long samples) {
        long groups = samples < GROUP_SAMPLES ? 0 : (samples - GROUP_SAMPLES) / (GROUP * H) + 1;
        long frames = groups * GROUP;
        return frames < T ? 0 : (frames - T) / S + 1;
    }

    /** Embeddings emitted so far. */
    public long embeddings() {
        return nextEmbedding;
    }

    public List<float[]> accept(float[] audio) {
        return accept(audio, 0, audio.length);
    }

    /** Pushes audio; returns the embeddings completed by it, in order. */
    public List<float[]> accept(float[] audio, int off, int len) {
        float[] nb = Arrays.copyOf(buf, buf.length + len);
        for (int i = 0; i < len; i++) {
            nb[buf.length + i] = audio[off + i] * 32768f;
        }
        buf = nb;
        int groups = buf.length < GROUP_SAMPLES ? 0 : (buf.length - GROUP_SAMPLES) / (GROUP * H) + 1;
        for (int g = 0; g < groups; g++) {
            int from = g * GROUP * H;
            mel.addAll(Arrays.asList(model.melInt16(Arrays.copyOfRange(buf, from, from + GROUP_SAMPLES))));
        }
        if (groups > 0) {
            int consumed = groups * GROUP * H;
            buf = Arrays.copyOfRange(buf, consumed, buf.length);
            bufStart += consumed;
        }
        // windows whose 76 frames are all available
        long melEnd = melStart + mel.size();
        List<Integer> starts = new ArrayList<>();
        while (nextEmbedding * S + T <= melEnd) {
            starts.add((int) (nextEmbedding * S - melStart));
            nextEmbedding++;
        }
        List<float[]> out = new ArrayList<>();
        if (!starts.isEmpty()) {
            float[][] m = mel.toArray(new float[0][]);
            out.addAll(Arrays.asList(model.embed(m, starts.stream().mapToInt(Integer::intValue).toArray())));
        }
        // drop frames no future window needs
        long keepFrom = nextEmbedding * S;
        int drop = (int) Math.max(0, Math.min(mel.size(), keepFrom - melStart));
        if (drop > 0) {
            mel.subList(0, drop).clear();
            melStart += drop;
        }
        return out;
    }
}
