package dev.tinykws.features.mfcc;

import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioSource;

/**
 * MFCC of an unbounded stream fed in blocks of any size: frame k covers stream samples
 * [k·hop, k·hop + window), exactly as {@link Mfcc#frames} on the whole signal (bit-identical),
 * with no padding at the start or the end. Raw MFCC, no CMS (the consumer keeps the model
 * window and applies {@link ClipFeatures#applyCms}). Not thread-safe.
 */
public final class StreamingMfcc {

    /** Receives each frame as soon as its window is complete. */
    @FunctionalInterface
    public interface FrameListener {
        /** @param coeffs a fresh array of numCoefficients values, owned by the listener */
        void onFrame(long frameIndex, float[] coeffs);
    }

    private final Mfcc mfcc;
    private final FrameListener listener;
    private final int window;
    private final int hop;
    private final float[] buf;
    private int fill;
    private long nextFrame;
    private long samplesIn;

    public StreamingMfcc(FrontendConfig config, FrameListener listener) {
        this(new Mfcc(config), listener);
    }

    public StreamingMfcc(Mfcc mfcc, FrameListener listener) {
        this.mfcc = mfcc;
        this.listener = listener;
        this.window = mfcc.config().windowSamples();
        this.hop = mfcc.config().hopSamples();
        this.buf = new float[window];
    }

    /** Feeds {@code len} samples; emits every frame completed by them, in order. */
    public void push(float[] block, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            int n = Math.min(window - fill, end - p);
            System.arraycopy(block, p, buf, fill, n);
            fill += n;
            p += n;
            samplesIn += n;
            if (fill == window) {
                float[] c = new float[mfcc.config().numCoefficients()];
                mfcc.frame(buf, 0, c, 0);
                listener.onFrame(nextFrame++, c);
                System.arraycopy(buf, hop, buf, 0, window - hop);
                fill = window - hop;
            }
        }
    }

    /** Feeds a whole array. */
    public void push(float[] block) {
        push(block, 0, block.length);
    }

    /** Reads {@code source} to its end in blocks of {@code blockSize}, pushing everything; returns samples read. */
    public long pushAll(AudioSource source, int blockSize) {
        float[] b = new float[blockSize];
        long total = 0;
        int n;
        while ((n = source.read(b, 0, blockSize)) >= 0) {
            push(b, 0, n);
            total += n;
        }
        return total;
    }

    /** Frames emitted so far (= index of the next frame). */
    public long framesEmitted() {
        return nextFrame;
    }

    /** Samples pushed so far. */
    public long samplesPushed() {
        return samplesIn;
    }

    /** Forgets buffered samples and restarts frame numbering at 0. */
    public void reset() {
        fill = 0;
        nextFrame = 0;
        samplesIn = 0;
    }
}
