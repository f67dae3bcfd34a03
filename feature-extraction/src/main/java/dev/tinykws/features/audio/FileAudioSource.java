package dev.tinykws.features.audio;

import java.nio.file.Path;

/**
 * Streams an audio file of any length as 16 kHz mono float: decoded block by block and, when
 * the file is not 16 kHz, resampled on the fly (same converter as {@link AudioIO#readMono16k},
 * so the samples are the same as the batch reader's except that the stream ends when the
 * converter's output does, ±1 sample).
 */
public final class FileAudioSource implements AudioSource {

    private static final int BLOCK = 4096;

    private final AudioFileStream stream;
    private final Resampling.Stream resampler;
    private final float[] in = new float[BLOCK];
    private float[] pending = new float[0];
    private int pendingPos;
    private int pendingLen;
    private boolean eof;
    private final long expected;
    private long delivered;

    public FileAudioSource(Path path) {
        this.stream = AudioFileStream.open(path);
        int rate = stream.info().sampleRate();
        this.resampler = rate == AudioIO.SAMPLE_RATE ? null : new Resampling.Stream(rate, AudioIO.SAMPLE_RATE);
        this.expected = Resampling.outputLength(stream.info().frames(), rate, AudioIO.SAMPLE_RATE);
    }

    /** The file's own format. */
    public AudioInfo info() {
        return stream.info();
    }

    @Override
    public int read(float[] buf, int off, int len) {
        if (len <= 0) {
            return 0;
        }
        if (resampler == null) {
            return stream.read(buf, off, len);
        }
        while (pendingLen == 0) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, pendingLen);
        System.arraycopy(pending, pendingPos, buf, off, n);
        pendingPos += n;
        pendingLen -= n;
        return n;
    }

    private void fill() {
        int n = stream.read(in, 0, BLOCK);
        int cap = (int) Math.ceil(BLOCK * (double) AudioIO.SAMPLE_RATE / stream.info().sampleRate()) + 64;
        if (pending.length < cap) {
            pending = new float[cap];
        }
        pendingPos = 0;
        int got;
        if (n < 0) {
            got = resampler.finish(pending, 0, pending.length);
            eof = true;
        } else {
            got = resampler.process(in, 0, n, pending, 0, pending.length);
        }
        // deliver exactly the whole-file length: round(frames * 16000 / rate)
        long room = expected - delivered;
        if (got > room) {
            got = (int) Math.max(0, room);
        }
        if (eof && got < room && room < pending.length) {
            java.util.Arrays.fill(pending, got, (int) room, 0f);
            got = (int) room;
        }
        delivered += got;
        pendingLen = got;
    }

    @Override
    public int sampleRate() {
        return AudioIO.SAMPLE_RATE;
    }

    @Override
    public void close() {
        stream.close();
    }
}
