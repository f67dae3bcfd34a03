package dev.tinykws.dataset.io;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.features.audio.AudioIO;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a mono PCM16 WAV of any length block by block (constant memory): the header's sizes are
 * written last, when {@link #close()} patches them. Samples are converted with
 * {@link AudioIO#toPcm16(float)} (SPEC §1). The file is created like any other (the umask applies).
 */
public final class WavStreamWriter implements AutoCloseable {
    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

    private final Path file;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    public WavStreamWriter(Path file, int sampleRate) {
        this.file = file;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36)
                    .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                    .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                    .putShort((short) 2).putShort((short) 16)
                    .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0).flip();
            while (h.hasRemaining()) {
                ch.write(h);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends {@code x[0..n)}. */
    public void write(float[] x, int n) {
        if (dataBytes + 2L * n > MAX_DATA_BYTES) {
            throw new DatasetException("cannot write " + file + ": too long for a WAV file (4 GB)");
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
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
        buf.clear();
    }

    /** Writes what is buffered and the header's sizes, then closes the file. */
    @Override
    public void close() {
        try (FileChannel c = ch) {
            flush();
            ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            c.write(v.putInt(0, (int) (36 + dataBytes)), 4);
            c.write(v.clear().putInt(0, (int) dataBytes), 40);
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
