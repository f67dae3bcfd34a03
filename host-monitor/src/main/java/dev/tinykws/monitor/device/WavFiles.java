package dev.tinykws.monitor.device;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.monitor.error.MonitorException;

import java.nio.file.Path;

/**
 * Mono PCM16 WAV files of recorded clips, through feature-extraction's one WAV codec
 * ({@link AudioIO}), with its errors turned into {@link MonitorException}s.
 */
public final class WavFiles {
    private WavFiles() {
    }

    public static byte[] encode(short[] samples, int sampleRate) {
        try {
            return AudioIO.wavBytes(samples, sampleRate, 1);
        } catch (FeatureException e) {
            throw new MonitorException(e.getMessage(), e);
        }
    }

    /** Writes {@code file} without overwriting an existing one (the create fails instead). */
    public static void writeNew(Path file, short[] samples, int sampleRate) {
        try {
            AudioIO.writeWavNew(file, samples, sampleRate);
        } catch (FeatureException e) {
            throw new MonitorException(e.getMessage(), e);
        }
    }

    /** Reads back the samples of a mono PCM16 WAV (for tests and checks). */
    public static short[] readPcm16Mono(Path file) {
        try {
            AudioIO.Decoded d = AudioIO.readAll(file);
            float[] x = d.samples();
            short[] s = new short[x.length];
            for (int i = 0; i < x.length; i++) {
                s[i] = AudioIO.toPcm16(x[i]); // exact: a PCM16 sample decodes to s / 32768
            }
            return s;
        } catch (FeatureException e) {
            throw new MonitorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
