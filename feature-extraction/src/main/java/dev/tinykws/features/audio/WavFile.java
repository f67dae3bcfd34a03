package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The project's one RIFF/WAVE parser. {@link #probe} walks the chunk headers only (constant memory,
 * whatever the file's length) and reports exactly what the header declares and what is present
 * ({@link WavInfo}), so truncated files, odd formats and non-WAV files get a precise reason;
 * {@link #scan} decodes the samples block by block; {@link #decodeMono} decodes WAV bytes held in
 * memory (e.g. a TTS engine's stdout). The readers of {@link AudioIO} and {@link FileAudioSource}
 * open WAV files through the same parser and then refuse what they cannot decode
 * ({@link #readable}). Writing is {@link WavWriter}. Every problem is a {@link FeatureException}
 * naming the file.
 *
 * <p>Decoding: PCM 8 (unsigned, {@code (u−128)/128}), 16 ({@code s/32768}, SPEC §1), 24 and 32-bit;
 * IEEE float 32/64-bit (NaN and infinity decode as 0 and are counted). A {@code data} chunk declaring
 * 0xFFFFFFFF bytes (or 0 bytes with data after it) was written by a streaming tool that never patched
 * its header: it holds the rest of the file, as every TinyKWS command reads it.
 */
public final class WavFile {
    /** Bytes decoded per {@link #scan} block (whole frames). */
    static final int BLOCK_BYTES = 1 << 16;
    /** Largest 'fmt ' chunk the readers accept. */
    static final int MAX_FMT_BYTES = 1024;

    private WavFile() {
    }

    /** Random access to the bytes of a file or an array. */
    interface Source {
        long size();

        /** Reads up to {@code len} bytes at {@code pos}; returns the count (less only at the end). */
        int read(long pos, byte[] dst, int len) throws IOException;
    }

    static Source of(byte[] b) {
        return new Source() {
            public long size() {
                return b.length;
            }

            public int read(long pos, byte[] dst, int len) {
                int n = (int) Math.max(0, Math.min(len, b.length - pos));
                if (n > 0) {
                    System.arraycopy(b, (int) pos, dst, 0, n);
                }
                return n;
            }
        };
    }

    static Source of(FileChannel ch) throws IOException {
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

    /** Opens {@code file} for reading: missing files and directories are named as such. */
    static FileChannel open(Path file) {
        if (Files.isDirectory(file)) {
            throw new FeatureException("audio file " + file + " is a directory");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new FeatureException("audio file " + file + " does not exist");
        } catch (IOException e) {
            throw new FeatureException("cannot open audio file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the header of {@code file}, reading only chunk headers. A truncated data chunk or a
     * partial last frame is reported in the result ({@link WavInfo#truncated()},
     * {@link WavInfo#strayBytes()}), not thrown; an unreadable structure is a {@link FeatureException}
     * with the reason.
     */
    public static WavInfo probe(Path file) {
        try (FileChannel ch = open(file)) {
            return requireFmt(file, parse(file, of(ch)));
        } catch (IOException e) {
            throw new FeatureException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses WAV bytes; {@code file} is only used in messages. */
    public static WavInfo parse(Path file, byte[] b) {
        try {
            return requireFmt(file, parse(file, of(b)));
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen for an array
        }
    }

    /** The chunk walk: structure only, the 'fmt ' values are reported as declared. */
    static WavInfo parse(Path file, Source src) throws IOException {
        long length = src.size();
        if (length == 0) {
            throw bad(file, "is empty (0 bytes)");
        }
        byte[] head = new byte[12];
        int got = src.read(0, head, 12);
        if (got >= 4 && startsWith(head, "RIFF")) {
            if (got < 12 || !startsWith(head, 8, "WAVE")) {
                throw bad(file, "is a RIFF file but not WAVE" + (got < 12 ? " (truncated header, " + length + " bytes)" : ""));
            }
        } else if (got >= 4 && startsWith(head, "RIFX")) {
            throw bad(file, "is a big-endian RIFX WAV, which is not supported; "
                    + "convert it with `sox in.wav -r 16000 -c 1 -b 16 out.wav`");
        } else {
            throw bad(file, "is not a WAV file (it starts with " + printable(head, got) + "); expected RIFF/WAVE");
        }
        long pos = 12;
        boolean haveFmt = false;
        int tag = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int align = 0;
        long fmtBytes = 0;
        byte[] hdr = new byte[8];
        byte[] fmt = new byte[26];
        while (true) {
            if (length - pos < 8) {
                throw bad(file, "is truncated or has no data chunk: " + (haveFmt ? "no 'data' chunk" : "no 'fmt ' chunk")
                        + " before the end of the file at byte " + length);
            }
            src.read(pos, hdr, 8);
            pos += 8;
            String id = new String(hdr, 0, 4, StandardCharsets.ISO_8859_1);
            long size = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL;
            if (id.equals("fmt ")) {
                if (size < 16) {
                    throw bad(file, "has an invalid 'fmt ' chunk of " + size + " bytes");
                }
                if (length - pos < size) {
                    throw bad(file, "is truncated inside its 'fmt ' chunk");
                }
                int n = src.read(pos, fmt, (int) Math.min(fmt.length, size));
                ByteBuffer bb = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
                tag = bb.getShort(0) & 0xFFFF;
                channels = bb.getShort(2) & 0xFFFF;
                rate = bb.getInt(4);
                align = bb.getShort(12) & 0xFFFF;
                bits = bb.getShort(14) & 0xFFFF;
                if (tag == WavInfo.EXTENSIBLE && size >= 40 && n >= 26) {
                    tag = bb.getShort(24) & 0xFFFF; // the sub-format GUID starts with the tag
                }
                fmtBytes = size;
                haveFmt = true;
                pos = Math.min(length, pos + size + (size & 1));
            } else if (id.equals("data")) {
                if (!haveFmt) {
                    throw bad(file, "has its 'data' chunk before the 'fmt ' chunk");
                }
                long available = length - pos;
                if (size == 0xFFFFFFFFL || (size == 0 && available > 0)) {
                    size = available; // streaming writer that never patched the header: the rest of the file
                }
                long present = Math.min(size, available);
                int frame = channels * ((bits + 7) / 8);
                long stray = frame == 0 ? 0 : present % frame;
                return new WavInfo(tag, channels, rate, bits, align, fmtBytes, pos, present - stray, size, stray);
            } else {
                if (length - pos < size) {
                    throw bad(file, "is truncated inside its " + printable(hdr, 4) + " chunk (" + size
                            + " bytes declared, " + (length - pos) + " left)");
                }
                pos = Math.min(length, pos + size + (size & 1));
            }
        }
    }

    /** What {@link #probe} adds to the chunk walk: channels, rate and sample size are not 0. */
    private static WavInfo requireFmt(Path file, WavInfo info) {
        if (info.channels() == 0 || info.sampleRate() <= 0 || info.bitsPerSample() == 0) {
            throw bad(file, "has an invalid 'fmt ' chunk (" + info.channels() + " channels, " + info.sampleRate()
                    + " Hz, " + info.bitsPerSample() + " bits)");
        }
        return info;
    }

    /**
     * The readers' rules (stricter than {@link #probe}, which only describes): a supported encoding
     * and sample size, 1..32 channels, 1 k..768 kHz, a consistent block align, no truncation, and at
     * least one frame.
     */
    static AudioInfo readable(Path file, WavInfo h) {
        if (h.fmtBytes() > MAX_FMT_BYTES) {
            throw bad(file, "has an invalid 'fmt ' chunk of " + h.fmtBytes() + " bytes");
        }
        int tag = h.formatTag();
        int bits = h.bitsPerSample();
        int channels = h.channels();
        int rate = h.sampleRate();
        if (tag == WavInfo.EXTENSIBLE) {
            throw bad(file, "has a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of only " + h.fmtBytes() + " bytes");
        }
        AudioInfo.Encoding encoding;
        if (tag == WavInfo.PCM) {
            encoding = bits == 8 ? AudioInfo.Encoding.PCM_UNSIGNED : AudioInfo.Encoding.PCM_SIGNED;
            if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                throw bad(file, "has " + bits + "-bit PCM; supported are 8, 16, 24 and 32 bits");
            }
        } else if (tag == WavInfo.FLOAT) {
            encoding = AudioInfo.Encoding.FLOAT;
            if (bits != 32 && bits != 64) {
                throw bad(file, "has " + bits + "-bit float samples; supported are 32 and 64 bits");
            }
        } else {
            throw bad(file, "uses WAV format tag 0x" + Integer.toHexString(tag) + " (" + formatName(tag)
                    + "); supported are PCM and IEEE float — convert it with `sox in.wav -r 16000 -c 1 -b 16 out.wav`");
        }
        if (channels < 1 || channels > AudioFileStream.MAX_CHANNELS) {
            throw bad(file, "declares " + channels + " channels; expected 1.." + AudioFileStream.MAX_CHANNELS);
        }
        if (rate < AudioFileStream.MIN_RATE || rate > AudioFileStream.MAX_RATE) {
            throw bad(file, "declares a sample rate of " + (rate & 0xffffffffL) + " Hz; expected "
                    + AudioFileStream.MIN_RATE + ".." + AudioFileStream.MAX_RATE);
        }
        if (h.headerBlockAlign() != channels * bits / 8) {
            throw bad(file, "has an inconsistent header: block align " + h.headerBlockAlign() + " bytes but "
                    + channels + " channels × " + bits + " bits");
        }
        if (h.truncated()) {
            throw bad(file, "is truncated: its header declares " + h.declaredBytes() + " bytes of audio but only "
                    + h.presentBytes() + " bytes follow");
        }
        if (h.frames() == 0) {
            throw bad(file, "contains no audio (0 samples)");
        }
        return new AudioInfo("WAV", encoding, rate, channels, bits, h.frames());
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
        SampleDecoder decoder = decoder(file, info);
        int bytes = (info.bitsPerSample() + 7) / 8;
        int frameBytes = Math.max(1, info.blockAlign());
        byte[] buf = new byte[Math.max(frameBytes, BLOCK_BYTES / frameBytes * frameBytes)];
        float[] block = new float[buf.length / bytes];
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
                decoder.decodeSamples(buf, 0, got / bytes, block, 0);
                out.accept(block, got / bytes);
                pos += got;
            }
        } catch (IOException e) {
            throw new FeatureException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
        return decoder.nonFinite();
    }

    /**
     * A decoder of single samples (interleaved output) for what {@link #scan} and {@link #decodeInterleaved}
     * accept: PCM of 1..4 whole bytes, float of 4 or 8 bytes
     * ({@link SampleDecoder#decodeSamples}, one sample at a time).
     */
    private static SampleDecoder decoder(Path file, WavInfo info) {
        int bytes = (info.bitsPerSample() + 7) / 8;
        boolean pcm = info.formatTag() == WavInfo.PCM && bytes >= 1 && bytes <= 4;
        boolean flt = info.formatTag() == WavInfo.FLOAT && (bytes == 4 || bytes == 8);
        if (!pcm && !flt) {
            throw bad(file, "has an unsupported WAV encoding (" + info.describe() + "); convert it to PCM first");
        }
        AudioInfo.Encoding enc = flt ? AudioInfo.Encoding.FLOAT
                : bytes == 1 ? AudioInfo.Encoding.PCM_UNSIGNED : AudioInfo.Encoding.PCM_SIGNED;
        return new SampleDecoder(enc, 8 * bytes, 1, false);
    }

    /** Decodes every channel of WAV bytes to floats, interleaved as stored; {@code file} is only used in messages. */
    public static float[] decodeInterleaved(Path file, byte[] b, WavInfo[] infoOut) {
        WavInfo info = parse(file, b);
        if (infoOut != null && infoOut.length > 0) {
            infoOut[0] = info;
        }
        SampleDecoder decoder = decoder(file, info);
        int bytes = (info.bitsPerSample() + 7) / 8;
        int n = (int) (info.dataBytes() / bytes);
        float[] out = new float[n];
        decoder.decodeSamples(b, (int) info.dataOffset(), n, out, 0);
        return out;
    }

    /** Mono floats (channels averaged) of the whole file at its own rate. */
    public static float[] readMono(Path file, WavInfo[] infoOut) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FeatureException("audio file " + file + " does not exist");
        } catch (IOException e) {
            throw new FeatureException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
        return decodeMono(file, b, infoOut);
    }

    /** Mono floats (channels averaged) of WAV bytes at their own rate; {@code file} is only used in messages. */
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

    private static FeatureException bad(Path file, String what) {
        return new FeatureException("audio file " + file + " " + what);
    }

    private static boolean startsWith(byte[] b, String s) {
        return startsWith(b, 0, s);
    }

    private static boolean startsWith(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String formatName(int tag) {
        switch (tag) {
            case 2: return "MS ADPCM";
            case 6: return "A-law";
            case 7: return "mu-law";
            case 0x11: return "IMA ADPCM";
            case 0x55: return "MP3";
            default: return "compressed or unknown";
        }
    }

    /** The first (up to) 4 bytes in quotes, non-printable ones as {@code \xNN}. */
    static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(n, 4); i++) {
            int c = b[i] & 0xff;
            if (c >= 32 && c < 127) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
