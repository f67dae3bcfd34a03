package dev.tinykws.features.audio;

import dev.tinykws.features.FeatureException;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An open audio file positioned at its first sample: WAV parsed by {@link WavFile} (the one
 * RIFF/WAVE parser, so truncated and inconsistent headers are caught with precise messages) and
 * checked against what can be decoded ({@link WavFile#readable}), AIFF/AU through javax.sound.
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
        FileChannel ch = WavFile.open(path);
        try {
            WavFile.Source src = WavFile.of(ch);
            byte[] magic = new byte[4];
            int got = src.read(0, magic, 4);
            if (got == 4 && ((magic[0] == 'F' && magic[1] == 'O' && magic[2] == 'R' && magic[3] == 'M')
                    || (magic[0] == '.' && magic[1] == 's' && magic[2] == 'n' && magic[3] == 'd'))) {
                return openJavaSound(path, new BufferedInputStream(Channels.newInputStream(ch), 1 << 16),
                        magic[0] == 'F' ? "AIFF" : "AU");
            }
            WavInfo header = WavFile.parse(path, src);   // the one RIFF/WAVE parser
            AudioInfo info = WavFile.readable(path, header);
            ch.position(header.dataOffset());
            return new AudioFileStream(path, new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), info, false);
        } catch (FeatureException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new FeatureException("cannot read audio file " + path + ": " + e.getMessage(), e);
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

    private static void closeQuietly(java.io.Closeable in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
