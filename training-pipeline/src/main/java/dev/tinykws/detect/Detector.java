package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;

import java.util.List;
import java.util.Optional;

import static dev.tinykws.contract.Labels.SILENCE;
import static dev.tinykws.contract.Labels.UNKNOWN;

/**
 * Posterior smoothing, exactly docs/SPEC.md section 4 (the same definition as the
 * firmware's C {@code kws_detector}; both are checked against {@code golden_detector.h}).
 *
 * <p>Each inference delivers the softmax output as unsigned scores {@code p = q + 128}
 * (0..255). The detector keeps a queue (capacity {@value #QUEUE_CAPACITY}; when full, the
 * oldest entry is dropped before a push) of {@code (t_ms, p[])}, drops entries with
 * {@code t_entry <= t - averageWindowMs}, averages the scores per label with truncating
 * integer division, takes the argmax (lowest index wins ties) and reports a detection when
 * the top label is a keyword, its average reaches {@code thresholdQ} and the last
 * detection is at least {@code suppressionMs} ago.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class Detector {

    /** Queue capacity, the same as the firmware's. */
    public static final int QUEUE_CAPACITY = 64;

    private final List<String> labels;
    private final int numLabels;
    private final int silenceIndex;
    private final int unknownIndex;
    private final int averageWindowMs;
    private final int suppressionMs;
    private final int minCount;
    private int thresholdQ;

    private final long[] queueT = new long[QUEUE_CAPACITY];
    private final int[][] queueP;
    private int head;   // index of the oldest entry
    private int count;
    private boolean hasDetection;
    private long lastDetectionMs;

    /**
     * @param config detector settings (strideFrames is not used here: the caller decides when to infer)
     * @param labels model labels; {@code _silence_} and {@code _unknown_} (where present) are never detected
     */
    public Detector(DetectorConfig config, List<String> labels) {
        this(config.averageWindowMs(), config.thresholdQ(), config.suppressionMs(), config.minCount(),
                labels, labels.indexOf(SILENCE), labels.indexOf(UNKNOWN));
    }

    /**
     * Low-level constructor with the integer threshold, as the firmware sees it.
     *
     * @param silenceIndex index of {@code _silence_}, or -1 when the model has none
     * @param unknownIndex index of {@code _unknown_}, or -1 when the model has none
     */
    public Detector(int averageWindowMs, int thresholdQ, int suppressionMs, int minCount,
                    List<String> labels, int silenceIndex, int unknownIndex) {
        if (averageWindowMs <= 0 || suppressionMs < 0 || minCount < 1 || minCount > QUEUE_CAPACITY) {
            throw new IllegalArgumentException("invalid detector settings: window " + averageWindowMs
                    + " ms, suppression " + suppressionMs + " ms, minCount " + minCount
                    + " (1.." + QUEUE_CAPACITY + ")");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("detector needs at least one label");
        }
        this.labels = List.copyOf(labels);
        this.numLabels = labels.size();
        this.silenceIndex = silenceIndex;
        this.unknownIndex = unknownIndex;
        this.averageWindowMs = averageWindowMs;
        this.suppressionMs = suppressionMs;
        this.minCount = minCount;
        setThresholdQ(thresholdQ);
        this.queueP = new int[QUEUE_CAPACITY][numLabels];
    }

    public List<String> labels() {
        return labels;
    }

    public int thresholdQ() {
        return thresholdQ;
    }

    /** Changes the threshold (like the device's THRESH command); the queue is kept. */
    public void setThresholdQ(int thresholdQ) {
        if (thresholdQ < 0 || thresholdQ > 255) {
            throw new IllegalArgumentException("thresholdQ out of 0..255: " + thresholdQ);
        }
        this.thresholdQ = thresholdQ;
    }

    /** Forgets all queued scores and the last detection. */
    public void reset() {
        head = 0;
        count = 0;
        hasDetection = false;
        lastDetectionMs = 0;
    }

    /** Number of entries currently in the averaging queue (after the last {@link #process}). */
    public int queued() {
        return count;
    }

    /**
     * Feeds one inference given as the int8 softmax output (scale 1/256, zero point -128).
     */
    public Optional<Detection> processInt8(long tMs, byte[] q) {
        int[] p = new int[q.length];
        for (int i = 0; i < q.length; i++) {
            p[i] = q[i] + 128;
        }
        return process(tMs, p);
    }

    /**
     * Feeds one inference.
     *
     * @param tMs time of the inference (non-decreasing)
     * @param p   unsigned scores 0..255, one per label
     * @return the detection, if this inference triggers one
     */
    public Optional<Detection> process(long tMs, int[] p) {
        if (p.length != numLabels) {
            throw new IllegalArgumentException("expected " + numLabels + " scores, got " + p.length);
        }
        // 1. push (dropping the oldest when full), then evict old entries
        if (count == QUEUE_CAPACITY) {
            head = (head + 1) % QUEUE_CAPACITY;
            count--;
        }
        int tail = (head + count) % QUEUE_CAPACITY;
        queueT[tail] = tMs;
        for (int c = 0; c < numLabels; c++) {
            int v = p[c];
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("score out of 0..255 at label " + c + ": " + v);
            }
            queueP[tail][c] = v;
        }
        count++;
        while (count > 0 && queueT[head] <= tMs - averageWindowMs) {
            head = (head + 1) % QUEUE_CAPACITY;
            count--;
        }
        // 2. minimum count
        if (count < minCount) {
            return Optional.empty();
        }
        // 3. integer average, argmax with the lowest index winning ties
        int top = -1;
        int topAvg = -1;
        for (int c = 0; c < numLabels; c++) {
            int sum = 0;
            for (int i = 0; i < count; i++) {
                sum += queueP[(head + i) % QUEUE_CAPACITY][c];
            }
            int avg = sum / count;
            if (avg > topAvg) {
                topAvg = avg;
                top = c;
            }
        }
        // 4. keyword, threshold, suppression
        if (top == silenceIndex || top == unknownIndex || topAvg < thresholdQ) {
            return Optional.empty();
        }
        if (hasDetection && tMs - lastDetectionMs < suppressionMs) {
            return Optional.empty();
        }
        hasDetection = true;
        lastDetectionMs = tMs;
        return Optional.of(new Detection(tMs, labels.get(top), top, topAvg));
    }
}
