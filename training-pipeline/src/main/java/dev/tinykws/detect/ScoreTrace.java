package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every inference of a stream, {@code (t_ms, p[])}, kept compactly so detection can be
 * replayed with other detector settings (threshold sweeps, calibration) without running
 * the model again.
 */
public final class ScoreTrace implements InferenceListener {

    private final int numLabels;
    private long[] times = new long[1024];
    private byte[] scores;
    private int size;

    public ScoreTrace(int numLabels) {
        this.numLabels = numLabels;
        this.scores = new byte[1024 * numLabels];
    }

    @Override
    public void onInference(long tMs, byte[] int8Scores) {
        if (int8Scores.length != numLabels) {
            throw new IllegalArgumentException("expected " + numLabels + " scores, got " + int8Scores.length);
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            scores = Arrays.copyOf(scores, size * 2 * numLabels);
        }
        times[size] = tMs;
        System.arraycopy(int8Scores, 0, scores, size * numLabels, numLabels);
        size++;
    }

    public int size() {
        return size;
    }

    public int numLabels() {
        return numLabels;
    }

    public long timeMs(int i) {
        return times[i];
    }

    /** Unsigned score p = q + 128 of inference {@code i}, label {@code c}. */
    public int score(int i, int c) {
        return scores[i * numLabels + c] + 128;
    }

    /** Runs a fresh detector over the whole trace. */
    public List<Detection> replay(Detector detector) {
        List<Detection> out = new ArrayList<>();
        int[] p = new int[numLabels];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < numLabels; c++) {
                p[c] = scores[i * numLabels + c] + 128;
            }
            detector.process(times[i], p).ifPresent(out::add);
        }
        return out;
    }

    /** Replays with the given settings and an explicit 0..255 threshold. */
    public List<Detection> replay(DetectorConfig config, List<String> labels, int thresholdQ) {
        Detector d = new Detector(config, labels);
        d.setThresholdQ(thresholdQ);
        return replay(d);
    }
}
