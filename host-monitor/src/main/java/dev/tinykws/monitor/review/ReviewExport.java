package dev.tinykws.monitor.review;

import dev.tinykws.monitor.device.SafeNames;
import dev.tinykws.monitor.error.MonitorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tinykws dataset add-reviewed}: moves the labelled clips of a review queue into a dataset in the
 * Speech Commands layout, where {@code tinykws train} (or {@code train --init}) uses them:
 * <ul>
 *   <li>a keyword label ({@code yes}, or another keyword of the device) → {@code DATASET/<label>/};</li>
 *   <li>{@value #UNKNOWN} (not a keyword: a false accept, or a near-miss on other speech) →
 *       {@code DATASET/_unknown_/}, which training uses as unknown-word clips;</li>
 *   <li>{@value #SILENCE} (noise, no speech) → {@code DATASET/_background_noise_/}, used for silence
 *       samples and as background for augmentation.</li>
 * </ul>
 * Clips are named {@code <speaker>_nohash_<n>.wav} (the speaker names the person or device, so the
 * split rule keeps them together; not a synthetic voice, so training counts them as real). A clip is
 * moved, so a second run adds only clips labelled since; clips without a label (skipped in the review)
 * stay in the queue.
 */
public final class ReviewExport {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewExport.class);
    public static final String UNKNOWN = "_unknown_";
    public static final String SILENCE = "_silence_";
    public static final String BACKGROUND = "_background_noise_";
    private static final Pattern NUMBERED = Pattern.compile(".*_nohash_(\\d+)\\.wav");

    private ReviewExport() {
    }

    /**
     * What was added.
     *
     * @param added     files written into the dataset
     * @param perFolder clips added per dataset folder
     * @param pending   clips still without a label
     * @param missing   labelled clips whose WAV was gone (moved by an earlier run or deleted)
     */
    public record Result(List<Path> added, Map<String, Integer> perFolder, int pending, int missing) {
        public Result {
            added = List.copyOf(added);
            perFolder = Map.copyOf(perFolder);
        }
    }

    /**
     * Moves every labelled clip of {@code queue} into {@code dataset}.
     *
     * @param speaker speaker id for the file names (sanitized; default {@code field})
     * @param dryRun  only count, move nothing
     */
    public static Result addToDataset(ReviewQueue queue, Path dataset, String speaker, boolean dryRun) {
        queue.reload();
        String who = SafeNames.speaker(speaker, "field");
        List<Path> added = new ArrayList<>();
        Map<String, Integer> per = new TreeMap<>();
        int pending = 0;
        int missing = 0;
        for (ReviewClip c : queue.all()) {
            if (c.pending()) {
                pending++;
                continue;
            }
            String label = c.label().label();
            Path wav = queue.wavPath(c.id());
            if (!Files.isRegularFile(wav)) {
                missing++;
                continue;
            }
            String folder = folderFor(label);
            per.merge(folder, 1, Integer::sum);
            if (dryRun) {
                continue;
            }
            Path dir = dataset.resolve(folder);
            try {
                Files.createDirectories(dir);
                Path target = dir.resolve(who + "_nohash_" + nextNumber(dir, who) + ".wav");
                Files.move(wav, target, StandardCopyOption.ATOMIC_MOVE);
                added.add(target);
                LOG.debug("{} ({} {} {}) -> {}", c.id(), c.kind(), c.keyword(), c.score(), target);
            } catch (IOException e) {
                throw new MonitorException("cannot move " + wav + " into " + dir + ": " + e.getMessage()
                        + " (is the dataset on another file system? then copy the review folder next to it)", e);
            }
        }
        return new Result(added, per, pending, missing);
    }

    /** The dataset folder for a review label. */
    public static String folderFor(String label) {
        if (label.equals(UNKNOWN)) {
            return UNKNOWN;
        }
        if (label.equals(SILENCE)) {
            return BACKGROUND;
        }
        String f = SafeNames.sanitize(label, null);
        if (f == null || f.startsWith("_")) {
            throw new MonitorException("label '" + label + "' is not a keyword, " + UNKNOWN + " or " + SILENCE);
        }
        return f;
    }

    private static int nextNumber(Path dir, String speaker) throws IOException {
        int max = -1;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(speaker + "_nohash_")) {
                    Matcher m = NUMBERED.matcher(n);
                    if (m.matches()) {
                        max = Math.max(max, Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        return max + 1;
    }
}
