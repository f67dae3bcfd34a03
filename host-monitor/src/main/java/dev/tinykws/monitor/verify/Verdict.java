package dev.tinykws.monitor.verify;

import java.util.Locale;

/**
 * The second stage's decision on one detection.
 *
 * @param tMs           the detection's time (end of the device's window) in the stream
 * @param keyword       the detected keyword
 * @param deviceScore   the first stage's score
 * @param verifierScore the verifier's best score for the keyword over the windows tried
 * @param confirmed     verifierScore &gt;= the second stage's threshold
 * @param windowEndMs   end of the 1-s window that gave verifierScore, or -1 when no audio covered the detection
 */
public record Verdict(long tMs, String keyword, double deviceScore, double verifierScore, boolean confirmed,
                      long windowEndMs) {

    public boolean hadAudio() {
        return windowEndMs >= 0;
    }

    public String word() {
        return !hadAudio() ? "unverified" : confirmed ? "confirmed" : "rejected";
    }

    /** One JSON object: the detection's fields plus the verdict and the verifier's score. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"t_ms\":%d,\"keyword\":\"%s\",\"score\":%.3f,\"verdict\":\"%s\","
                + "\"verifier_score\":%.3f}", tMs, keyword.replace("\\", "\\\\").replace("\"", "\\\""), deviceScore,
                word(), verifierScore);
    }
}
