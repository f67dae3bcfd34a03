package dev.tinykws.dataset.check;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.contract.Labels;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.LinkProblems;
import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Copies a dataset folder into the layout format: every WAV becomes 16 kHz mono PCM16 (down-mix
 * and band-limited resampling in Java), word clips become exactly 1 s (shorter ones are padded
 * around the centre, longer ones cut to the 1 s window around the speech; a clip whose speech
 * is longer than 1 s is skipped with the reason), background noise keeps its length. List files
 * and {@code dataset.json} are copied. Files already in the layout format are copied byte for
 * byte. Unreadable files are reported and skipped.
 */
public final class DatasetConverter {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetConverter.class);
    /**
     * Largest word clip converted (its samples are held in memory to find the speech): 8 MB of audio,
     * about 4 min of 16 kHz mono. Longer files are skipped with the reason; background noise of any
     * length is converted as a stream.
     */
    static final long MAX_WORD_CLIP_BYTES = 8L << 20;

    /** What happened to each file. */
    public record Report(int copied, int converted, int existing, List<Finding> skipped) {
    }

    private DatasetConverter() {
    }

    public static Report convert(Path src, Path dst) {
        if (!Files.isDirectory(src)) {
            throw new DatasetException("source folder " + src + " does not exist or is not a folder");
        }
        if (src.toAbsolutePath().normalize().equals(dst.toAbsolutePath().normalize())) {
            throw new DatasetException("convert needs a different destination folder than " + src);
        }
        int copied = 0, converted = 0, existing = 0, wavs = 0;
        List<Finding> skipped = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(src)) {
            dirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
            Files.createDirectories(dst);
            for (String f : List.of(DatasetIndex.VALIDATION_LIST, DatasetIndex.TESTING_LIST, DatasetIndex.MANIFEST)) {
                if (Files.isRegularFile(src.resolve(f))) {
                    Files.copy(src.resolve(f), dst.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + src + " or create " + dst + ": " + e.getMessage(), e);
        }
        for (Path dir : dirs) {
            String word = dir.getFileName().toString();
            boolean background = word.equals(Labels.BACKGROUND_NOISE_DIR);
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList();
            } catch (IOException e) {
                skipped.add(new Finding(dir, word, Issue.NOT_WAV, "cannot list: " + e.getMessage()));
                continue;
            }
            for (Path f : files) {
                wavs++;
                if (!Files.isRegularFile(f)) {
                    String why = LinkProblems.describe(f);
                    skipped.add(new Finding(f, word, why != null ? Issue.LINK : Issue.NOT_WAV,
                            f + ": " + (why != null ? why : "not a regular file") + "; skipped"));
                    continue;
                }
                Path out = dst.resolve(word).resolve(f.getFileName().toString());
                if (Files.isRegularFile(out)) {
                    existing++;
                    continue;
                }
                try {
                    WavInfo info = ClipAudio.probe(f);
                    if (info.isLayoutFormat() && !info.truncated() && (background || info.frames() == ClipFormat.CLIP_SAMPLES)) {
                        Files.createDirectories(out.getParent());
                        Files.copy(f, out);
                        copied++;
                        continue;
                    }
                    if (background) {
                        ClipAudio.convertStreaming(f, out); // any length, constant memory
                        converted++;
                        continue;
                    }
                    if (info.dataBytes() > MAX_WORD_CLIP_BYTES) {
                        skipped.add(new Finding(f, word, Issue.DURATION, String.format(Locale.ROOT,
                                "%s is %.1f s long (%d bytes of audio); a word clip must be about 1 s: cut it first, "
                                        + "or move a noise recording to %s/", f, info.durationSeconds(), info.dataBytes(),
                                Labels.BACKGROUND_NOISE_DIR)));
                        continue;
                    }
                    float[] x = ClipAudio.readMono16k(f);
                    float[] fitted = fitToOneSecond(x);
                    if (fitted == null) {
                        skipped.add(new Finding(f, word, Issue.DURATION, String.format(Locale.ROOT,
                                "%s: speech lasts more than 1 s (clip is %.2f s); cut it by hand or record it again",
                                f, x.length / (double) ClipFormat.SAMPLE_RATE_HZ)));
                        continue;
                    }
                    ClipAudio.writeWav16(out, fitted, ClipAudio.RATE);
                    converted++;
                } catch (DatasetException | IOException e) {
                    Issue kind = e.getMessage() != null && e.getMessage().contains("truncated") ? Issue.TRUNCATED : Issue.NOT_WAV;
                    skipped.add(new Finding(f, word, kind, e.getMessage()));
                    LOG.debug("skipped {}: {}", f, e.getMessage());
                }
            }
        }
        if (wavs == 0) {
            throw new DatasetException("source folder " + src + " holds no WAV files (expected one sub-folder of "
                    + "clips per word, e.g. " + src.resolve("yes") + "/a_nohash_0.wav); nothing to convert");
        }
        return new Report(copied, converted, existing, skipped);
    }

    /**
     * Exactly 16000 samples: shorter clips padded equally on both sides; longer ones cut to the
     * 1 s window centred on the speech (10 ms frames within 40 dB of the loudest), or null when the
     * speech itself is longer than 1 s.
     */
    public static float[] fitToOneSecond(float[] x) {
        int n = ClipFormat.CLIP_SAMPLES;
        float[] y = new float[n];
        if (x.length <= n) {
            System.arraycopy(x, 0, y, (n - x.length) / 2, x.length);
            return y;
        }
        int[] b = speech(x);
        if (b == null) {
            System.arraycopy(x, (x.length - n) / 2, y, 0, n);
            return y;
        }
        if (b[1] - b[0] > n) {
            return null;
        }
        int start = Math.max(0, Math.min(x.length - n, (b[0] + b[1]) / 2 - n / 2));
        System.arraycopy(x, start, y, 0, n);
        return y;
    }

    private static int[] speech(float[] x) {
        int f = 160;
        int frames = x.length / f;
        double[] e = new double[frames];
        double max = 0;
        for (int k = 0; k < frames; k++) {
            for (int i = k * f; i < (k + 1) * f; i++) {
                e[k] += x[i] * x[i];
            }
            max = Math.max(max, e[k]);
        }
        if (max <= 0) {
            return null;
        }
        double thr = max * 1e-4; // 40 dB below the loudest frame (energy)
        int a = 0;
        while (a < frames && e[a] < thr) {
            a++;
        }
        int z = frames - 1;
        while (z > a && e[z] < thr) {
            z--;
        }
        return new int[] {a * f, (z + 1) * f};
    }
}
