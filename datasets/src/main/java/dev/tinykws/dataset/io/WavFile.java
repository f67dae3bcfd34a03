package dev.tinykws.dataset.io;

import dev.tinykws.dataset.DatasetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A strict RIFF/WAVE parser used by {@code dataset check}: it reports exactly what a header
 * declares and what is present (so truncated files, odd formats and non-WAV files get a precise
 * reason) and decodes PCM 8/16/24/32-bit and float 32/64 to floats, also from bytes in memory
 * (an engine's stdout). Reading for conversion and all writing go through {@link ClipAudio}.
 */
public final class WavFile {
    private WavFile() {
    }

    /** Parses the header; throws {@link DatasetException} with the reason for anything unreadable. */
    public static WavInfo probe(Path file) {
        return parse(file, readAll(file));
    }

    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static WavInfo parse(Path file, byte[] b) {
        if (b.length < 12) {
            throw new DatasetException(file + " is not a WAV file (" + b.length + " bytes, no RIFF header)");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        String riff = new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        String wave = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new DatasetException(file + " is not a WAV file (starts with \"" + printable(b, 0, 4)
                    + "\", expected RIFF/WAVE)");
        }
        int pos = 12;
        int fmt = -1, ch = 0, rate = 0, bits = 0;
        while (pos + 8 <= b.length) {
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = bb.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > b.length) {
                    throw new DatasetException(file + " has a truncated fmt chunk");
                }
                fmt = bb.getShort(body) & 0xFFFF;
                ch = bb.getShort(body + 2) & 0xFFFF;
                rate = bb.getInt(body + 4);
                bits = bb.getShort(body + 14) & 0xFFFF;
                if (fmt == 0xFFFE && size >= 40 && body + 26 <= b.length) {
                    fmt = bb.getShort(body + 24) & 0xFFFF; // sub-format GUID starts with the tag
                }
            } else if (id.equals("data")) {
                if (fmt < 0) {
                    throw new DatasetException(file + " has its data chunk before the fmt chunk");
                }
                WavInfo probe = new WavInfo(fmt, ch, rate, bits, body, 0, size);
                long present = Math.min(size, (long) b.length - body);
                int align = Math.max(1, probe.blockAlign());
                present -= present % align;
                if (ch == 0 || rate <= 0 || bits == 0) {
                    throw new DatasetException(file + " has an invalid fmt chunk (" + ch + " channels, "
                            + rate + " Hz, " + bits + " bits)");
                }
                return new WavInfo(fmt, ch, rate, bits, body, present, size);
            }
            pos = (int) Math.min((long) b.length, body + size + (size & 1));
        }
        throw new DatasetException(file + " has no " + (fmt < 0 ? "fmt " : "data") + " chunk (truncated?)");
    }

    /** Decodes every channel to floats in [-1, 1), interleaved as stored. */
    public static float[] readInterleaved(Path file, WavInfo[] infoOut) {
        return decodeInterleaved(file, readAll(file), infoOut);
    }

    /** Decodes WAV bytes (e.g. an engine's stdout); {@code file} is only used in messages. */
    public static float[] decodeInterleaved(Path file, byte[] b, WavInfo[] infoOut) {
        WavInfo info = parse(file, b);
        if (infoOut != null && infoOut.length > 0) {
            infoOut[0] = info;
        }
        int bytes = (info.bitsPerSample() + 7) / 8;
        int n = (int) (info.dataBytes() / bytes);
        float[] out = new float[n];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = (int) info.dataOffset();
        if (info.formatTag() == WavInfo.PCM) {
            for (int i = 0; i < n; i++, p += bytes) {
                out[i] = switch (bytes) {
                    case 1 -> ((b[p] & 0xFF) - 128) / 128f;
                    case 2 -> bb.getShort(p) / 32768f;
                    case 3 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608f;
                    case 4 -> (float) (bb.getInt(p) / 2147483648.0);
                    default -> throw new DatasetException(file + ": unsupported PCM sample size " + info.bitsPerSample());
                };
            }
        } else if (info.formatTag() == WavInfo.FLOAT && (bytes == 4 || bytes == 8)) {
            for (int i = 0; i < n; i++, p += bytes) {
                out[i] = bytes == 4 ? bb.getFloat(p) : (float) bb.getDouble(p);
            }
        } else {
            throw new DatasetException(file + ": unsupported WAV encoding (" + info.describe()
                    + "); convert it to PCM first");
        }
        return out;
    }

    /** Mono floats (channels averaged) at the file's own rate. */
    public static float[] readMono(Path file, WavInfo[] infoOut) {
        return decodeMono(file, readAll(file), infoOut);
    }

    /** Mono floats of WAV bytes at their own rate; {@code file} is only used in messages. */
    public static float[] decodeMono(Path file, byte[] bytes, WavInfo[] infoOut) {
        WavInfo[] box = new WavInfo[1];
        float[] x = decodeInterleaved(file, bytes, box);
        if (infoOut != null && infoOut.length > 0) {
            infoOut[0] = box[0];
        }
        int ch = box[0].channels();
        if (ch == 1) {
            return x;
        }
        float[] m = new float[x.length / ch];
        for (int i = 0; i < m.length; i++) {
            float s = 0;
            for (int c = 0; c < ch; c++) {
                s += x[i * ch + c];
            }
            m[i] = s / ch;
        }
        return m;
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len && i < b.length; i++) {
            sb.append(b[i] >= 0x20 && b[i] < 0x7F ? (char) b[i] : '?');
        }
        return sb.toString();
    }
}
