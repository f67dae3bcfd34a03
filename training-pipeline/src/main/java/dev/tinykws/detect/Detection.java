package dev.tinykws.detect;

import dev.tinykws.contract.Threshold;

/**
 * One keyword detection (DESIGN contract 3).
 *
 * @param tMs        end of the keyword in the input stream, milliseconds (the inference time)
 * @param keyword    the detected label
 * @param labelIndex index of the label in the model's label list
 * @param scoreQ     averaged score 0..255 (probability scoreQ/256)
 */
public record Detection(long tMs, String keyword, int labelIndex, int scoreQ) {

    public Detection {
        if (scoreQ < 0 || scoreQ > 255) {
            throw new IllegalArgumentException("score out of 0..255: " + scoreQ);
        }
    }

    /** The score as a probability, scoreQ/256. */
    public double score() {
        return Threshold.probabilityOfQ(scoreQ);
    }

    /** The score with three decimals, computed in integers as in docs/SPEC.md section 4. */
    public String scoreText() {
        return formatScore(scoreQ);
    }

    /**
     * The contract-3 JSON line, e.g. {@code {"t_ms":12340,"keyword":"hey_tiny","score":0.930}}.
     * Keywords are label names (letters, digits, '_', '-'), escaped anyway.
     */
    public String toJson() {
        return "{\"t_ms\":" + tMs + ",\"keyword\":\"" + escape(keyword) + "\",\"score\":" + scoreText() + "}";
    }

    /** {@code milli = (q*1000 + 128) / 256} printed as {@code 0.xxx} (or {@code 1.000}): {@link Threshold#textOfQ}. */
    public static String formatScore(int q) {
        return Threshold.textOfQ(q);
    }

    /** {@code (q*1000 + 128) / 256} for q in 0..255: {@link Threshold#milliOfQ}. */
    public static int scoreMilli(int q) {
        return Threshold.milliOfQ(q);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
