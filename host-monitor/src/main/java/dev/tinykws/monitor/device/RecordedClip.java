package dev.tinykws.monitor.device;

/**
 * Outcome of one {@code REC}: the samples, or why the clip was rejected.
 *
 * @param clipId   id from the device's ACK (or -1 when the device refused)
 * @param samples  16 kHz mono PCM16 samples, null when rejected
 * @param rejected reason, null when the clip is complete
 */
public record RecordedClip(long clipId, short[] samples, String rejected) {
    public boolean ok() {
        return rejected == null;
    }
}
