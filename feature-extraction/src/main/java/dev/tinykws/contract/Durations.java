package dev.tinykws.contract;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as every TinyKWS command line writes them (docs/cli.md): a number with a unit suffix,
 * {@code 100ms}, {@code 3s}, {@code 1.5s}, {@code 5m}, {@code 2h}. A bare number means seconds.
 */
public final class Durations {

    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} (a bare number means seconds), rounded
     * to whole milliseconds.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static Duration parse(String value) {
        Matcher m = P.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration like 500ms, 30s, 5m, 2h");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> v * 1000;
        };
        return Duration.ofMillis(Math.round(ms));
    }

    /** The shortest exact form: {@code 1500ms}, {@code 3s}, {@code 5m}, {@code 2h}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return String.format(Locale.ROOT, "%dms", ms);
    }

    /** The duration in (fractional) minutes, for APIs that take minutes. */
    public static double minutes(Duration d) {
        return d.toMillis() / 60_000.0;
    }
}
