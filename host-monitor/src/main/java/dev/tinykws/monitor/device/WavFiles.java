package dev.tinykws.monitor.device;

import dev.tinykws.monitor.error.MonitorException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes mono PCM16 little-endian WAV files (RIFF/WAVE, {@code fmt } PCM, {@code data}). */
public final class WavFiles {
    private WavFiles() {
    }

    public static byte[] encode(short[] samples, int sampleRate) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[]{'W', 'A', 'V', 'E'});
        b.put(new byte[]{'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(new byte[]{'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** Writes {@code file} without overwriting an existing one (the create fails instead). */
    public static void writeNew(Path file, short[] samples, int sampleRate) {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(encode(samples, sampleRate));
        } catch (IOException e) {
            throw new MonitorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads back the samples of a mono PCM16 WAV written by {@link #encode} (for tests and checks). */
    public static short[] readPcm16Mono(Path file) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 44 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
                throw new MonitorException(file + " is not a RIFF/WAVE file");
            }
            int pos = 12;
            while (pos + 8 <= b.limit()) {
                int id = b.getInt(pos);
                int size = b.getInt(pos + 4);
                if (id == 0x61746164) { // "data"
                    short[] s = new short[Math.min(size, b.limit() - pos - 8) / 2];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = b.getShort(pos + 8 + 2 * i);
                    }
                    return s;
                }
                pos += 8 + size + (size & 1);
            }
            throw new MonitorException(file + " has no data chunk");
        } catch (IOException e) {
            throw new MonitorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
