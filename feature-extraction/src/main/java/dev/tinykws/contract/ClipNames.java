package dev.tinykws.contract;

import java.util.Locale;

/**
 * Dataset clip file names in the Speech Commands layout: {@code <speaker>_nohash_<n>.wav}. The part
 * before {@code _nohash_} is the speaker (and what the speaker split hashes).
 */
public final class ClipNames {

    /** Separator between the speaker id and the clip number in a file name. */
    public static final String NOHASH = "_nohash_";
    /** Extension of clip files. */
    public static final String WAV = ".wav";

    private ClipNames() {
    }

    /** {@code <speaker>_nohash_<n>.wav}; the speaker must not be empty nor contain {@code _nohash_}. */
    public static String fileName(String speaker, int n) {
        if (speaker == null || speaker.isEmpty() || speaker.contains(NOHASH)) {
            throw new IllegalArgumentException("a speaker id must be non-empty and must not contain "
                    + NOHASH + ", got '" + speaker + "'");
        }
        if (n < 0) {
            throw new IllegalArgumentException("clip number must be >= 0, got " + n);
        }
        return speaker + NOHASH + n + WAV;
    }

    /** The file name with {@code _nohash_...} removed (the whole name when it has no {@code _nohash_}). */
    public static String hashName(String fileName) {
        int i = fileName.indexOf(NOHASH);
        return i >= 0 ? fileName.substring(0, i) : fileName;
    }

    /** The speaker id of a clip file name: {@link #hashName} without a trailing {@code .wav}. */
    public static String speakerOf(String fileName) {
        String h = hashName(fileName);
        return h.toLowerCase(Locale.ROOT).endsWith(WAV) ? h.substring(0, h.length() - WAV.length()) : h;
    }

    /** A regular expression matching {@code <speaker>_nohash_<n>.wav} with group 1 = n. */
    public static String numberPattern(String speaker) {
        return java.util.regex.Pattern.quote(speaker) + NOHASH + "(\\d{1,9})\\" + WAV;
    }
}
