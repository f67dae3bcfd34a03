package dev.tinykws.distill;

import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.audio.AudioSource;
import dev.tinykws.features.audio.FileAudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Unlabeled audio for distillation ({@code tinykws train --unlabeled DIR}): every WAV file under a
 * folder (room recordings, the device's field recordings, speech without keywords), cut into
 * 1-s windows every {@code hop} samples; the teacher labels each window. Files that cannot be read
 * are logged and skipped, so one bad file never stops training. A file shorter than 1 s gives one
 * window, zero-padded at the end (the pad later gets the training noise floor).
 */
public final class UnlabeledAudio {

    private static final Logger LOG = LoggerFactory.getLogger(UnlabeledAudio.class);

    /** Samples per window (1 s at 16 kHz). */
    public static final int WINDOW = 16000;
    /** Default hop between windows: 0.5 s. */
    public static final int DEFAULT_HOP = 8000;

    /**
     * What was found.
     *
     * @param files   readable WAV files, sorted
     * @param windows windows in all of them
     * @param skipped files that could not be read, with the reason
     */
    public record Scan(List<Path> files, int windows, List<String> skipped) { }

    private final Path dir;
    private final int hop;

    public UnlabeledAudio(Path dir, int hop) {
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1 sample, got " + hop);
        }
        if (!Files.isDirectory(dir)) {
            throw new DistillException("--unlabeled " + dir + " is not a folder of WAV files");
        }
        this.dir = dir;
        this.hop = hop;
    }

    /** Windows of a recording of {@code samples} samples. */
    public static int windowCount(int samples, int hop) {
        if (samples <= 0) {
            return 0;
        }
        return samples <= WINDOW ? 1 : 1 + (samples - WINDOW) / hop;
    }

    /** The WAV files under the folder (recursive, sorted), checked by reading their headers. */
    public Scan scan() {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Path> ok = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long windows = 0;
        for (Path p : all) {
            try {
                var info = AudioIO.probe(p);
                long samples16k = Math.round(info.frames() * (double) AudioIO.SAMPLE_RATE / info.sampleRate());
                int n = windowCount((int) Math.min(Integer.MAX_VALUE, samples16k), hop);
                if (n == 0) {
                    skipped.add(p + ": no audio");
                    continue;
                }
                ok.add(p);
                windows += n;
            } catch (RuntimeException e) {
                LOG.warn("--unlabeled: skipping {}: {}", p, e.getMessage());
                skipped.add(p + ": " + e.getMessage());
            }
        }
        if (ok.isEmpty()) {
            throw new DistillException("--unlabeled " + dir + " holds no readable WAV file"
                    + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped; first: " + skipped.get(0) + ")"));
        }
        LOG.info("--unlabeled {}: {} files, {} windows of 1 s ({} files skipped)", dir, ok.size(), windows, skipped.size());
        return new Scan(List.copyOf(ok), (int) Math.min(Integer.MAX_VALUE, windows), List.copyOf(skipped));
    }

    /**
     * Streams the files of {@code scan} one at a time (a file of any length: memory holds one block and one
     * window, never the whole file) and hands every {@code stride}-th window (1 s, 16 kHz, a new array each) to
     * {@code sink}, at most {@code max} windows. A file that fails to read now is logged and the rest of it
     * skipped. Returns the number of windows delivered.
     */
    public int forEachWindow(Scan scan, int stride, int max, Consumer<float[]> sink) {
        long[] k = {0};
        int delivered = 0;
        for (Path p : scan.files()) {
            if (delivered >= max) {
                break;
            }
            try (FileAudioSource src = new FileAudioSource(p)) {
                delivered += windows(src, hop, stride, max - delivered, k, sink);
            } catch (RuntimeException e) {
                LOG.warn("--unlabeled: skipping {}: {}", p, e.getMessage());
            }
        }
        return delivered;
    }

    /**
     * The windows of one stream: starting every {@code hop} samples, each wholly inside the stream (a stream
     * shorter than a window gives one, zero-padded at the end); window number {@code k[0]} (counted across
     * files) is delivered when it is a multiple of {@code stride}, at most {@code max}.
     */
    static int windows(AudioSource src, int hop, int stride, int max, long[] k, Consumer<float[]> sink) {
        // samples from absolute position `from` on; the next window starts at `next`
        float[] buf = new float[WINDOW + 4096];
        int len = 0;
        long from = 0;
        long next = 0;
        long total = 0;
        int delivered = 0;
        float[] block = new float[4096];
        while (delivered < max) {
            int n = src.read(block, 0, block.length);
            if (n < 0) {
                break;
            }
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            System.arraycopy(block, 0, buf, len, n);
            len += n;
            total += n;
            while (delivered < max && next + WINDOW <= from + len) {
                if (k[0]++ % stride == 0) {
                    int at = (int) (next - from);
                    sink.accept(java.util.Arrays.copyOfRange(buf, at, at + WINDOW));
                    delivered++;
                }
                next += hop;
            }
            // drop what no later window needs
            long keep = Math.min(next, from + len);
            int drop = (int) (keep - from);
            if (drop > 0) {
                System.arraycopy(buf, drop, buf, 0, len - drop);
                len -= drop;
                from = keep;
            }
        }
        if (delivered < max && total > 0 && total < WINDOW) {
            if (k[0]++ % stride == 0) {
                float[] w = new float[WINDOW];                        // zero-padded at the end
                System.arraycopy(buf, 0, w, 0, len);
                sink.accept(w);
                delivered++;
            }
        }
        return delivered;
    }
}
