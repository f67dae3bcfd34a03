package dev.tinykws.features.export;

/** Formatting helpers for generated C: float literals that round-trip exactly. */
public final class CFormat {

    private CFormat() {
    }

    /**
     * A C99 float literal that a correctly rounding compiler reads back as exactly {@code v}:
     * Java's shortest round-trip decimal ({@link Float#toString}, which always contains a '.')
     * plus the {@code f} suffix, e.g. {@code 0.5f}, {@code 1.0E-6f}.
     */
    public static String floatLiteral(float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("not a finite float: " + v);
        }
        return Float.toString(v) + "f";
    }

    /** Appends {@code values} as a comma-separated initializer, {@code perLine} per line, indented 4 spaces. */
    public static void floats(StringBuilder sb, float[] values, int from, int to, int perLine) {
        for (int i = from; i < to; i++) {
            if ((i - from) % perLine == 0) {
                sb.append("    ");
            }
            sb.append(floatLiteral(values[i]));
            if (i + 1 < to) {
                sb.append(',');
                sb.append((i - from) % perLine == perLine - 1 ? '\n' : ' ');
            }
        }
        sb.append('\n');
    }

    /** Appends {@code values} as a comma-separated integer initializer. */
    public static void ints(StringBuilder sb, int[] values, int from, int to, int perLine) {
        for (int i = from; i < to; i++) {
            if ((i - from) % perLine == 0) {
                sb.append("    ");
            }
            sb.append(values[i]);
            if (i + 1 < to) {
                sb.append(',');
                sb.append((i - from) % perLine == perLine - 1 ? '\n' : ' ');
            }
        }
        sb.append('\n');
    }

    /** A C block comment body safe to embed (no comment terminator). */
    public static String commentSafe(String s) {
        return s.replace("*/", "* /");
    }
}
