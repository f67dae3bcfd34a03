package dev.tinykws.export;

import java.util.Locale;

/** Small helpers to print C99 source text. */
final class CText {

    private CText() { }

    static String int8Array(String name, byte[] a) {
        StringBuilder sb = new StringBuilder();
        sb.append("static const int8_t ").append(name).append('[').append(a.length).append("] = {");
        for (int i = 0; i < a.length; i++) {
            sb.append(i % 24 == 0 ? "\n    " : " ").append(a[i]).append(i + 1 < a.length ? "," : "");
        }
        return sb.append("\n};\n").toString();
    }

    static String int32Array(String name, int[] a) {
        StringBuilder sb = new StringBuilder();
        sb.append("static const int32_t ").append(name).append('[').append(a.length).append("] = {");
        for (int i = 0; i < a.length; i++) {
            sb.append(i % 8 == 0 ? "\n    " : " ").append(int32(a[i])).append(i + 1 < a.length ? "," : "");
        }
        return sb.append("\n};\n").toString();
    }

    /** An int32 literal valid in C for every value (INT32_MIN cannot be written as -2147483648). */
    static String int32(int v) {
        if (v == Integer.MIN_VALUE) {
            return "(-2147483647 - 1)";
        }
        return Integer.toString(v);
    }

    static String define(String name, long value) {
        return "#define " + name + " " + (value < 0 ? "(" + value + ")" : Long.toString(value)) + "\n";
    }

    static String floatLiteral(float f) {
        return String.format(Locale.ROOT, "%.9ef", f);
    }

    /** A C string literal; non-printable or special characters escaped in octal. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f || c == '?') {
                sb.append(String.format(Locale.ROOT, "\\%03o", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }
}
