package dev.tinykws.dataset.check;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.contract.ClipNames;
import dev.tinykws.contract.Labels;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.LinkProblems;
import dev.tinykws.dataset.SpeakerSplitter;
import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Validates every file of a dataset folder: WAV header, format (16 kHz, mono, PCM16), truncation,
 * duration (1 s for word clips, ≥ 1 s for background noise), clipping, silence, duplicate content
 * (SHA-256 of the decoded samples) and naming. A bad file is reported, never fatal.
 */
public final class DatasetChecker {

    /** Findings and per-word counts. */
    public record Report(Path root, Map<String, Integer> filesPerWord, Map<String, Integer> okPerWord,
                         List<Finding> findings) {
        public long problems() {
            return findings.stream().filter(f -> f.issue().problem()).map(Finding::path).distinct().count();
        }

        public long warnings() {
            return findings.stream().filter(f -> !f.issue().problem()).count();
        }

        public int files() {
            return filesPerWord.values().stream().mapToInt(Integer::intValue).sum();
        }

        public Map<Issue, Long> countsByIssue() {
            Map<Issue, Long> m = new java.util.EnumMap<>(Issue.class);
            findings.forEach(f -> m.merge(f.issue(), 1L, Long::sum));
            return m;
        }
    }

    private DatasetChecker() {
    }

    public static Report check(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset folder " + root + " does not exist or is not a folder");
        }
        Map<String, Integer> files = new TreeMap<>();
        Map<String, Integer> ok = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + root + ": " + e.getMessage(), e);
        }
        for (Path dir : dirs) {
            String word = dir.getFileName().toString();
            if (!Files.isDirectory(dir)) {
                String why = LinkProblems.describe(dir);
                if (why != null) {
                    findings.add(new Finding(dir, word, Issue.LINK, dir + ": " + why + "; skipped"));
                }
                continue;
            }
            boolean background = word.equals(Labels.BACKGROUND_NOISE_DIR);
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(md|txt)$"))
                        .sorted().toList();
            } catch (IOException e) {
                findings.add(new Finding(dir, word, Issue.NOT_WAV, "cannot list folder: " + e.getMessage()));
                continue;
            }
            for (Path p : entries) {
                if (!Files.isRegularFile(p)) {
                    String why = LinkProblems.describe(p); // dangling links and link loops are said, not skipped silently
                    if (why != null) {
                        files.merge(word, 1, Integer::sum);
                        findings.add(new Finding(p, word, Issue.LINK, p + ": " + why + "; skipped"));
                    }
                    continue;
                }
                files.merge(word, 1, Integer::sum);
                List<Finding> f = checkFile(p, word, background, seen);
                findings.addAll(f);
                if (f.stream().noneMatch(x -> x.issue().problem())) {
                    ok.merge(word, 1, Integer::sum);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException("dataset folder " + root + " holds no clips: expected sub-folders like "
                    + root.resolve("yes") + "/<speaker>_nohash_0.wav");
        }
        return new Report(root, files, ok, findings);
    }

    /**
     * Checks one file, reading it block by block (constant memory, whatever its length); {@code seen}
     * maps content hashes to the first file that had them.
     */
    static List<Finding> checkFile(Path p, String word, boolean background, Map<String, Path> seen) {
        List<Finding> out = new ArrayList<>();
        String name = p.getFileName().toString();
        WavInfo info;
        SampleStats st;
        long nonFinite;
        try {
            info = ClipAudio.probe(p);
            st = new SampleStats(info.bitsPerSample(), info.sampleRate() * info.channels());
            nonFinite = ClipAudio.scan(p, info, st::accept);
        } catch (DatasetException e) {
            Issue kind = e.getMessage().contains("truncated") ? Issue.TRUNCATED : Issue.NOT_WAV;
            out.add(new Finding(p, word, kind, e.getMessage()));
            return out;
        }
        if (info.truncated()) {
            out.add(new Finding(p, word, Issue.TRUNCATED, String.format(Locale.ROOT,
                    "%s: data chunk declares %d bytes but only %d are present", p, info.declaredBytes(),
                    info.presentBytes())));
        } else if (info.strayBytes() > 0) {
            out.add(new Finding(p, word, Issue.PARTIAL_FRAME, String.format(Locale.ROOT,
                    "%s: data chunk of %d bytes is not a whole number of %d-byte frames; the last %d byte(s) are ignored",
                    p, info.presentBytes(), info.blockAlign(), info.strayBytes())));
        }
        if (nonFinite > 0) {
            out.add(new Finding(p, word, Issue.NON_FINITE, String.format(Locale.ROOT,
                    "%s: %d NaN or infinite float sample(s), read as 0 (silence)", p, nonFinite)));
        }
        if (!info.isLayoutFormat()) {
            out.add(new Finding(p, word, Issue.FORMAT, p + " is " + info.describe()
                    + "; expected " + ClipFormat.SAMPLE_RATE_HZ + " Hz, 1 ch, PCM 16-bit — run `tinykws dataset convert`"));
        }
        if (background) {
            if (info.durationSeconds() < 1.0) {
                out.add(new Finding(p, word, Issue.DURATION, String.format(Locale.ROOT,
                        "%s: background noise is %.3f s; at least 1 s needed", p, info.durationSeconds())));
            }
        } else if (info.frames() != (long) info.sampleRate()) {
            out.add(new Finding(p, word, Issue.DURATION, String.format(Locale.ROOT, "%s is %.3f s (%d frames); "
                    + "expected exactly 1 s", p, info.durationSeconds(), info.frames())));
        }
        if (st.fullScaleSamples() >= (long) ClipStats.CLIPPED_SAMPLES * info.channels()) {
            out.add(new Finding(p, word, Issue.CLIPPED, p + ": " + st.fullScaleSamples() + " samples at full scale"));
        }
        if (st.samples() == 0 || st.loudestFrameDbfs() < ClipStats.SILENCE_DBFS) {
            out.add(new Finding(p, word, Issue.SILENT, String.format(Locale.ROOT, "%s: loudest 10 ms is below %.0f dBFS",
                    p, ClipStats.SILENCE_DBFS)));
        }
        String hash = st.contentHash();
        Path first = seen.putIfAbsent(hash, p);
        if (first != null) {
            out.add(new Finding(p, word, Issue.DUPLICATE, p + " has the same samples as " + first));
        }
        if (!background && !name.contains(ClipNames.NOHASH)) {
            out.add(new Finding(p, word, Issue.NAME, p + ": no _nohash_ in the name, so the whole name is the "
                    + "speaker id (rename to <speaker>_nohash_<n>.wav to split by speaker)"));
        }
        return out;
    }
}
