package dev.tinykws.features.audio;

import dev.tinykws.contract.ClipFormat;

/**
 * What a WAV header says, and how much data the file really holds: the result of
 * {@link WavFile#probe} (the project's one RIFF/WAVE parser). Nothing here is validated beyond
 * the file's structure, so a checker can report exactly what is wrong; the readers
 * ({@link AudioIO}, {@link FileAudioSource}) refuse what they cannot decode.
 *
 * @param formatTag        1 = PCM, 3 = IEEE float, 0xFFFE = extensible (sub-format resolved when the
 *                         'fmt ' chunk is long enough to hold it)
 * @param channels         channel count
 * @param sampleRate       Hz
 * @param bitsPerSample    bits per sample
 * @param headerBlockAlign the block align the 'fmt ' chunk declares (bytes per frame)
 * @param fmtBytes         size of the 'fmt ' chunk
 * @param dataOffset       byte offset of the sample data
 * @param dataBytes        bytes of sample data actually present (whole frames)
 * @param declaredBytes    the size the {@code data} chunk declares (the rest of the file for a streaming
 *                         header of 0xFFFFFFFF, or of 0 with data after it)
 * @param strayBytes       bytes present after the last whole frame (an odd-length data chunk), ignored
 */
public record WavInfo(int formatTag, int channels, int sampleRate, int bitsPerSample, int headerBlockAlign,
                      long fmtBytes, long dataOffset, long dataBytes, long declaredBytes, long strayBytes) {

    public static final int PCM = 1;
    public static final int FLOAT = 3;
    public static final int EXTENSIBLE = 0xFFFE;

    /** Bytes per frame: channels × whole bytes per sample. */
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
