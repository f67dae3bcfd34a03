package dev.tinykws.train;

import dev.tinykws.dataset.Split;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioIO;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The 1 s waveform of a planned sample: a clip read from disk (optionally kept in memory as
 * PCM16 so augmented epochs do not re-read files), or a silence snippet cut from a background
 * recording. Thread-safe.
 */
public final class ClipAudio {

    private final List<float[]> backgrounds;
    private final int clipSamples;
    private final boolean keepInMemory;
    private final ConcurrentHashMap<Path, short[]> memory = new ConcurrentHashMap<>();

    /**
     * @param backgrounds  background recordings at 16 kHz, indexed like {@code SamplePlan.Sample#background}
     * @param clipSamples  samples per clip (16000)
     * @param keepInMemory keep clip PCM in memory after the first read
     */
    public ClipAudio(List<float[]> backgrounds, int clipSamples, boolean keepInMemory) {
        this.backgrounds = List.copyOf(backgrounds);
        this.clipSamples = clipSamples;
        this.keepInMemory = keepInMemory;
    }

    public List<float[]> backgrounds() {
        return backgrounds;
    }

    int clipSamples() {
        return clipSamples;
    }

    /** The sample's audio, exactly {@code clipSamples} long. */
    public float[] audio(SamplePlan.Sample s, Split split) {
        if (s.isSilence()) {
            return silence(s.background(), s.startFraction(), s.gain(), split);
        }
        Path p = s.clip().path();
        if (keepInMemory) {
            short[] pcm = memory.computeIfAbsent(p, k -> toPcm(read(k)));
            float[] x = new float[clipSamples];
            for (int i = 0; i < clipSamples; i++) {
                x[i] = pcm[i] / 32768f;
            }
            return x;
        }
        return read(p);
    }

    private float[] read(Path p) {
        try {
            float[] x = AudioIO.readMono16k(p);
            return x.length == clipSamples ? x : Arrays.copyOf(x, clipSamples);
        } catch (FeatureException e) {
            throw new TrainingException("cannot read clip " + p + ": " + e.getMessage()
                    + " (run `tinykws dataset check` on the dataset)", e);
        }
    }

    private static short[] toPcm(float[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i] * 32768f)));
        }
        return s;
    }

    /** A snippet of background {@code bg} (or zeros when bg &lt; 0) from the split's part of the file. */
    public float[] silence(int bg, double startFraction, float gain, Split split) {
        float[] out = new float[clipSamples];
        if (bg < 0 || backgrounds.isEmpty()) {
            return out;
        }
        float[] b = backgrounds.get(bg);
        double[] region = SamplePlan.backgroundRegion(split);
        int lo = (int) Math.floor(region[0] * b.length);
        int hi = (int) Math.floor(region[1] * b.length);
        if (hi - lo < clipSamples) {
            lo = 0;
            hi = b.length;
        }
        int span = Math.max(0, hi - lo - clipSamples);
        int start = lo + (int) Math.min(span, Math.floor(startFraction * (span + 1)));
        int n = Math.min(clipSamples, b.length - start);
        for (int i = 0; i < n; i++) {
            out[i] = b[start + i] * gain;
        }
        return out;
    }
}
