package dev.tinykws.contract;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A detection threshold on the averaged keyword probability (docs/SPEC.md section 4) and the one
 * place that converts it between its three forms:
 * <ul>
 *   <li>the probability 0..1: model.json {@code detector.threshold}, the CLI's {@code --threshold};</li>
 *   <li>the Q8 level 0..255 the detector compares the averaged int8-softmax score with
 *       ({@code KWS_DET_THRESHOLD_Q}): {@code q = clamp(round(p * 256), 0, 255)}, back {@code q / 256};</li>
 *   <li>thousandths, written {@code 0.xxx}: the serial protocol's {@code HELLO} and {@code THRESH}
 *       fields; the firmware turns a received value into {@code q = (milli * 256 + 500) / 1000}.</li>
 * </ul>
 * Scores (the averaged probability of a detection) live on the same Q8 scale; the static
 * {@code ...OfQ} helpers convert them the way the firmware prints them.
 *
 * @param probability the threshold as a probability, 0..1
 */
public record Threshold(double probability) {

    /** Highest Q8 level (the averaged score is 0..255). */
    public static final int MAX_Q = 255;
    /** Q8 levels per unit of probability: {@code p = q / Q_SCALE}. */
    public static final int Q_SCALE = 256;

    private static final Pattern WIRE = Pattern.compile("0\\.\\d{3}|1\\.000");

    public Threshold {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a threshold is a probability 0..1, got " + probability);
        }
    }

    /** The threshold {@code p} (0..1). */
    public static Threshold of(double probability) {
        return new Threshold(probability);
    }

    /** The threshold whose Q8 level is exactly {@code q}: {@code q / 256}, so {@code ofQ(q).q() == q}. */
    public static Threshold ofQ(int q) {
        return new Threshold(probabilityOfQ(q));
    }

    /** Parses the protocol text {@code 0.xxx} (or {@code 1.000}). */
    public static Threshold parse(String text) {
        if (text == null || !WIRE.matcher(text).matches()) {
            throw new IllegalArgumentException("threshold '" + text + "' is not 0.xxx");
        }
        return new Threshold(Double.parseDouble(text));
    }

    /** The Q8 level: {@code clamp(round(p * 256), 0, 255)}. */
    public int q() {
        return (int) Math.max(0, Math.min(MAX_Q, Math.floor(probability * Q_SCALE + 0.5)));
    }

    /** The protocol text: the probability with three decimals, {@code 0.xxx}. */
    public String text() {
        return String.format(Locale.ROOT, "%.3f", probability);
    }

    /** The probability in thousandths (the digits of {@link #text()}). */
    public int milli() {
        return new BigDecimal(text()).movePointRight(3).intValueExact();
    }

    /** {@code q / 256}: a Q8 level (threshold or averaged score) as a probability. */
    public static double probabilityOfQ(int q) {
        requireQ(q);
        return q / (double) Q_SCALE;
    }

    /** {@code (q * 1000 + 128) / 256}: a Q8 level in thousandths, rounded in integers as the firmware does. */
    public static int milliOfQ(int q) {
        requireQ(q);
        return (q * 1000 + Q_SCALE / 2) / Q_SCALE;
    }

    /** A Q8 level as the firmware prints it: {@link #milliOfQ} as {@code 0.xxx} (or {@code 1.000}). */
    public static String textOfQ(int q) {
        int milli = milliOfQ(q);
        return (milli / 1000) + "." + String.format(Locale.ROOT, "%03d", milli % 1000);
    }

    /** The firmware's Q8 level of a received {@code THRESH} value: {@code clamp((milli * 256 + 500) / 1000, 0, 255)}. */
    public static int qOfMilli(int milli) {
        if (milli < 0 || milli > 1000) {
            throw new IllegalArgumentException("thousandths must be 0..1000, got " + milli);
        }
        return Math.min(MAX_Q, (milli * Q_SCALE + 500) / 1000);
    }

    private static void requireQ(int q) {
        if (q < 0 || q > MAX_Q) {
            throw new IllegalArgumentException("a Q8 level is 0.." + MAX_Q + ", got " + q);
        }
    }
}
