package dev.tinykws.features.audio;

/**
 * A stream of mono float samples in blocks: a file, the PC microphone, later the device.
 * Samples follow SPEC §1 ({@code x = pcm16 / 32768}).
 */
public interface AudioSource extends AutoCloseable {

    /**
     * Reads up to {@code len} samples into {@code buf[off..]}. Blocks until at least one sample is
     * available; returns the number read, or −1 at the end of the stream.
     */
    int read(float[] buf, int off, int len);

    /** Samples per second of what {@link #read} delivers. */
    int sampleRate();

    /** Releases the file or audio line; never throws a checked exception. */
    @Override
    void close();
}
