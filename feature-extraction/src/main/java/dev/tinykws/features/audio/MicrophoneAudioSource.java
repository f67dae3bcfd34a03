package dev.tinykws.features.audio;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import dev.tinykws.features.FeatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.LineUnavailableException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PC's default microphone at 16 kHz mono through TarsosDSP
 * ({@link AudioDispatcherFactory#fromDefaultMicrophone}). A daemon thread captures blocks into a
 * bounded queue; when the reader falls behind by more than {@code maxQueuedBlocks} blocks the
 * oldest block is dropped and counted ({@link #droppedBlocks()}).
 *
 * <p>TarsosDSP scales 16-bit samples by 1/32767; they are re-scaled exactly to SPEC §1's
 * {@code pcm16 / 32768}.
 */
public final class MicrophoneAudioSource implements AudioSource {

    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneAudioSource.class);
    private static final float[] END = new float[0];

    private final AudioDispatcher dispatcher;
    private final BlockingQueue<float[]> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private float[] current = new float[0];
    private int currentPos;
    private volatile boolean closed;
    private boolean ended;

    /** Opens the default microphone with 20 ms blocks and up to 5 s of buffering. */
    public MicrophoneAudioSource() {
        this(320, 250);
    }

    /**
     * @param blockSamples    samples per captured block
     * @param maxQueuedBlocks blocks kept before the oldest is dropped
     */
    public MicrophoneAudioSource(int blockSamples, int maxQueuedBlocks) {
        if (blockSamples < 1 || maxQueuedBlocks < 1) {
            throw new FeatureException("microphone: blockSamples and maxQueuedBlocks must be >= 1");
        }
        try {
            dispatcher = AudioDispatcherFactory.fromDefaultMicrophone(AudioIO.SAMPLE_RATE, blockSamples, 0);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new FeatureException("cannot open the default microphone at 16 kHz mono 16-bit: " + e.getMessage()
                    + " (is a capture device present and not in use?)", e);
        }
        queue = new ArrayBlockingQueue<>(maxQueuedBlocks + 1);
        dispatcher.addAudioProcessor(new AudioProcessor() {
            @Override
            public boolean process(AudioEvent e) {
                float[] f = e.getFloatBuffer();
                float[] block = new float[f.length];
                for (int i = 0; i < f.length; i++) {
                    block[i] = Math.round(f[i] * 32767f) / 32768f;
                }
                while (!queue.offer(block)) {
                    if (queue.poll() != null) {
                        dropped.incrementAndGet();
                    }
                }
                return true;
            }

            @Override
            public void processingFinished() {
                queue.poll(); // make room for the end marker if full
                queue.offer(END);
            }
        });
        thread = new Thread(dispatcher, "tinykws-microphone");
        thread.setDaemon(true);
        thread.start();
        LOG.info("microphone opened: 16 kHz mono, {} samples per block", blockSamples);
    }

    /** Blocks dropped because the reader was too slow. */
    public long droppedBlocks() {
        return dropped.get();
    }

    @Override
    public int read(float[] buf, int off, int len) {
        if (ended) {
            return -1;
        }
        while (currentPos >= current.length) {
            try {
                float[] next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (closed) {
                        ended = true;
                        return -1;
                    }
                    continue;
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                currentPos = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - currentPos);
        System.arraycopy(current, currentPos, buf, off, n);
        currentPos += n;
        return n;
    }

    /**
     * Drops everything captured and not read yet (the rest of the current block and the queued
     * blocks), e.g. the sound of a clip just played on the speakers. The end of the input, when it
     * was queued, is kept. Returns the samples dropped.
     */
    public long discardBuffered() {
        long n = current.length - currentPos;
        currentPos = current.length;
        float[] b;
        while ((b = queue.poll()) != null) {
            if (b == END) {
                ended = true;
                break;
            }
            n += b.length;
        }
        return n;
    }

    @Override
    public int sampleRate() {
        return AudioIO.SAMPLE_RATE;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            dispatcher.stop();
            if (dropped.get() > 0) {
                LOG.warn("microphone: {} blocks dropped because the reader fell behind", dropped.get());
            }
        }
    }
}
