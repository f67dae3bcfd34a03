package dev.tinykws.features.audio;

/** An {@link AudioSource} over an array (tests, clips already in memory). */
public final class ArrayAudioSource implements AudioSource {

    private final float[] samples;
    private final int sampleRate;
    private int pos;

    public ArrayAudioSource(float[] samples, int sampleRate) {
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    /** 16 kHz samples. */
    public ArrayAudioSource(float[] samples) {
        this(samples, AudioIO.SAMPLE_RATE);
    }

    @Override
    public int read(float[] buf, int off, int len) {
        if (pos >= samples.length) {
            return -1;
        }
        int n = Math.min(len, samples.length - pos);
        System.arraycopy(samples, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public void close() {
        pos = samples.length;
    }
}
