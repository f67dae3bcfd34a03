package dev.tinykws.dataset.io;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.Resampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one place the dataset tools read and write audio, through the feature-extraction
 * module's {@link AudioIO} (SPEC §1: {@code x = pcm16 / 32768}; TarsosDSP resampling), with its
 * {@link FeatureException}s turned into {@link DatasetException}s and writes made atomic.
 */
public final class ClipAudio {
    public static final int RATE = AudioIO.SAMPLE_RATE;

    private ClipAudio() {
    }

    /** Reads any PCM/float WAV, down-mixes to mono and resamples to 16 kHz. */
    public static float[] readMono16k(Path file) {
        try {
            return AudioIO.readMono16k(file);
        } catch (FeatureException e) {
            throw new DatasetException(e.getMessage(), e);
        }
    }

    /**
     * Writes mono PCM16 through a temporary file in the same folder and an atomic move, so an
     * interrupted run never leaves a half-written clip under the final name. The file mode follows
     * the umask (0644 with umask 022).
     */
    public static void writeWav16(Path file, float[] samples, int sampleRate) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // not Files.createTempFile: that makes the file mode 0600, and the rename would keep it;
            // a plain create honours the umask like any other tool's output
            Path tmp = parent.resolve(".tmp-" + java.util.UUID.randomUUID() + ".wav");
            try {
                AudioIO.writeWav16(tmp, samples, sampleRate);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | FeatureException e) {
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Converts any readable audio file to 16 kHz mono PCM16 at {@code file}, block by block (constant
     * memory, e.g. for hours of background noise), through a temporary file and an atomic move.
     *
     * @return samples written
     */
    public static long convertStreaming(Path src, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(".tmp-" + java.util.UUID.randomUUID() + ".wav");
            try {
                long n;
                try (dev.tinykws.features.audio.FileAudioSource in = new dev.tinykws.features.audio.FileAudioSource(src);
                     WavStreamWriter out = new WavStreamWriter(tmp, RATE)) {
                    float[] buf = new float[8192];
                    int k;
                    while ((k = in.read(buf, 0, buf.length)) >= 0) {
                        out.write(buf, k);
                    }
                    n = out.samples();
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return n;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | FeatureException e) {
            throw new DatasetException(e instanceof FeatureException ? e.getMessage()
                    : "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Resampling of the feature-extraction module; returns the input itself when the rates match. */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        return Resampling.resample(x, fromRate, toRate);
    }
}
