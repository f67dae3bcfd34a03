package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;

/**
 * Device ids as they appear in topics ({@code PREFIX/<device-id>/<type>}) and in the fleet store:
 * 1..64 characters of {@code A-Z a-z 0-9 . _ -}, not starting with a dot and never containing {@code ..}.
 * That rules out the MQTT separators and wildcards ({@code /}, {@code +}, {@code #}), {@code $}, path
 * tricks ({@code ../}), spaces, control characters and anything a page would have to escape. {@code fleet} is
 * reserved: {@code tinykws-fleet} is the fleet's own MQTT client id.
 */
public final class DeviceIds {
    public static final int MAX_LENGTH = 64;
    /** Ids no device may have. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("fleet");

    private DeviceIds() {
    }

    /** @return null when {@code id} is valid, else the reason */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "empty";
        }
        if (id.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return "character " + describe(c) + " at " + i + " (allowed: A-Z a-z 0-9 . _ -)";
            }
        }
        if (id.startsWith(".")) {
            return "starts with '.'";
        }
        if (id.contains("..")) {
            return "contains '..'";
        }
        if (RESERVED.contains(id)) {
            return "'" + id + "' is reserved (the fleet's own MQTT client id is tinykws-" + id + ")";
        }
        return null;
    }

    /**
     * A valid id made of {@code raw}: characters outside {@code A-Z a-z 0-9 . _ -} become {@code -}, dots that
     * would start the id or follow one another become {@code -}, cut to {@value #MAX_LENGTH}; {@code fallback}
     * when nothing usable is left.
     */
    public static String sanitize(String raw, String fallback) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; raw != null && i < raw.length() && b.length() < MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            boolean dot = c == '.' && b.length() > 0 && b.charAt(b.length() - 1) != '.';
            b.append(ok || dot ? c : '-');
        }
        String id = b.toString();
        return valid(id) ? id : fallback;
    }

    /** This computer's short host name as a device id prefix ({@code gateway} when it cannot be found). */
    public static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = null;
            }
        }
        if (h != null && h.indexOf('.') > 0) {
            h = h.substring(0, h.indexOf('.'));
        }
        return sanitize(h, "gateway");
    }

    public static boolean valid(String id) {
        return problem(id) == null;
    }

    /** @return {@code id}, or a {@link MonitorException} naming the problem and {@code source} */
    public static String require(String id, String source) {
        String p = problem(id);
        if (p != null) {
            throw new MonitorException("device id '" + printable(id) + "' from " + source + " is not usable in a topic: "
                    + p + "; give one with --device-id (A-Z a-z 0-9 . _ -, at most 64)");
        }
        return id;
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
