package dev.tinykws.contract;

/**
 * The audio every clip, stream and model input uses (docs/SPEC.md section 1): 16 kHz mono PCM16,
 * clips of exactly one second, samples read as {@code pcm16 / 32768}.
 */
public final class ClipFormat {

    /** Sample rate of clips, streams and the frontend, in Hz. */
    public static final int SAMPLE_RATE_HZ = 16_000;
    /** Length of a dataset clip and of the model's input window, in milliseconds. */
    public static final int CLIP_MS = 1_000;
    /** Samples in one clip: {@code SAMPLE_RATE_HZ * CLIP_MS / 1000}. */
    public static final int CLIP_SAMPLES = SAMPLE_RATE_HZ * CLIP_MS / 1_000;
    /** Channels of a clip (mono). */
    public static final int CHANNELS = 1;
    /** Bits per sample of a clip (signed little-endian PCM). */
    public static final int BITS_PER_SAMPLE = 16;
    /** Full scale of PCM16: a sample {@code s} is the float {@code s / PCM16_SCALE}. */
    public static final float PCM16_SCALE = 32_768f;

    private ClipFormat() {
    }

    /** Milliseconds to samples at {@link #SAMPLE_RATE_HZ}, rounded down. */
    public static long msToSamples(long ms) {
        return ms * SAMPLE_RATE_HZ / 1_000;
    }

    /** Samples at {@link #SAMPLE_RATE_HZ} to milliseconds, rounded down. */
    public static long samplesToMs(long samples) {
        return samples * 1_000 / SAMPLE_RATE_HZ;
    }
}
