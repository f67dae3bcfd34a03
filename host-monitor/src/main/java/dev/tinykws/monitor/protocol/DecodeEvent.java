package dev.tinykws.monitor.protocol;

/** What the {@link FrameDecoder} reports while it consumes bytes. */
public sealed interface DecodeEvent {

    /**
     * A checksum-valid line.
     *
     * @param lostBefore lines missing just before this one according to the sequence numbers
     */
    record Decoded(Frame frame, int lostBefore) implements DecodeEvent {
    }

    /** Bytes dropped; {@code excerpt} is a printable, shortened view of them. */
    record Dropped(DropReason reason, int bytes, String excerpt) implements DecodeEvent {
    }

    /**
     * No valid line in {@code bytes} bytes, of which {@code nonPrintableFraction} were not printable ASCII:
     * typically a wrong baud rate, or not a TinyKWS device.
     */
    record NoValidLine(long bytes, double nonPrintableFraction) implements DecodeEvent {
    }
}
