package dev.tinykws.dataset.synth;

import dev.tinykws.contract.ClipFormat;

import java.util.Random;

/**
 * Turns an utterance at 16 kHz into a 1 s layout clip: trims leading/trailing silence (10 ms
 * frames more than {@value #TRIM_DB} dB below the loudest frame, keeping {@value #PAD_MS} ms),
 * normalizes the peak, and places the word in the window, centred or at a random offset. The
 * word is never cut: an utterance longer than the window is time-compressed (WSOLA, pitch kept)
 * up to {@code maxCompression}, and rejected with a reason beyond that.
 */
public final class ClipShaper {
    public static final int RATE = ClipFormat.SAMPLE_RATE_HZ;
    public static final int CLIP = RATE;
    static final double TRIM_DB = 40;
    static final int PAD_MS = 30;
    static final float TARGET_PEAK = 0.7f;

    /** Where the word goes in the 1 s window. */
    public enum Placement { CENTRE, RANDOM }

    /** A shaped clip, or the reason there is none; {@code compression} 1 = none. */
    public record Shaped(float[] clip, String rejected, double speechSeconds, double compression) {
        public boolean ok() {
            return rejected == null;
        }
    }

    private final Placement placement;
    private final double maxCompression;

    public ClipShaper(Placement placement, double maxCompression) {
        if (maxCompression < 1) {
            throw new IllegalArgumentException("maxCompression must be >= 1, got " + maxCompression);
        }
        this.placement = placement;
        this.maxCompression = maxCompression;
    }

    /** Returns {start, end} sample indices of the speech (end exclusive), or null when silent. */
    static int[] speechBounds(float[] x, double trimDb) {
        int frame = RATE / 100;
        int frames = (x.length + frame - 1) / frame;
        double[] rms = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            int end = Math.min(x.length, (f + 1) * frame);
            for (int i = f * frame; i < end; i++) {
                e += x[i] * x[i];
            }
            rms[f] = Math.sqrt(e / Math.max(1, end - f * frame));
            max = Math.max(max, rms[f]);
        }
        double thr = Math.max(max * Math.pow(10, -trimDb / 20), 1e-4);
        if (max < 1e-3) {
            return null;
        }
        int first = 0;
        while (first < frames && rms[first] < thr) {
            first++;
        }
        int last = frames - 1;
        while (last > first && rms[last] < thr) {
            last--;
        }
        return new int[] {first * frame, Math.min(x.length, (last + 1) * frame)};
    }

    public Shaped shape(float[] x16k, Random rng) {
        int[] b = speechBounds(x16k, TRIM_DB);
        if (b == null) {
            return new Shaped(null, "engine output is silent", 0, 1);
        }
        int pad = PAD_MS * RATE / 1000;
        int s = Math.max(0, b[0] - pad);
        int e = Math.min(x16k.length, b[1] + pad);
        float[] word = java.util.Arrays.copyOfRange(x16k, s, e);
        double speech = (b[1] - b[0]) / (double) RATE;
        double compression = 1;
        if (word.length > CLIP) {
            compression = word.length / (double) CLIP;
            if (compression > maxCompression) {
                return new Shaped(null, String.format(java.util.Locale.ROOT,
                        "utterance is %.2f s after trimming; longer than 1 s x %.2f compression", word.length
                                / (double) RATE, maxCompression), speech, compression);
            }
            word = Wsola.stretch(word, CLIP);
        }
        float peak = 0;
        for (float v : word) {
            peak = Math.max(peak, Math.abs(v));
        }
        float g = TARGET_PEAK / peak;
        float[] clip = new float[CLIP];
        int room = CLIP - word.length;
        int off = placement == Placement.CENTRE ? room / 2 : (room == 0 ? 0 : rng.nextInt(room + 1));
        for (int i = 0; i < word.length; i++) {
            clip[off + i] = word[i] * g;
        }
        return new Shaped(clip, null, speech, compression);
    }
}
