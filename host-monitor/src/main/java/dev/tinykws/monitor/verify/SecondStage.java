package dev.tinykws.monitor.verify;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Re-scores the detections of a first stage (the device) with a {@link DetectionVerifier}: for a
 * detection at {@code t_ms} the verifier scores the 1-s windows ending at {@code t_ms + shift} for
 * each shift ({@link #DEFAULT_SHIFTS_MS}: the device's window end is only roughly where the keyword
 * ends) and keeps the best; confirmed when that score is at least the threshold.
 *
 * <p>Two ways to feed audio: streaming ({@link #audio} in order, then {@link #detection}; a
 * detection waits until the audio up to {@code t_ms + largest shift} has arrived, and only the last
 * few seconds are kept), or a whole recording at once ({@link #verify(long, String, double, float[])},
 * e.g. the stream an emulated device played). Not thread-safe.
 */
public final class SecondStage {

    public static final int WINDOW_MS = 1000;
    public static final int[] DEFAULT_SHIFTS_MS = {-250, 0, 250};
    private static final int KEEP_MS = 4000;

    private record Pending(long tMs, String keyword, double score) { }

    private final DetectionVerifier verifier;
    private final double threshold;
    private final int sampleRate;
    private final int[] shiftsMs;
    private final Consumer<Verdict> out;
    private final float[] ring;
    private long total;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /**
     * @param out receives the verdicts of streamed detections (may be null when only
     *            {@link #verify(long, String, double, float[])} is used)
     */
    public SecondStage(DetectionVerifier verifier, double threshold, int sampleRate, Consumer<Verdict> out) {
        this(verifier, threshold, sampleRate, DEFAULT_SHIFTS_MS, out);
    }

    public SecondStage(DetectionVerifier verifier, double threshold, int sampleRate, int[] shiftsMs,
                       Consumer<Verdict> out) {
        if (!(threshold >= 0 && threshold <= 1) || sampleRate <= 0 || shiftsMs.length == 0) {
            throw new IllegalArgumentException("second stage: threshold must be in 0..1 (got " + threshold
                    + "), sample rate > 0, at least one window shift");
        }
        this.verifier = Objects.requireNonNull(verifier);
        this.threshold = threshold;
        this.sampleRate = sampleRate;
        this.shiftsMs = shiftsMs.clone();
        this.out = out == null ? v -> { } : out;
        this.ring = new float[(int) ((long) (KEEP_MS + 2 * maxAbs(shiftsMs) + WINDOW_MS) * sampleRate / 1000)];
    }

    public double threshold() {
        return threshold;
    }

    public DetectionVerifier verifier() {
        return verifier;
    }

    /** Samples streamed so far. */
    public long samples() {
        return total;
    }

    /** Appends streamed audio (mono, [-1, 1)) and verifies the detections it completes. */
    public void audio(float[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) ((total + i) % ring.length)] = buf[off + i];
        }
        total += len;
        drain(false);
    }

    /** A streamed first-stage detection; verified as soon as its audio is there. */
    public void detection(long tMs, String keyword, double deviceScore) {
        pending.addLast(new Pending(tMs, keyword, deviceScore));
        drain(false);
    }

    /** End of the stream: verifies what is left with the audio there is. */
    public void finish() {
        drain(true);
    }

    private void drain(boolean atEnd) {
        while (!pending.isEmpty()) {
            Pending d = pending.peekFirst();
            if (!atEnd && total < toSample(d.tMs() + maxShift())) {
                return;
            }
            pending.removeFirst();
            out.accept(verify(d.tMs(), d.keyword(), d.score(), this::fromRing));
        }
    }

    private float[] fromRing(long start, long end) {
        if (start < 0 || end > total || start < total - ring.length) {
            return null;
        }
        float[] w = new float[(int) (end - start)];
        for (int i = 0; i < w.length; i++) {
            w[i] = ring[(int) ((start + i) % ring.length)];
        }
        return w;
    }

    /** Verifies one detection against a whole recording whose sample 0 is the device's t = 0. */
    public Verdict verify(long tMs, String keyword, double deviceScore, float[] recording) {
        return verify(tMs, keyword, deviceScore, (start, end) -> start < 0 || end > recording.length ? null
                : java.util.Arrays.copyOfRange(recording, (int) start, (int) end));
    }

    private interface Windows {
        float[] window(long start, long end);
    }

    private Verdict verify(long tMs, String keyword, double deviceScore, Windows src) {
        long win = toSample(WINDOW_MS);
        double best = -1;
        long bestEnd = -1;
        for (int s : shiftsMs) {
            long end = toSample(tMs + s);
            float[] w = src.window(end - win, end);
            if (w == null) {
                continue;
            }
            double score = verifier.score(keyword, w);
            if (score > best) {
                best = score;
                bestEnd = tMs + s;
            }
        }
        if (bestEnd < 0) {
            return new Verdict(tMs, keyword, deviceScore, 0, false, -1);
        }
        return new Verdict(tMs, keyword, deviceScore, best, best >= threshold, bestEnd);
    }

    private long toSample(long ms) {
        return ms * sampleRate / 1000;
    }

    private int maxShift() {
        int m = Integer.MIN_VALUE;
        for (int x : shiftsMs) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static int maxAbs(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
