package dev.tinykws.monitor.protocol;

/**
 * Counters of a {@link FrameDecoder} at one moment.
 *
 * @param bytes          bytes consumed
 * @param frames         checksum-valid lines
 * @param lostLines      lines missing according to sequence gaps (mod 65536)
 * @param sequenceResets sequence restarts (HELLO with seq 0, or a jump backwards) not counted as loss
 * @param badChecksum    lines dropped for a checksum mismatch
 * @param tooLong        lines dropped for exceeding 1024 bytes
 * @param noise          lines dropped for a non-printable byte
 * @param partial        lines cut by the start of another line
 * @param malformed      lines dropped for a bad structure
 * @param garbageBytes   bytes outside any line (CR/LF excluded)
 */
public record DecoderStats(long bytes, long frames, long lostLines, long sequenceResets, long badChecksum,
                           long tooLong, long noise, long partial, long malformed, long garbageBytes) {

    /** Lines seen but dropped, all reasons together. */
    public long droppedLines() {
        return badChecksum + tooLong + noise + partial + malformed;
    }
}
