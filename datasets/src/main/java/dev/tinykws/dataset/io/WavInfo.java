package dev.tinykws.dataset.io;

import dev.tinykws.contract.ClipFormat;

/**
 * What a WAV header says, and how much data the file really holds.
 *
 * @param formatTag      1 = PCM, 3 = IEEE float, 0xFFFE = extensible (sub-format resolved)
 * @param channels       channel count
 * @param sampleRate     Hz
 * @param bitsPerSample  bits per sample
 * @param dataOffset     byte offset of the sample data
 * @param dataBytes      bytes of sample data actually present (whole frames)
 * @param declaredBytes  the size the {@code data} chunk declares (the rest of the file for a streaming
 *                       header of 0xFFFFFFFF)
 * @param strayBytes     bytes present after the last whole frame (an odd-length data chunk), ignored
 */
public record WavInfo(int formatTag, int channels, int sampleRate, int bitsPerSample, long dataOffset,
                      long dataBytes, long declaredBytes, long strayBytes) {

    public static final int PCM = 1;
    public static final int FLOAT = 3;

    public int blockAlign() {
        return channels * ((bitsPerSample + 7) / 8);
    }

    /** Number of sample frames present. */
    public long frames() {
        return blockAlign() == 0 ? 0 : dataBytes / blockAlign();
    }

    public double durationSeconds() {
        return sampleRate == 0 ? 0 : frames() / (double) sampleRate;
    }

    /** True when the data chunk is shorter than its header says. */
    public boolean truncated() {
        return declaredBytes > dataBytes + strayBytes;
    }

    /** Bytes present in the data chunk, whole frames and stray bytes. */
    public long presentBytes() {
        return dataBytes + strayBytes;
    }

    /** True for the layout format: 16 kHz mono PCM16. */
    public boolean isLayoutFormat() {
        return formatTag == PCM && channels == ClipFormat.CHANNELS && sampleRate == ClipFormat.SAMPLE_RATE_HZ
                && bitsPerSample == ClipFormat.BITS_PER_SAMPLE;
    }

    /** e.g. {@code "44100 Hz, 2 ch, PCM 16-bit"}. */
    public String describe() {
        String f = formatTag == PCM ? "PCM" : formatTag == FLOAT ? "float" : "format 0x" + Integer.toHexString(formatTag);
        return sampleRate + " Hz, " + channels + " ch, " + f + " " + bitsPerSample + "-bit";
    }
}
