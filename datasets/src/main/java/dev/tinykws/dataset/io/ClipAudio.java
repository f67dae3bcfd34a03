package dev.tinykws.dataset.io;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.FileAudioSource;
import dev.tinykws.features.audio.Resampling;
import dev.tinykws.features.audio.WavFile;
import dev.tinykws.features.audio.WavInfo;
import dev.tinykws.features.audio.WavWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one place the dataset tools read and write audio, through the feature-extraction
 * module's WAV codec ({@link AudioIO}, the parser {@link WavFile} and the writer {@link WavWriter};
 * SPEC §1: {@code x = pcm16 / 32768}; TarsosDSP resampling), with its {@link FeatureException}s
 * turned into {@link DatasetException}s (same message: the codec's messages name the file) and
 * writes made atomic.
 */
public final class ClipAudio {
    public static final int RATE = AudioIO.SAMPLE_RATE;

    private ClipAudio() {
    }

    /**
     * What {@code file}'s WAV header declares and what is present, reading only the chunk headers
     * ({@link WavFile#probe}): a truncated data chunk or a partial last frame is reported in the
     * result, an unreadable structure is a {@link DatasetException} with the reason.
     */
    public static WavInfo probe(Path file) {
        try {
            return WavFile.probe(file);
        } catch (FeatureException e) {
            throw wrap(e);
        }
    }

    /**
     * Decodes every sample of {@code file} (interleaved as stored) block by block, in constant memory
     * ({@link WavFile#scan}); NaN/Inf float samples are passed on as 0.
     *
     * @return the number of NaN/Inf float samples
     */
    public static long scan(Path file, WavInfo info, WavFile.BlockConsumer out) {
        try {
            return WavFile.scan(file, info, out);
        } catch (FeatureException e) {
            throw wrap(e);
        }
    }

    /** Mono floats (channels averaged) of a whole WAV file at its own rate; its header in {@code infoOut[0]}. */
    public static float[] readMono(Path file, WavInfo[] infoOut) {
        try {
            return WavFile.readMono(file, infoOut);
        } catch (FeatureException e) {
            throw wrap(e);
        }
    }

    /** Mono floats of WAV bytes (e.g. an engine's stdout) at their own rate; {@code label} names them in messages. */
    public static float[] decodeMono(Path label, byte[] wav, WavInfo[] infoOut) {
        try {
            return WavFile.decodeMono(label, wav, infoOut);
        } catch (FeatureException e) {
            throw wrap(e);
        }
    }

    private static DatasetException wrap(FeatureException e) {
        return new DatasetException(e.getMessage(), e);
    }

    /** Reads any PCM/float WAV, down-mixes to mono and resamples to 16 kHz. */
    public static float[] readMono16k(Path file) {
        try {
            return AudioIO.readMono16k(file);
        } catch (FeatureException e) {
            throw wrap(e);
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
        return convertStreaming(src, file, null);
    }

    /** {@link #convertStreaming(Path, Path)} through the given temporary file (null: a fresh name beside file). */
    static long convertStreaming(Path src, Path file, Path tmpOrNull) {
        Path tmp = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = tmpOrNull != null ? tmpOrNull : parent.resolve(".tmp-" + java.util.UUID.randomUUID() + ".wav");
            try {
                long n;
                try (FileAudioSource in = new FileAudioSource(src);
                     WavWriter out = new WavWriter(tmp, RATE)) {
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
        } catch (IOException e) {
            throw new DatasetException("cannot write " + file + ": " + named(e.getMessage(), tmp, file), e);
        } catch (FeatureException e) {
            // the reader's message names the source; the writer's names the temporary file: say which file it becomes
            String m = String.valueOf(e.getMessage());
            String writer = "cannot write WAV file " + tmp + ": ";
            throw new DatasetException(tmp == null || !m.contains(tmp.toString()) ? m
                    : "cannot write " + file + ": " + named(m.startsWith(writer) ? m.substring(writer.length()) : m, tmp, file), e);
        }
    }

    private static String named(String message, Path tmp, Path file) {
        return message == null || tmp == null ? String.valueOf(message)
                : message.replace(tmp.toString(), file + " (its temporary file)");
    }

    /** Resampling of the feature-extraction module; returns the input itself when the rates match. */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        return Resampling.resample(x, fromRate, toRate);
    }
}
