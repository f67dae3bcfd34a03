package dev.tinykws.dataset;

import dev.tinykws.contract.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A dataset folder in the Google Speech Commands layout: one folder per word holding 1 s
 * 16 kHz mono PCM16 WAVs named {@code <speaker>_nohash_<n>.wav}, a {@code _background_noise_}
 * folder of long clips, and optional {@code validation_list.txt} / {@code testing_list.txt}.
 *
 * <p>Splits are by speaker ({@link SpeakerSplitter}). When list files exist, a listed clip
 * goes where its list says; an unlisted clip follows its speaker's listed split if that
 * speaker appears in a list (so a speaker is never split across parts), otherwise the hash
 * rule. Loading only lists files; it does not open them ({@code tinykws dataset check} does).
 */
public final class DatasetIndex {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetIndex.class);

    /** Folder of long background recordings. */
    public static final String BACKGROUND_NOISE = Labels.BACKGROUND_NOISE_DIR;
    public static final String VALIDATION_LIST = "validation_list.txt";
    public static final String TESTING_LIST = "testing_list.txt";
    /** The file recording how a dataset was made. */
    public static final String MANIFEST = "dataset.json";

    private final Path root;
    private final List<Clip> all;
    private final Map<Split, List<Clip>> bySplit;
    private final Set<String> words;
    private final List<Path> backgroundNoise;

    private DatasetIndex(Path root, List<Clip> all, Set<String> words, List<Path> backgroundNoise) {
        this.root = root;
        this.all = List.copyOf(all);
        this.words = Collections.unmodifiableSet(words);
        this.backgroundNoise = List.copyOf(backgroundNoise);
        Map<Split, List<Clip>> m = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            m.put(s, all.stream().filter(c -> c.split() == s).toList());
        }
        this.bySplit = Collections.unmodifiableMap(m);
    }

    /** Loads a dataset with the default 10 % validation / 10 % test split. */
    public static DatasetIndex load(Path root) {
        return load(root, SpeakerSplitter.defaults());
    }

    /**
     * Loads a dataset.
     *
     * @throws DatasetException if the folder is missing, is not a folder, or holds no clips
     */
    public static DatasetIndex load(Path root, SpeakerSplitter splitter) {
        if (root == null || !Files.exists(root)) {
            throw new DatasetException("dataset folder " + root + " does not exist — create one with "
                    + "`tinykws dataset synth --out " + root + "` or point to a Speech Commands folder");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset path " + root + " is a file, expected a folder with one "
                    + "sub-folder of WAVs per word");
        }
        Map<String, Split> listed = new HashMap<>();
        readList(root.resolve(VALIDATION_LIST), Split.VALIDATION, listed);
        readList(root.resolve(TESTING_LIST), Split.TEST, listed);
        Map<String, Split> listedSpeakers = new HashMap<>();
        for (Map.Entry<String, Split> e : listed.entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            listedSpeakers.putIfAbsent(SpeakerSplitter.speakerOf(name), e.getValue());
        }
        // An unlisted clip follows its speaker's listed split (no speaker straddles two parts);
        // a speaker that appears in no list falls back to the hash rule.
        boolean haveLists = !listed.isEmpty();

        List<Clip> clips = new ArrayList<>();
        Set<String> words = new TreeSet<>();
        List<Path> background = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(d -> {
                if (Files.isDirectory(d)) {
                    return true;
                }
                String why = LinkProblems.describe(d);
                if (why != null) {
                    LOG.warn("skipping {}: {}", d, why);
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list dataset folder " + root + ": " + e.getMessage(), e);
        }
        for (Path dir : dirs) {
            String word = dir.getFileName().toString();
            if (word.startsWith(".")) {
                continue;
            }
            List<Path> wavs = wavsIn(dir);
            if (word.equals(BACKGROUND_NOISE)) {
                background.addAll(wavs);
                continue;
            }
            if (wavs.isEmpty()) {
                continue;
            }
            words.add(word);
            for (Path wav : wavs) {
                String name = wav.getFileName().toString();
                String speaker = SpeakerSplitter.speakerOf(name);
                Split split = listed.get(word + "/" + name);
                if (split == null && haveLists) {
                    split = listedSpeakers.get(speaker);
                }
                if (split == null) {
                    split = splitter.splitOf(name);
                }
                clips.add(new Clip(wav, word, speaker, split));
            }
        }
        if (clips.isEmpty()) {
            throw new DatasetException("dataset folder " + root + " holds no clips: expected sub-folders "
                    + "like " + root.resolve("yes") + "/<speaker>_nohash_0.wav (see datasets/README.md)");
        }
        LOG.debug("loaded {}: {} clips, {} words, {} background files", root, clips.size(), words.size(),
                background.size());
        return new DatasetIndex(root, clips, words, background);
    }

    private static List<Path> wavsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .filter(DatasetIndex::isClipFile).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A regular file (links followed); a dangling link or a link loop is skipped with a warning. */
    private static boolean isClipFile(Path p) {
        if (Files.isRegularFile(p)) {
            return true;
        }
        String why = LinkProblems.describe(p);
        if (why != null) {
            LOG.warn("skipping {}: {}", p, why);
        }
        return false;
    }

    private static void readList(Path list, Split split, Map<String, Split> out) {
        if (!Files.isRegularFile(list)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String l = line.strip().replace('\\', '/');
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                while (l.startsWith("./")) {
                    l = l.substring(2);
                }
                Split prev = out.putIfAbsent(l, split);
                if (prev != null && prev != split) {
                    throw new DatasetException(l + " is listed in both " + VALIDATION_LIST + " and "
                            + TESTING_LIST + " — remove it from one of them");
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + list + ": " + e.getMessage(), e);
        }
    }

    /**
     * The same clips with splits chosen by {@code split} (e.g. to keep a user's only real speaker in
     * training); words and background recordings unchanged.
     */
    public DatasetIndex withSplits(java.util.function.Function<Clip, Split> split) {
        List<Clip> moved = new ArrayList<>(all.size());
        for (Clip c : all) {
            Split s = java.util.Objects.requireNonNull(split.apply(c), "split");
            moved.add(s == c.split() ? c : new Clip(c.path(), c.word(), c.speaker(), s));
        }
        return new DatasetIndex(root, moved, new TreeSet<>(words), backgroundNoise);
    }

    /**
     * This dataset without the given clips and background files (e.g. ones found unreadable), same
     * splits for the rest.
     */
    public DatasetIndex without(java.util.Collection<Path> drop) {
        Set<Path> d = new java.util.HashSet<>(drop);
        return new DatasetIndex(root, all.stream().filter(c -> !d.contains(c.path())).toList(), words,
                backgroundNoise.stream().filter(p -> !d.contains(p)).toList());
    }

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** Clips of one split, sorted by word folder then file name. */
    public List<Clip> clips(Split split) {
        return bySplit.get(split);
    }

    /** Every clip, sorted by word folder then file name. */
    public List<Clip> all() {
        return all;
    }

    /** The word folders that hold at least one clip, sorted. */
    public Set<String> words() {
        return words;
    }

    /** The WAV files in {@code _background_noise_}, sorted (possibly empty). */
    public List<Path> backgroundNoise() {
        return backgroundNoise;
    }

    /** Clips of one word in one split. */
    public List<Clip> clips(String word, Split split) {
        return bySplit.get(split).stream().filter(c -> c.word().equals(word)).toList();
    }

    /** The distinct speakers of a split, sorted. */
    public Set<String> speakers(Split split) {
        Set<String> s = new TreeSet<>();
        bySplit.get(split).forEach(c -> s.add(c.speaker()));
        return s;
    }

    /** Number of clips per word and split, words sorted. */
    public Map<String, Map<Split, Integer>> counts() {
        Map<String, Map<Split, Integer>> m = new java.util.TreeMap<>();
        for (Clip c : all) {
            m.computeIfAbsent(c.word(), w -> new EnumMap<>(Split.class)).merge(c.split(), 1, Integer::sum);
        }
        return m;
    }

    /** The manifest file ({@code dataset.json}) if the dataset has one. */
    public java.util.Optional<Path> manifest() {
        Path p = root.resolve(MANIFEST);
        return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "DatasetIndex[" + root + ", " + all.size() + " clips, words=" + new LinkedHashSet<>(words) + "]";
    }
}
