package dev.tinykws.detect.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic scenarios written into {@code golden_detector.h}: two random streams
 * and crafted edge cases (see docs/evaluation.md for what each one pins down).
 */
public final class DetectorScenarios {

    private DetectorScenarios() {
    }

    public static List<DetectorScenario> all() {
        List<DetectorScenario> list = new ArrayList<>();
        list.add(randomDefaults());
        list.add(belowThreshold());
        list.add(suppressionBoundary());
        list.add(labelSwitch());
        list.add(minCount());
        list.add(windowEviction());
        list.add(silenceUnknownTop());
        list.add(queueOverflow());
        list.add(randomJitter());
        return List.copyOf(list);
    }

    /** Row with keyword {@code label} at {@code v}, silence taking 255 - v, everything else 0. */
    static int[] row(int numLabels, int label, int v) {
        int[] p = new int[numLabels];
        p[label] = v;
        if (label != 0) {
            p[0] = 255 - v;
        }
        return p;
    }

    static int[] of(int... p) {
        return p;
    }

    /** S0: 300 random inferences every 100 ms with keyword bursts; the product defaults. */
    static DetectorScenario randomDefaults() {
        SplittableRandom rnd = new SplittableRandom(20240601L);
        int n = 300;
        int labels = 5;
        long[] t = new long[n];
        int[][] s = new int[n][];
        int dominant = 0;
        int left = 0;
        for (int i = 0; i < n; i++) {
            t[i] = 1000 + 100L * i;
            if (left == 0) {
                int r = rnd.nextInt(10);
                dominant = r < 4 ? 0 : r < 6 ? 1 : 2 + rnd.nextInt(labels - 2);
                left = 3 + rnd.nextInt(10);
            }
            left--;
            s[i] = randomRow(rnd, labels, dominant);
        }
        return new DetectorScenario("random_defaults", "random bursts, defaults (500 ms, thresholdQ 179, 1500 ms, min 3)",
                500, 179, 1500, 3, labels, t, s);
    }

    /** A softmax-like row summing to about 256 with {@code dominant} usually on top. */
    static int[] randomRow(SplittableRandom rnd, int labels, int dominant) {
        double[] w = new double[labels];
        double sum = 0;
        for (int c = 0; c < labels; c++) {
            w[c] = rnd.nextDouble() * (c == dominant ? 6 + rnd.nextDouble() * 30 : 1);
            sum += w[c];
        }
        int[] p = new int[labels];
        for (int c = 0; c < labels; c++) {
            p[c] = (int) Math.min(255, Math.floor(w[c] / sum * 256));
        }
        return p;
    }

    /**
     * S1: the average sits at thresholdQ - 1 (no detection), then reaches exactly thresholdQ:
     * 178 x5 averages to 178; (3*178 + 2*182)/5 = 179.6 -> 179 = thresholdQ detects.
     */
    static DetectorScenario belowThreshold() {
        int n = 12;
        long[] t = new long[n];
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            t[i] = 1000 + 100L * i;
            int v = i < 9 ? 178 : 182;
            s[i] = of(60, 10, v, 8);
        }
        return new DetectorScenario("below_threshold", "average 178 < 179 never detects; 179 == thresholdQ detects",
                500, 179, 1500, 3, 4, t, s);
    }

    /**
     * S2: the keyword is always on top; detections exactly suppressionMs apart are allowed,
     * one millisecond earlier is not: times 1000..1900, 1999, 2000, ..., 2900, 2999, 3000
     * detect at 1000, 2000, 3000.
     */
    static DetectorScenario suppressionBoundary() {
        List<Long> times = new ArrayList<>();
        for (long x = 1000; x <= 3000; x += 100) {
            if (x == 2000 || x == 3000) {
                times.add(x - 1);
            }
            times.add(x);
        }
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        int[][] s = new int[t.length][];
        for (int i = 0; i < t.length; i++) {
            s[i] = row(3, 2, 230);
        }
        return new DetectorScenario("suppression_boundary", "detections exactly 1000 ms apart pass, 999 ms do not",
                300, 179, 1000, 1, 3, t, s);
    }

    /** S3: keyword 2 high for 8 steps, then keyword 3 high for 10 steps; suppression 500 ms. */
    static DetectorScenario labelSwitch() {
        int n = 18;
        long[] t = new long[n];
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            t[i] = 1000 + 100L * i;
            s[i] = i < 8 ? of(20, 5, 220, 10) : of(20, 5, 10, 220);
        }
        return new DetectorScenario("label_switch", "keyword 2 then keyword 3; the average crosses over",
                500, 179, 500, 3, 4, t, s);
    }

    /**
     * S4: min count 3. Detection only at the 3rd inference (1200); after a 3.8 s gap the
     * queue restarts with one entry, so the next detection is at 5200, not 5000.
     */
    static DetectorScenario minCount() {
        long[] t = {1000, 1100, 1200, 1300, 5000, 5100, 5200, 5300};
        int[][] s = new int[t.length][];
        for (int i = 0; i < t.length; i++) {
            s[i] = row(3, 2, 250);
        }
        return new DetectorScenario("min_count", "no detection before 3 entries are in the window",
                500, 179, 1500, 3, 3, t, s);
    }

    /**
     * S5: window 500, min count 1, no suppression. t=1000 keyword 255 detects; at t=1500 the
     * entry at 1000 (1000 <= 1500 - 500) is dropped, average 150: nothing; at 1999 the entry
     * at 1500 is kept (1500 > 1499): (150 + 207)/2 = 178: nothing; at 2000 it is dropped:
     * (207 + 208)/2 = 207 detects.
     */
    static DetectorScenario windowEviction() {
        long[] t = {1000, 1500, 1999, 2000};
        int[] kw = {255, 150, 207, 208};
        int[][] s = new int[t.length][];
        for (int i = 0; i < t.length; i++) {
            s[i] = row(4, 2, kw[i]);
        }
        return new DetectorScenario("window_eviction", "entries with t_entry <= t - window are dropped (exact boundary)",
                500, 179, 0, 1, 4, t, s);
    }

    /**
     * S6: window 100 at 100 ms steps = only the current entry. Silence or unknown on top
     * never detect; a tie keyword = silence goes to silence (lowest index); a tie between two
     * keywords detects the lower one; a tie unknown = keyword goes to unknown.
     */
    static DetectorScenario silenceUnknownTop() {
        long[] t = {1000, 1100, 1200, 1300, 1400, 1500};
        int[][] s = {
                of(250, 3, 2, 0),
                of(3, 250, 2, 0),
                of(128, 0, 128, 0),
                of(0, 0, 200, 200),
                of(0, 200, 200, 0),
                of(0, 0, 0, 240),
        };
        return new DetectorScenario("silence_unknown_top", "silence/unknown on top and argmax ties (lowest index wins)",
                100, 179, 0, 1, 4, t, s);
    }

    /**
     * S7: window 10 s at 100 ms steps would hold 100 entries but the queue keeps 64 (the
     * oldest is dropped). 10 silent steps, then keyword 255: with 64 entries the average
     * reaches thresholdQ 240 at step 70 (t = 8000); without the cap it would take until step 169.
     */
    static DetectorScenario queueOverflow() {
        int n = 90;
        long[] t = new long[n];
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            t[i] = 1000 + 100L * i;
            s[i] = row(3, 2, i < 10 ? 0 : 255);
        }
        return new DetectorScenario("queue_overflow", "queue capacity 64: the oldest entry is dropped before a push when full",
                10000, 240, 1500, 1, 3, t, s);
    }

    /** S8: 400 random inferences at jittered times (40..160 ms apart), 6 labels, other settings. */
    static DetectorScenario randomJitter() {
        SplittableRandom rnd = new SplittableRandom(77L);
        int n = 400;
        int labels = 6;
        long[] t = new long[n];
        int[][] s = new int[n][];
        long now = 1000;
        int dominant = 0;
        int left = 0;
        for (int i = 0; i < n; i++) {
            t[i] = now;
            now += 40 + rnd.nextInt(121);
            if (left == 0) {
                int r = rnd.nextInt(10);
                dominant = r < 3 ? 0 : r < 5 ? 1 : 2 + rnd.nextInt(labels - 2);
                left = 2 + rnd.nextInt(12);
            }
            left--;
            s[i] = randomRow(rnd, labels, dominant);
        }
        return new DetectorScenario("random_jitter", "random bursts, jittered times, window 700 ms, thresholdQ 150, 800 ms, min 2",
                700, 150, 800, 2, labels, t, s);
    }
}
