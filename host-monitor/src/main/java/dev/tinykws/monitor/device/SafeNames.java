package dev.tinykws.monitor.device;

import dev.tinykws.contract.ClipNames;

/**
 * Turns names from the wire or the user (keywords, device and speaker ids) into safe file-name parts:
 * only {@code A-Z a-z 0-9 _ -}, no path separators, no dots (so no {@code ..}), no control characters,
 * at most 64 characters.
 */
public final class SafeNames {
    public static final int MAX_LENGTH = 64;

    private SafeNames() {
    }

    /** @return the sanitized name, or {@code fallback} when nothing usable is left */
    public static String sanitize(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
        for (int i = 0; i < name.length() && sb.length() < MAX_LENGTH; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        String s = sb.toString();
        return s.chars().allMatch(c -> c == '_') ? fallback : s;
    }

    /** A speaker id for Speech Commands names: sanitized, and never containing {@code _nohash_} itself. */
    public static String speaker(String name, String fallback) {
        String s = sanitize(name, fallback);
        while (s.contains(ClipNames.NOHASH)) {
            s = s.replace(ClipNames.NOHASH, "_");
        }
        return s;
    }
}
