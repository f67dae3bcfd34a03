package dev.tinykws.monitor.protocol;

import dev.tinykws.monitor.error.MonitorException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encoding of protocol lines (host to device, and for simulators and tests). */
public final class Frames {
    /** Maximum line length in bytes, including {@code $} and CRLF. */
    public static final int MAX_LINE_BYTES = 1024;
    public static final String TALKER = "TKWS";

    private Frames() {
    }

    /** XOR of bytes {@code [from, to)}. */
    public static int checksum(byte[] bytes, int from, int to) {
        int cs = 0;
        for (int i = from; i < to; i++) {
            cs ^= bytes[i] & 0xFF;
        }
        return cs;
    }

    /** XOR of the characters of {@code body} (the text strictly between {@code $} and {@code *}). */
    public static int checksum(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        return checksum(b, 0, b.length);
    }

    /** True when {@code s} may be a field: printable ASCII without {@code $ , * \}. */
    public static boolean isValidField(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '$' || c == ',' || c == '*' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The full line with CRLF, e.g. {@code $TKWS,THRESH,3,0.850*4A\r\n}. */
    public static String encode(String type, int seq, List<String> fields) {
        if (seq < 0 || seq > 0xFFFF) {
            throw new MonitorException("sequence number " + seq + " out of range 0..65535");
        }
        if (type.isEmpty() || !type.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new MonitorException("line type '" + type + "' must be upper-case letters");
        }
        StringBuilder body = new StringBuilder(64).append(TALKER).append(',').append(type).append(',').append(seq);
        for (String f : fields) {
            if (!isValidField(f)) {
                throw new MonitorException("field '" + f + "' contains a character not allowed on the wire ($ , * \\ or non-printable)");
            }
            body.append(',').append(f);
        }
        String line = "$" + body + "*" + String.format("%02X", checksum(body.toString())) + "\r\n";
        if (line.length() > MAX_LINE_BYTES) {
            throw new MonitorException("line of " + line.length() + " bytes exceeds the protocol limit of " + MAX_LINE_BYTES);
        }
        return line;
    }

    public static String encode(String type, int seq, String... fields) {
        return encode(type, seq, List.of(fields));
    }

    public static byte[] encodeBytes(String type, int seq, String... fields) {
        return encode(type, seq, List.of(fields)).getBytes(StandardCharsets.US_ASCII);
    }
}
