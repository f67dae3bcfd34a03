package dev.tinykws.features.export;

/**
 * The one C text emitter of the Java side (frontend tables, the int8 model, golden vectors): literals
 * that C99 reads back exactly (floats round-trip, INT32_MIN is spelled so it compiles, strings are
 * escaped), initializer lists and {@code #define}s.
 */
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

    /** {@code static const int8_t name[n] = {...};}, 24 values per line. */
    public static String int8Array(String name, byte[] a) {
        StringBuilder sb = new StringBuilder();
        sb.append("static const int8_t ").append(name).append('[').append(a.length).append("] = {");
        for (int i = 0; i < a.length; i++) {
            sb.append(i % 24 == 0 ? "\n    " : " ").append(a[i]).append(i + 1 < a.length ? "," : "");
        }
        return sb.append("\n};\n").toString();
    }

    /** {@code static const int32_t name[n] = {...};}, 8 values per line. */
    public static String int32Array(String name, int[] a) {
        StringBuilder sb = new StringBuilder();
        sb.append("static const int32_t ").append(name).append('[').append(a.length).append("] = {");
        for (int i = 0; i < a.length; i++) {
            sb.append(i % 8 == 0 ? "\n    " : " ").append(int32(a[i])).append(i + 1 < a.length ? "," : "");
        }
        return sb.append("\n};\n").toString();
    }

    /** An int32 literal valid in C for every value (INT32_MIN cannot be written as -2147483648). */
    public static String int32(int v) {
        if (v == Integer.MIN_VALUE) {
            return "(-2147483647 - 1)";
        }
        return Integer.toString(v);
    }

    /** {@code #define NAME value}, a negative value parenthesized. */
    public static String define(String name, long value) {
        return "#define " + name + " " + (value < 0 ? "(" + value + ")" : Long.toString(value)) + "\n";
    }

    /** A C string literal; non-printable or special characters escaped in octal. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f || c == '?') {
                sb.append(String.format(java.util.Locale.ROOT, "\\%03o", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }
}
