package dev.tinykws.features.audio;

/**
 * What a file's header says: container, sample encoding, rate, channels, sample size and
 * length in frames (one frame = one sample of every channel).
 *
 * @param container     {@code WAV}, or the javax.sound type name (AIFF, AU) for other containers
 * @param encoding      {@link Encoding#PCM_SIGNED}, {@link Encoding#PCM_UNSIGNED} (8-bit WAV) or {@link Encoding#FLOAT}
 * @param sampleRate    Hz
 * @param channels      1 = mono, 2 = stereo, ...
 * @param bitsPerSample 8, 16, 24, 32 (PCM) or 32, 64 (float)
 * @param frames        sample frames in the file
 */
public record AudioInfo(String container, Encoding encoding, int sampleRate, int channels, int bitsPerSample,
                        long frames) {

    /** Sample encodings understood by {@link AudioIO}. */
    public enum Encoding { PCM_SIGNED, PCM_UNSIGNED, FLOAT }

    /** Length in seconds. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }

    /** True for the project's canonical clip format: 16 kHz mono 16-bit PCM WAV. */
    public boolean isCanonical() {
        return "WAV".equals(container) && encoding == Encoding.PCM_SIGNED && sampleRate == AudioIO.SAMPLE_RATE
                && channels == 1 && bitsPerSample == 16;
    }

    /** E.g. "WAV PCM 16-bit 16000 Hz mono, 1.000 s (16000 frames)". */
    public String describe() {
        String ch = channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels";
        String enc = encoding == Encoding.FLOAT ? "float" : "PCM";
        return String.format(java.util.Locale.ROOT, "%s %s %d-bit %d Hz %s, %.3f s (%d frames)",
                container, enc, bitsPerSample, sampleRate, ch, durationSeconds(), frames);
    }
}
