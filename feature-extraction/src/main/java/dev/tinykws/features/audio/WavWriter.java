package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The project's one WAV writer: 16-bit PCM with the canonical 44-byte RIFF/WAVE header
 * ({@link #header}). {@link #write(OutputStream, short[], int, int)} writes a whole signal with its
 * sizes known up front (what {@link AudioIO#writeWav16}, {@link AudioIO#writeWav} and
 * {@link AudioIO#wavBytes} use); an instance writes a mono file of any length block by block
 * (constant memory) and patches the header's sizes when {@link #close()}d. Samples are converted
 * with {@link AudioIO#toPcm16(float)} (SPEC §1). Files are created like any other (the umask applies).
 */
public final class WavWriter implements AutoCloseable {
    /** Largest data chunk a RIFF size field can describe. */
    static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

    private final Path file;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean closed;

    /** The 44-byte header of a 16-bit PCM WAV holding {@code dataBytes} bytes of samples. */
    static byte[] header(int sampleRate, int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2)
                .putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }

    /** Writes a whole interleaved 16-bit signal: header with its final sizes, then the samples. */
    static void write(OutputStream out, short[] interleaved, int sampleRate, int channels) throws IOException {
        out.write(header(sampleRate, channels, 2L * interleaved.length));
        byte[] b = new byte[8192];
        int p = 0;
        for (short s : interleaved) {
            b[p++] = (byte) s;
            b[p++] = (byte) (s >> 8);
            if (p == b.length) {
                out.write(b);
                p = 0;
            }
        }
        out.write(b, 0, p);
    }

    /** Creates (or truncates) {@code file} for a mono 16-bit WAV at {@code sampleRate} written block by block. */
    public WavWriter(Path file, int sampleRate) {
        this.file = file;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw failed(e);
        }
        try {
            ByteBuffer h = ByteBuffer.wrap(header(sampleRate, 1, 0));
            while (h.hasRemaining()) {
                ch.write(h);
            }
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the write failure is the news
            }
            throw failed(e);
        }
    }

    /** Appends {@code x[0..n)}. */
    public void write(float[] x, int n) {
        if (closed) {
            throw new FeatureException("cannot write WAV file " + file + ": already closed");
        }
        if (dataBytes + 2L * n > MAX_DATA_BYTES) {
            throw new FeatureException("cannot write WAV file " + file + ": too long for a WAV file (4 GB)");
        }
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < 2) {
                flush();
            }
            buf.putShort(AudioIO.toPcm16(x[i]));
        }
        dataBytes += 2L * n;
    }

    /** Samples written so far. */
    public long samples() {
        return dataBytes / 2;
    }

    private void flush() {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw failed(e);
        }
        buf.clear();
    }

    /** Writes what is buffered and the header's sizes, then closes the file; once (a second call does nothing). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel c = ch) {
            flush();
            ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            c.write(v.putInt(0, (int) (36 + dataBytes)), 4);
            c.write(v.clear().putInt(0, (int) dataBytes), 40);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private FeatureException failed(IOException e) {
        return new FeatureException("cannot write WAV file " + file + ": " + e.getMessage(), e);
    }
}
