package dev.tinykws.dataset.io;

import dev.tinykws.dataset.DatasetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A strict RIFF/WAVE parser used by {@code dataset check}: it reports exactly what a header
 * declares and what is present (so truncated files, odd formats and non-WAV files get a precise
 * reason) and decodes PCM 8/16/24/32-bit and float 32/64 to floats, also from bytes in memory
 * (an engine's stdout). Files are never loaded whole: {@link #probe} reads only the chunk headers
 * and {@link #scan} decodes the samples block by block, so a 2-hour recording is checked in
 * constant memory. Reading for conversion and all writing go through {@link ClipAudio}.
 *
 * <p>A {@code data} chunk declaring 0xFFFFFFFF bytes (or 0 bytes with data after it) was written by a
 * streaming tool that never patched its header: it holds the rest of the file, as every TinyKWS
 * command reads it.
 */
public final class WavFile {
    /** Bytes decoded per {@link #scan} block (whole frames). */
    static final int BLOCK_BYTES = 1 << 16;

    private WavFile() {
    }

    /** Random access to the bytes of a file or an array. */
    private interface Source {
        long size();

        /** Reads up to {@code len} bytes at {@code pos}; returns the count (less only at the end). */
        int read(long pos, byte[] dst, int len) throws IOException;
    }

    private static Source of(byte[] b) {
        return new Source() {
            public long size() {
                return b.length;
            }

            public int read(long pos, byte[] dst, int len) {
                int n = (int) Math.max(0, Math.min(len, b.length - pos));
                System.arraycopy(b, (int) pos, dst, 0, n);
                return n;
            }
        };
    }

    private static Source of(FileChannel ch) throws IOException {
        long size = ch.size();
        return new Source() {
            public long size() {
                return size;
            }

            public int read(long pos, byte[] dst, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(dst, 0, len);
                while (bb.hasRemaining()) {
                    int r = ch.read(bb, pos + bb.position());
                    if (r < 0) {
                        break;
                    }
                }
                return bb.position();
            }
        };
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the header (reading only chunk headers); throws {@link DatasetException} with the reason for anything unreadable. */
    public static WavInfo probe(Path file) {
        try (FileChannel ch = open(file)) {
            return parse(file, of(ch));
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static WavInfo parse(Path file, byte[] b) {
        try {
            return parse(file, of(b));
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen for an array
        }
    }

    private static WavInfo parse(Path file, Source src) throws IOException {
        long length = src.size();
        byte[] head = new byte[12];
        int got = src.read(0, head, 12);
        if (got < 12) {
            throw new DatasetException(file + " is not a WAV file (" + length + " bytes, no RIFF header)");
        }
        String riff = new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        String wave = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new DatasetException(file + " is not a WAV file (starts with \"" + printable(head, 0, 4)
                    + "\", expected RIFF/WAVE)");
        }
        long pos = 12;
        int fmt = -1, ch = 0, rate = 0, bits = 0;
        byte[] hdr = new byte[8];
        byte[] fmtBody = new byte[26];
        while (pos + 8 <= length) {
            src.read(pos, hdr, 8);
            ByteBuffer hb = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
            String id = new String(hdr, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = hb.getInt(4) & 0xFFFFFFFFL;
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > length) {
                    throw new DatasetException(file + " has a truncated fmt chunk");
                }
                int n = src.read(body, fmtBody, (int) Math.min(26, size));
                ByteBuffer bb = ByteBuffer.wrap(fmtBody).order(ByteOrder.LITTLE_ENDIAN);
                fmt = bb.getShort(0) & 0xFFFF;
                ch = bb.getShort(2) & 0xFFFF;
                rate = bb.getInt(4);
                bits = bb.getShort(14) & 0xFFFF;
                if (fmt == 0xFFFE && size >= 40 && n >= 26) {
                    fmt = bb.getShort(24) & 0xFFFF; // sub-format GUID starts with the tag
                }
            } else if (id.equals("data")) {
                if (fmt < 0) {
                    throw new DatasetException(file + " has its data chunk before the fmt chunk");
                }
                if (ch == 0 || rate <= 0 || bits == 0) {
                    throw new DatasetException(file + " has an invalid fmt chunk (" + ch + " channels, "
                            + rate + " Hz, " + bits + " bits)");
                }
                long available = length - body;
                if (size == 0xFFFFFFFFL || (size == 0 && available > 0)) {
                    size = available; // streaming writer that never patched the header: the rest of the file
                }
                long present = Math.min(size, available);
                int align = Math.max(1, new WavInfo(fmt, ch, rate, bits, body, 0, size, 0).blockAlign());
                long stray = present % align;
                return new WavInfo(fmt, ch, rate, bits, body, present - stray, size, stray);
            }
            pos = Math.min(length, body + size + (size & 1));
        }
        throw new DatasetException(file + " has no " + (fmt < 0 ? "fmt " : "data") + " chunk (truncated?)");
    }

    /** Receives decoded samples, interleaved as stored: {@code block[0..n)}, reused between calls. */
    @FunctionalInterface
    public interface BlockConsumer {
        void accept(float[] block, int n);
    }

    /**
     * Decodes every sample of {@code file} (interleaved as stored) block by block, in constant memory.
     * NaN and infinite float samples are passed on as 0 and counted.
     *
     * @return the number of NaN/Inf float samples
     */
    public static long scan(Path file, WavInfo info, BlockConsumer out) {
        int bytes = (info.bitsPerSample() + 7) / 8;
        checkDecodable(file, info, bytes);
        int frameBytes = Math.max(1, info.blockAlign());
        byte[] buf = new byte[Math.max(frameBytes, BLOCK_BYTES / frameBytes * frameBytes)];
        float[] block = new float[buf.length / bytes];
        long nonFinite = 0;
        try (FileChannel ch = open(file)) {
            Source src = of(ch);
            long pos = info.dataOffset();
            long end = info.dataOffset() + info.dataBytes();
            while (pos < end) {
                int want = (int) Math.min(buf.length, end - pos);
                int got = src.read(pos, buf, want);
                got -= got % bytes;
                if (got <= 0) {
                    break;
                }
                nonFinite += decode(info, buf, got, block);
                out.accept(block, got / bytes);
                pos += got;
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return nonFinite;
    }

    private static void checkDecodable(Path file, WavInfo info, int bytes) {
        boolean pcm = info.formatTag() == WavInfo.PCM && bytes >= 1 && bytes <= 4;
        boolean flt = info.formatTag() == WavInfo.FLOAT && (bytes == 4 || bytes == 8);
        if (!pcm && !flt) {
            throw new DatasetException(file + ": unsupported WAV encoding (" + info.describe()
                    + "); convert it to PCM first");
        }
    }

    /** Decodes {@code len} bytes of samples into {@code out}; returns the count of NaN/Inf replaced by 0. */
    private static long decode(WavInfo info, byte[] b, int len, float[] out) {
        int bytes = (info.bitsPerSample() + 7) / 8;
        int n = len / bytes;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long bad = 0;
        int p = 0;
        if (info.formatTag() == WavInfo.PCM) {
            for (int i = 0; i < n; i++, p += bytes) {
                out[i] = switch (bytes) {
                    case 1 -> ((b[p] & 0xFF) - 128) / 128f;
                    case 2 -> bb.getShort(p) / 32768f;
                    case 3 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608f;
                    default -> (float) (bb.getInt(p) / 2147483648.0);
                };
            }
        } else {
            for (int i = 0; i < n; i++, p += bytes) {
                float v = bytes == 4 ? bb.getFloat(p) : (float) bb.getDouble(p);
                if (!Float.isFinite(v)) {
                    v = 0f;
                    bad++;
                }
                out[i] = v;
            }
        }
        return bad;
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
        checkDecodable(file, info, bytes);
        int n = (int) (info.dataBytes() / bytes);
        float[] out = new float[n];
        byte[] data = java.util.Arrays.copyOfRange(b, (int) info.dataOffset(), (int) info.dataOffset() + n * bytes);
        decode(info, data, data.length, out);
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
