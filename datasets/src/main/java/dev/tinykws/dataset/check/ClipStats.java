package dev.tinykws.dataset.check;

/** Level checks shared by check, convert and record. */
public final class ClipStats {
    /** A take is silent when its loudest 10 ms frame is below this (dBFS). */
    public static final double SILENCE_DBFS = -50;
    /** Samples at or beyond this magnitude count as clipped. */
    public static final float CLIP_LEVEL = 32767f / 32768f;
    /** A take is clipped when this many samples hit full scale (runs of flat tops). */
    public static final int CLIPPED_SAMPLES = 3;

    private ClipStats() {
    }

    /** RMS of the loudest 10 ms frame in dBFS (-inf for digital silence). */
    public static double loudestFrameDbfs(float[] x, int sampleRate) {
        int f = Math.max(1, sampleRate / 100);
        double best = 0;
        for (int s = 0; s < x.length; s += f) {
            double e = 0;
            int end = Math.min(x.length, s + f);
            for (int i = s; i < end; i++) {
                e += x[i] * x[i];
            }
            best = Math.max(best, e / (end - s));
        }
        return 10 * Math.log10(best);
    }

    /** Number of samples at full scale of 16-bit audio. */
    public static int fullScaleSamples(float[] x) {
        return fullScaleSamples(x, 16);
    }

    /** Number of samples at full scale for a sample size in bits. */
    public static int fullScaleSamples(float[] x, int bits) {
        float top = (float) (1 - Math.pow(2, -(Math.min(bits, 24) - 1)));
        int n = 0;
        for (float v : x) {
            if (v >= top || v <= -1f) {
                n++;
            }
        }
        return n;
    }

    public static boolean silent(float[] x, int sampleRate) {
        return loudestFrameDbfs(x, sampleRate) < SILENCE_DBFS;
    }

    public static boolean clipped(float[] x) {
        return fullScaleSamples(x) >= CLIPPED_SAMPLES;
    }
}
