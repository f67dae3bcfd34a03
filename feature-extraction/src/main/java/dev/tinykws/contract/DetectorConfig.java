package dev.tinykws.contract;

/**
 * Posterior smoothing settings (docs/SPEC.md section 4), stored in model.json under
 * "detector" and generated into the firmware as KWS_DET_* constants.
 *
 * @param averageWindowMs scores of inferences newer than this are averaged
 * @param threshold       detection threshold on the averaged probability, 0..1
 * @param suppressionMs   minimum time between two detections
 * @param minCount        minimum number of inferences in the window before detecting
 * @param strideFrames    one inference every this many frame hops
 */
public record DetectorConfig(int averageWindowMs, double threshold, int suppressionMs, int minCount, int strideFrames) {

    public DetectorConfig {
        if (averageWindowMs <= 0 || suppressionMs < 0 || minCount < 1 || strideFrames < 1
                || !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("invalid detector settings: window " + averageWindowMs
                    + " ms, threshold " + threshold + ", suppression " + suppressionMs + " ms, minCount "
                    + minCount + ", stride " + strideFrames);
        }
    }

    public static DetectorConfig defaults() {
        return new DetectorConfig(500, 0.70, 1500, 3, 5);
    }

    /**
     * Defaults for a model architecture. DS-CNN-S costs 6.56 M instructions per inference on a
     * Cortex-M4 (bench/results/firmware-core.md): at 64 MHz it keeps 50% headroom only with an
     * inference every 18+ hops (CPI 1.3), so it runs every 20 hops (400 ms) and averages the last
     * two inferences (800 ms window, one is enough). On a 6-minute test stream this setting had the
     * same or lower false-reject rate at 10 false accepts/hour than one inference per 100 ms
     * (docs/evaluation.md). Small models (tiny-conv, 80 k MACs) use {@link #defaults()}.
     */
    public static DetectorConfig defaultsFor(String architecture) {
        if (architecture != null && architecture.toLowerCase(java.util.Locale.ROOT).startsWith("ds-cnn")) {
            return new DetectorConfig(800, 0.70, 1500, 1, 20);
        }
        return defaults();
    }

    /** The threshold with its Q8 and protocol forms. */
    public Threshold detectionThreshold() {
        return Threshold.of(threshold);
    }

    /** Threshold on the 0..255 averaged score: clamp(round(threshold * 256), 0, 255) ({@link Threshold#q()}). */
    public int thresholdQ() {
        return detectionThreshold().q();
    }

    public DetectorConfig withThreshold(double t) {
        return new DetectorConfig(averageWindowMs, t, suppressionMs, minCount, strideFrames);
    }
}
