package dev.tinykws.features.audio;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.features.FeatureException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing audio files. Reading accepts WAV (PCM 8/16/24/32-bit, float 32/64-bit,
 * WAVE_FORMAT_EXTENSIBLE, any channel count and common rate; parsed by {@link WavFile}, the one
 * RIFF/WAVE parser; AIFF/AU through javax.sound) and delivers 16 kHz mono float with
 * {@code x = pcm16 / 32768} (SPEC §1); writing produces 16-bit PCM WAV through {@link WavWriter},
 * the one writer. Every problem is a {@link FeatureException} naming the file.
 */
public final class AudioIO {

    /** The project's sample rate. */
    public static final int SAMPLE_RATE = ClipFormat.SAMPLE_RATE_HZ;
    /** Longest file {@link #readMono16k} loads into memory: 3 hours. */
    public static final long MAX_SECONDS = 3 * 3600;

    private AudioIO() {
    }

    /** The file's format and length from its header (checks the header as {@link #readMono16k} would). */
    public static AudioInfo probe(Path path) {
        try (AudioFileStream s = AudioFileStream.open(path)) {
            return s.info();
        }
    }

    /** The whole file as mono float at its own sample rate (channels averaged). */
    public static float[] readMono(Path path) {
        return readAll(path).samples();
    }

    /** The whole file as 16 kHz mono float: channels averaged, then resampled if needed. */
    public static float[] readMono16k(Path path) {
        Decoded d = readAll(path);
        return Resampling.resample(d.samples(), d.info().sampleRate(), SAMPLE_RATE);
    }

    /** A decoded file: its header info and its mono samples at the file's rate. */
    public record Decoded(AudioInfo info, float[] samples) {
    }

    /** The header info and the whole file as mono float at its own rate. */
    public static Decoded readAll(Path path) {
        try (AudioFileStream s = AudioFileStream.open(path)) {
            AudioInfo info = s.info();
            if (info.frames() > MAX_SECONDS * info.sampleRate()) {
                throw new FeatureException(String.format(java.util.Locale.ROOT,
                        "audio file %s is %.0f s long; at most %d s can be loaded at once — stream it with FileAudioSource",
                        path, info.durationSeconds(), MAX_SECONDS));
            }
            float[] out = new float[(int) info.frames()];
            int pos = 0;
            while (pos < out.length) {
                int n = s.read(out, pos, Math.min(1 << 16, out.length - pos));
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return new Decoded(info, out);
        }
    }

    /** A 16-bit PCM sample for a float: round(x·32768) clamped to −32768..32767. */
    public static short toPcm16(float x) {
        float v = x * 32768f;
        if (!(v > -32768f)) {
            return Float.isNaN(v) ? 0 : Short.MIN_VALUE;
        }
        if (v >= 32767f) {
            return Short.MAX_VALUE;
        }
        return (short) Math.round(v);
    }

    /** PCM16 samples of a float signal ({@link #toPcm16} for each). */
    public static short[] toPcm16(float[] samples) {
        short[] s = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            s[i] = toPcm16(samples[i]);
        }
        return s;
    }

    /** Writes mono 16-bit PCM WAV; samples are clamped to [−1, 32767/32768]. Parent folders are created. */
    public static void writeWav16(Path path, float[] samples, int sampleRate) {
        writeWav(path, toPcm16(samples), sampleRate, 1);
    }

    /** Writes interleaved 16-bit PCM WAV with {@code channels} channels. */
    public static void writeWav(Path path, short[] interleaved, int sampleRate, int channels) {
        writeWav(path, interleaved, sampleRate, channels, new java.nio.file.OpenOption[0]);
    }

    private static void writeWav(Path path, short[] interleaved, int sampleRate, int channels,
                                 java.nio.file.OpenOption... options) {
        checkWritable(path, interleaved, sampleRate, channels);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, options), 1 << 16)) {
                WavWriter.write(out, interleaved, sampleRate, channels);
            }
        } catch (IOException e) {
            throw new FeatureException("cannot write WAV file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a 16-bit PCM WAV file (44-byte RIFF/WAVE header, then the samples). */
    public static byte[] wavBytes(short[] interleaved, int sampleRate, int channels) {
        checkWritable("WAV bytes", interleaved, sampleRate, channels);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(44 + 2 * interleaved.length);
        try {
            WavWriter.write(out, interleaved, sampleRate, channels);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Writes mono 16-bit PCM WAV only when {@code path} does not exist yet (fails instead of overwriting). */
    public static void writeWavNew(Path path, short[] samples, int sampleRate) {
        writeWav(path, samples, sampleRate, 1, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE);
    }

    private static void checkWritable(Object what, short[] interleaved, int sampleRate, int channels) {
        if (sampleRate < AudioFileStream.MIN_RATE || sampleRate > AudioFileStream.MAX_RATE) {
            throw new FeatureException("cannot write " + what + ": sample rate " + sampleRate + " Hz out of range");
        }
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new FeatureException("cannot write " + what + ": " + interleaved.length + " samples for " + channels + " channels");
        }
        long dataBytes = 2L * interleaved.length;
        if (dataBytes > WavWriter.MAX_DATA_BYTES) {
            throw new FeatureException("cannot write " + what + ": too long for a WAV file");
        }
    }
}
