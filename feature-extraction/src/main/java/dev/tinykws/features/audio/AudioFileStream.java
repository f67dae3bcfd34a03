package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An open audio file positioned at its first sample: WAV parsed by us (so truncated and
 * inconsistent headers are caught with precise messages), AIFF/AU through javax.sound.
 * Decodes to mono float at the file's own rate.
 */
final class AudioFileStream implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AudioFileStream.class);

    static final int MIN_RATE = 1000;
    static final int MAX_RATE = 768_000;
    static final int MAX_CHANNELS = 32;

    private final Path path;
    private final InputStream in;
    private final AudioInfo info;
    private final SampleDecoder decoder;
    private long framesLeft;
    private byte[] bytes = new byte[0];

    private AudioFileStream(Path path, InputStream in, AudioInfo info, boolean bigEndian) {
        this.path = path;
        this.in = in;
        this.info = info;
        this.decoder = new SampleDecoder(info.encoding(), info.bitsPerSample(), info.channels(), bigEndian);
        this.framesLeft = info.frames();
    }

    AudioInfo info() {
        return info;
    }

    /** Reads up to {@code max} mono frames; returns the count, or -1 at the end. */
    int read(float[] dst, int off, int max) {
        if (framesLeft <= 0) {
            return -1;
        }
        int n = (int) Math.min(max, framesLeft);
        int fb = decoder.frameBytes();
        int need = n * fb;
        if (bytes.length < need) {
            bytes = new byte[need];
        }
        int got = 0;
        try {
            while (got < need) {
                int r = in.read(bytes, got, need - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException e) {
            throw new FeatureException("cannot read audio file " + path + ": " + e.getMessage(), e);
        }
        int frames = got / fb;
        if (frames < n) {
            throw new FeatureException("audio file " + path + " is truncated: its header declares " + info.frames()
                    + " frames but the data ends after " + (info.frames() - framesLeft + frames));
        }
        decoder.decode(bytes, 0, frames, dst, off);
        framesLeft -= frames;
        return frames;
    }

    /** NaN or infinite float samples decoded so far (each decoded as 0). */
    long nonFiniteSamples() {
        return decoder.nonFinite();
    }

    /** Closes the file; warns once when NaN/Inf float samples were decoded (as 0, i.e. silence). */
    @Override
    public void close() {
        long bad = decoder.nonFinite();
        if (bad > 0) {
            LOG.warn("audio file {} holds {} NaN or infinite float sample(s); they were decoded as 0 (silence)",
                    path, bad);
            decoder.resetNonFinite();
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    static AudioFileStream open(Path path) {
        long size;
        InputStream in;
        try {
            size = Files.size(path);
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new FeatureException("audio file " + path + " does not exist");
        } catch (IOException e) {
            throw new FeatureException("cannot open audio file " + path + ": " + e.getMessage(), e);
        }
        try {
            if (Files.isDirectory(path)) {
                throw new FeatureException("audio file " + path + " is a directory");
            }
            if (size == 0) {
                throw new FeatureException("audio file " + path + " is empty (0 bytes)");
            }
            in.mark(16);
            byte[] magic = new byte[12];
            int got = in.readNBytes(magic, 0, 12);
            in.reset();
            if (got >= 4 && magic[0] == 'R' && magic[1] == 'I' && magic[2] == 'F' && magic[3] == 'F') {
                if (got < 12 || magic[8] != 'W' || magic[9] != 'A' || magic[10] != 'V' || magic[11] != 'E') {
                    throw new FeatureException("audio file " + path + " is a RIFF file but not WAVE"
                            + (got < 12 ? " (truncated header, " + size + " bytes)" : ""));
                }
                return openWav(path, in, size);
            }
            if (got >= 4 && magic[0] == 'R' && magic[1] == 'I' && magic[2] == 'F' && magic[3] == 'X') {
                throw new FeatureException("audio file " + path + " is a big-endian RIFX WAV, which is not supported; "
                        + "convert it with `sox in.wav -r 16000 -c 1 -b 16 out.wav`");
            }
            if (got >= 4 && ((magic[0] == 'F' && magic[1] == 'O' && magic[2] == 'R' && magic[3] == 'M')
                    || (magic[0] == '.' && magic[1] == 's' && magic[2] == 'n' && magic[3] == 'd'))) {
                return openJavaSound(path, in, magic[0] == 'F' ? "AIFF" : "AU");
            }
            throw new FeatureException("audio file " + path + " is not a WAV file (it starts with "
                    + printable(magic, got) + "); expected RIFF/WAVE");
        } catch (FeatureException e) {
            closeQuietly(in);
            throw e;
        } catch (IOException e) {
            closeQuietly(in);
            throw new FeatureException("cannot read audio file " + path + ": " + e.getMessage(), e);
        }
    }

    private static AudioFileStream openWav(Path path, InputStream in, long fileSize) throws IOException {
        long pos = 0;
        skipFully(in, 12);
        pos += 12;
        boolean haveFmt = false;
        AudioInfo.Encoding encoding = null;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        while (true) {
            if (fileSize - pos < 8) {
                throw new FeatureException("audio file " + path + " is truncated or has no data chunk: "
                        + (haveFmt ? "no 'data' chunk" : "no 'fmt ' chunk") + " before the end of the file at byte " + fileSize);
            }
            byte[] hdr = in.readNBytes(8);
            pos += 8;
            String id = new String(hdr, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long chunkSize = le32(hdr, 4) & 0xffffffffL;
            if (id.equals("fmt ")) {
                if (chunkSize < 16 || chunkSize > 1024) {
                    throw new FeatureException("audio file " + path + " has an invalid 'fmt ' chunk of " + chunkSize + " bytes");
                }
                if (fileSize - pos < chunkSize) {
                    throw new FeatureException("audio file " + path + " is truncated inside its 'fmt ' chunk");
                }
                byte[] fmt = in.readNBytes((int) chunkSize);
                pos += chunkSize;
                int tag = le16(fmt, 0);
                channels = le16(fmt, 2);
                rate = le32(fmt, 4);
                blockAlign = le16(fmt, 12);
                bits = le16(fmt, 14);
                if (tag == 0xFFFE) {
                    if (chunkSize < 40) {
                        throw new FeatureException("audio file " + path + " has a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of only "
                                + chunkSize + " bytes");
                    }
                    tag = le16(fmt, 24);
                }
                if (tag == 1) {
                    encoding = bits == 8 ? AudioInfo.Encoding.PCM_UNSIGNED : AudioInfo.Encoding.PCM_SIGNED;
                    if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                        throw new FeatureException("audio file " + path + " has " + bits
                                + "-bit PCM; supported are 8, 16, 24 and 32 bits");
                    }
                } else if (tag == 3) {
                    encoding = AudioInfo.Encoding.FLOAT;
                    if (bits != 32 && bits != 64) {
                        throw new FeatureException("audio file " + path + " has " + bits
                                + "-bit float samples; supported are 32 and 64 bits");
                    }
                } else {
                    throw new FeatureException("audio file " + path + " uses WAV format tag 0x" + Integer.toHexString(tag)
                            + " (" + formatName(tag) + "); supported are PCM and IEEE float — convert it with "
                            + "`sox in.wav -r 16000 -c 1 -b 16 out.wav`");
                }
                if (channels < 1 || channels > MAX_CHANNELS) {
                    throw new FeatureException("audio file " + path + " declares " + channels + " channels; expected 1.." + MAX_CHANNELS);
                }
                if (rate < MIN_RATE || rate > MAX_RATE) {
                    throw new FeatureException("audio file " + path + " declares a sample rate of " + (rate & 0xffffffffL)
                            + " Hz; expected " + MIN_RATE + ".." + MAX_RATE);
                }
                if (blockAlign != channels * bits / 8) {
                    throw new FeatureException("audio file " + path + " has an inconsistent header: block align " + blockAlign
                            + " bytes but " + channels + " channels × " + bits + " bits");
                }
                haveFmt = true;
                if ((chunkSize & 1) == 1) {
                    skipFully(in, 1);
                    pos++;
                }
            } else if (id.equals("data")) {
                if (!haveFmt) {
                    throw new FeatureException("audio file " + path + " has its 'data' chunk before the 'fmt ' chunk");
                }
                long available = fileSize - pos;
                long dataBytes = chunkSize;
                if (chunkSize == 0xffffffffL || (chunkSize == 0 && available > 0)) {
                    dataBytes = available; // written by a streaming tool that never patched the header
                } else if (chunkSize > available) {
                    throw new FeatureException("audio file " + path + " is truncated: its header declares " + chunkSize
                            + " bytes of audio but only " + available + " bytes follow");
                }
                long frames = dataBytes / blockAlign;
                if (frames == 0) {
                    throw new FeatureException("audio file " + path + " contains no audio (0 samples)");
                }
                AudioInfo info = new AudioInfo("WAV", encoding, rate, channels, bits, frames);
                return new AudioFileStream(path, in, info, false);
            } else {
                long skip = chunkSize + (chunkSize & 1);
                if (fileSize - pos < chunkSize) {
                    throw new FeatureException("audio file " + path + " is truncated inside its " + printable(hdr, 4)
                            + " chunk (" + chunkSize + " bytes declared, " + (fileSize - pos) + " left)");
                }
                skip = Math.min(skip, fileSize - pos);
                skipFully(in, skip);
                pos += skip;
            }
        }
    }

    private static AudioFileStream openJavaSound(Path path, InputStream in, String type) throws IOException {
        AudioInputStream ais;
        try {
            ais = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new FeatureException("audio file " + path + " is not a supported audio file: " + e.getMessage());
        }
        AudioFormat f = ais.getFormat();
        AudioInfo.Encoding enc;
        if (AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding())) {
            enc = AudioInfo.Encoding.PCM_SIGNED;
        } else if (AudioFormat.Encoding.PCM_UNSIGNED.equals(f.getEncoding()) && f.getSampleSizeInBits() == 8) {
            enc = AudioInfo.Encoding.PCM_UNSIGNED;
        } else if (AudioFormat.Encoding.PCM_FLOAT.equals(f.getEncoding())) {
            enc = AudioInfo.Encoding.FLOAT;
        } else {
            throw new FeatureException("audio file " + path + " uses encoding " + f.getEncoding()
                    + "; convert it with `sox in -r 16000 -c 1 -b 16 out.wav`");
        }
        int bits = f.getSampleSizeInBits();
        int rate = Math.round(f.getSampleRate());
        if (bits % 8 != 0 || bits < 8 || bits > 64 || f.getChannels() < 1 || f.getChannels() > MAX_CHANNELS
                || rate < MIN_RATE || rate > MAX_RATE) {
            throw new FeatureException("audio file " + path + " has an unsupported format: " + f);
        }
        long frames = ais.getFrameLength();
        if (frames == AudioSystem.NOT_SPECIFIED || frames < 0) {
            throw new FeatureException("audio file " + path + " does not declare its length");
        }
        if (frames == 0) {
            throw new FeatureException("audio file " + path + " contains no audio (0 samples)");
        }
        AudioInfo info = new AudioInfo(type, enc, rate, f.getChannels(), bits, frames);
        return new AudioFileStream(path, ais, info, f.isBigEndian());
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                s = 1;
            }
            n -= s;
        }
    }

    private static int le16(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 24);
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

    private static String printable(byte[] b, int n) {
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
