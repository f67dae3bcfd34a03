package dev.tinykws.eval.stream;

/**
 * Streaming metrics at one detector setting.
 *
 * @param keywordEvents keywords in the stream
 * @param hits          keywords detected (right keyword within the tolerance of the word's end)
 * @param falseAccepts  detections that matched no keyword (wrong word, distractor, noise, or a duplicate)
 * @param durationMs    stream length
 */
public record StreamScore(int keywordEvents, int hits, int falseAccepts, long durationMs) {

    public int misses() {
        return keywordEvents - hits;
    }

    /** Missed keywords / keywords (NaN when there are none). */
    public double falseRejectRate() {
        return keywordEvents == 0 ? Double.NaN : (double) misses() / keywordEvents;
    }

    /** False accepts per hour of stream. */
    public double falseAcceptsPerHour() {
        return falseAccepts * 3_600_000.0 / durationMs;
    }
}
