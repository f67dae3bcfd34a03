package dev.tinykws.dataset;

import dev.tinykws.contract.ClipNames;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The speaker-based split rule of the Speech Commands reference ({@code input_data.py},
 * {@code which_set}): the file name up to {@code _nohash_} is hashed with SHA-1, the hash
 * taken as an integer modulo 2^27 and scaled to a percentage; below {@code validationPercent}
 * is validation, below {@code validationPercent + testPercent} is test, the rest is training.
 * The rule depends only on the name, so a split never changes when clips are added.
 */
public final class SpeakerSplitter {

    /** {@code MAX_NUM_WAVS_PER_CLASS} of the reference: 2^27 - 1. */
    public static final long MAX_NUM_WAVS_PER_CLASS = (1L << 27) - 1;
    /** Separator between the speaker id and the clip number in a file name. */
    public static final String NOHASH = ClipNames.NOHASH;

    private final double validationPercent;
    private final double testPercent;

    public SpeakerSplitter(double validationPercent, double testPercent) {
        if (validationPercent < 0 || testPercent < 0 || validationPercent + testPercent > 100) {
            throw new DatasetException("split percentages must be >= 0 and sum to <= 100, got validation "
                    + validationPercent + " and test " + testPercent);
        }
        this.validationPercent = validationPercent;
        this.testPercent = testPercent;
    }

    /** The default 10 % validation, 10 % test. */
    public static SpeakerSplitter defaults() {
        return new SpeakerSplitter(10, 10);
    }

    /** The string the reference hashes: the base name with {@code _nohash_...} removed. */
    public static String hashName(String fileName) {
        return ClipNames.hashName(fileName);
    }

    /** The speaker id of a clip file name: the hash name without a trailing {@code .wav}. */
    public static String speakerOf(String fileName) {
        return ClipNames.speakerOf(fileName);
    }

    /** The reference's percentage hash of a file name, in [0, 100]. */
    public static double percentageHash(String fileName) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-1").digest(hashName(fileName).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
        // int(hex, 16) % 2^27 keeps the low 27 bits, i.e. the last bytes of the big-endian digest.
        long low = ((d[d.length - 4] & 0xFFL) << 24) | ((d[d.length - 3] & 0xFFL) << 16)
                | ((d[d.length - 2] & 0xFFL) << 8) | (d[d.length - 1] & 0xFFL);
        long mod = low & MAX_NUM_WAVS_PER_CLASS;
        return mod * (100.0 / MAX_NUM_WAVS_PER_CLASS);
    }

    /** The split of a clip file name (base name; directories are ignored). */
    public Split splitOf(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        double p = percentageHash(slash >= 0 ? fileName.substring(slash + 1) : fileName);
        if (p < validationPercent) {
            return Split.VALIDATION;
        } else if (p < testPercent + validationPercent) {
            return Split.TEST;
        }
        return Split.TRAIN;
    }

    public double validationPercent() {
        return validationPercent;
    }

    public double testPercent() {
        return testPercent;
    }
}
