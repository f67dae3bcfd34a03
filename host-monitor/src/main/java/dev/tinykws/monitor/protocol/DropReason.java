package dev.tinykws.monitor.protocol;

/** Why bytes from the wire were not turned into a frame. */
public enum DropReason {
    /** Bytes outside any line (before a {@code $}). */
    GARBAGE("garbage between lines"),
    /** A new {@code $} started before the previous line ended. */
    PARTIAL("partial line"),
    /** Longer than 1024 bytes without an end. */
    TOO_LONG("over-long line"),
    /** A non-printable byte inside a line. */
    NOISE("binary noise in line"),
    /** Checksum mismatch. */
    BAD_CHECKSUM("bad checksum"),
    /** No checksum, wrong talker, bad type or sequence number, or a forbidden character. */
    MALFORMED("malformed line");

    private final String text;

    DropReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
