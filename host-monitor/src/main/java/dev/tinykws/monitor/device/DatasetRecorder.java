package dev.tinykws.monitor.device;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.contract.ClipNames;
import dev.tinykws.monitor.error.MonitorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records keyword clips with the device microphone into a Speech Commands layout:
 * {@code DATASET/<keyword>/<speaker>_nohash_<n>.wav}, 16 kHz mono PCM16. Existing clips are never
 * overwritten ({@code n} continues after the highest number present).
 */
public final class DatasetRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetRecorder.class);
    public static final int SAMPLE_RATE = ClipFormat.SAMPLE_RATE_HZ;

    /**
     * @param dataset  dataset root
     * @param keyword  keyword (sanitized into the folder name)
     * @param speaker  speaker id (sanitized; never contains {@code _nohash_})
     * @param count    clips to save
     * @param ms       clip length, 100..10000
     * @param pause    pause between clips (time to breathe)
     * @param maxRejected give up after this many rejected clips
     */
    public record Options(Path dataset, String keyword, String speaker, int count, int ms, Duration pause,
                          int maxRejected) {
    }

    private DatasetRecorder() {
    }

    /**
     * Records until {@code count} clips are saved.
     *
     * @param prompt receives "say 'yes' now (clip 1/10)" before each clip
     * @return the files written
     */
    public static List<Path> record(DeviceClient client, Options o, Consumer<String> prompt) {
        if (o.count() < 1) {
            throw new MonitorException("--count must be at least 1");
        }
        String keyword = SafeNames.sanitize(o.keyword(), null);
        if (keyword == null) {
            throw new MonitorException("keyword '" + o.keyword() + "' has no usable character for a folder name");
        }
        String speaker = SafeNames.speaker(o.speaker(), "device");
        Path dir = o.dataset().resolve(keyword);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MonitorException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        int n = nextIndex(dir, speaker);
        List<Path> saved = new ArrayList<>();
        int rejected = 0;
        while (saved.size() < o.count()) {
            prompt.accept(String.format("say '%s' now (clip %d/%d, %d ms)", o.keyword(), saved.size() + 1, o.count(), o.ms()));
            RecordedClip clip = client.record(o.ms(), Duration.ofSeconds(2));
            if (!clip.ok()) {
                rejected++;
                LOG.warn("clip {} rejected: {}", clip.clipId(), clip.rejected());
                if (rejected > o.maxRejected()) {
                    throw new MonitorException(rejected + " clips rejected (last: " + clip.rejected() + "); saved "
                            + saved.size() + " of " + o.count() + ". Check the link (lost lines) and the baud rate.");
                }
            } else {
                Path file = dir.resolve(ClipNames.fileName(speaker, n));
                WavFiles.writeNew(file, clip.samples(), SAMPLE_RATE);
                LOG.info("saved {} ({} samples, clip {})", file, clip.samples().length, clip.clipId());
                saved.add(file);
                n++;
            }
            if (saved.size() < o.count()) {
                try {
                    Thread.sleep(o.pause().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MonitorException("recording interrupted after " + saved.size() + " clip(s)");
                }
            }
        }
        return saved;
    }

    /** 1 + the highest {@code n} of {@code <speaker>_nohash_<n>.wav} in {@code dir} (0 when none). */
    public static int nextIndex(Path dir, String speaker) {
        Pattern p = Pattern.compile(ClipNames.numberPattern(speaker));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> p.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)) + 1).max().orElse(0);
        } catch (IOException e) {
            throw new MonitorException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
