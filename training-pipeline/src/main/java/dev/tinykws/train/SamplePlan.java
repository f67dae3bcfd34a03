package dev.tinykws.train;

import dev.tinykws.contract.Labels;
import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.tinykws.contract.Labels.SILENCE;
import static dev.tinykws.contract.Labels.UNKNOWN;

/**
 * Which samples each split trains or evaluates on, balanced like the Speech Commands recipe
 * ({@code input_data.py}): every clip of a keyword; {@code unknownPercent} % as many clips of
 * the other words (drawn at random, seeded); {@code silencePercent} % as many silence samples,
 * both relative to the split's keyword clip count. A silence sample is a 1 s snippet of a
 * background recording at a random gain in [0, 1), or pure zeros for one in
 * {@value #ZERO_SILENCE_EVERY}; each split takes its snippets from its own part of every
 * background file (train 0–80 %, validation 80–90 %, test 90–100 %), so no noise is shared.
 *
 * @param labels     "_silence_", "_unknown_", then the keywords in the given order
 * @param keywords   the keywords
 * @param splits     samples per split
 * @param unknownWords the words that became "_unknown_"
 */
public record SamplePlan(List<String> labels, List<String> keywords, Map<Split, List<Sample>> splits,
                         List<String> unknownWords) {

    public static final int SILENCE_INDEX = Labels.SILENCE_INDEX;
    public static final int UNKNOWN_INDEX = Labels.UNKNOWN_INDEX;
    /** One silence sample in this many is pure zeros. */
    public static final int ZERO_SILENCE_EVERY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SamplePlan.class);

    public SamplePlan {
        labels = List.copyOf(labels);
        keywords = List.copyOf(keywords);
        splits = Collections.unmodifiableMap(new EnumMap<>(splits));
        unknownWords = List.copyOf(unknownWords);
    }

    /**
     * One sample: a clip, or (clip == null) a silence snippet.
     *
     * @param clip          the clip, or null for silence
     * @param label         class index
     * @param background    silence: index into the background list, or -1 for zeros
     * @param startFraction silence: where the snippet starts inside the split's part of the file, [0, 1)
     * @param gain          silence: gain applied to the snippet
     */
    public record Sample(Clip clip, int label, int background, double startFraction, float gain) {
        public boolean isSilence() {
            return clip == null;
        }
    }

    public List<Sample> samples(Split split) {
        return splits.get(split);
    }

    /** Samples per class in a split. */
    public int[] classCounts(Split split) {
        int[] c = new int[labels.size()];
        for (Sample s : samples(split)) {
            c[s.label()]++;
        }
        return c;
    }

    /**
     * Builds the plan.
     *
     * @throws TrainingException when a keyword has no training clip, a split has no keyword
     *                           clip at all, or the keyword list is invalid
     */
    public static SamplePlan build(DatasetIndex data, List<String> keywords, double silencePercent,
                                   double unknownPercent, long seed) {
        if (keywords.isEmpty()) {
            throw new TrainingException("no keywords given: pass --keywords yes,no,... (words of " + data.root() + ")");
        }
        Set<String> kw = new LinkedHashSet<>();
        for (String k : keywords) {
            if (k.isBlank() || k.startsWith("_")) {
                throw new TrainingException("invalid keyword '" + k + "': keywords are folder names of "
                        + data.root() + " and may not start with '_'");
            }
            if (!kw.add(k)) {
                throw new TrainingException("keyword '" + k + "' is given twice");
            }
        }
        if (silencePercent < 0 || unknownPercent < 0) {
            throw new TrainingException("silence and unknown percentages must be >= 0");
        }
        for (String k : kw) {
            if (data.clips(k, Split.TRAIN).isEmpty()) {
                throw new TrainingException("keyword '" + k + "' has no clips in the training split of " + data.root()
                        + (data.words().contains(k) ? " (all its speakers fell into validation/test; add speakers)"
                        : " (no folder " + k + "/; words found: " + data.words() + ")"));
            }
        }
        List<String> labels = new ArrayList<>(List.of(SILENCE, UNKNOWN));
        labels.addAll(kw);
        // other word folders, plus _unknown_/ (clips known not to be a keyword, e.g. reviewed false accepts)
        List<String> unknownWords = data.words().stream()
                .filter(w -> !kw.contains(w) && (!w.startsWith("_") || w.equals(UNKNOWN))).sorted().toList();
        if (unknownWords.isEmpty() && unknownPercent > 0) {
            LOG.warn("{} has no words besides the keywords: the _unknown_ class gets no samples; "
                    + "add other words so the model learns to reject them", data.root());
        }
        if (data.backgroundNoise().isEmpty() && silencePercent > 0) {
            LOG.warn("{} has no {} recordings: silence samples are pure zeros", data.root(),
                    DatasetIndex.BACKGROUND_NOISE);
        }
        Map<Split, List<Sample>> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            Random r = new Random(seed * 31 + split.ordinal());
            List<Sample> out = new ArrayList<>();
            int k = 0;
            for (String w : kw) {
                for (Clip c : data.clips(w, split)) {
                    out.add(new Sample(c, 2 + k, -1, 0, 0));
                }
                k++;
            }
            int keywordClips = out.size();
            if (keywordClips == 0) {
                throw new TrainingException("the " + split.name().toLowerCase() + " split of " + data.root()
                        + " has no clip of any keyword " + kw + ": it needs more speakers (or a "
                        + (split == Split.TEST ? DatasetIndex.TESTING_LIST : DatasetIndex.VALIDATION_LIST) + ")");
            }
            List<Clip> others = new ArrayList<>();
            for (String w : unknownWords) {
                others.addAll(data.clips(w, split));
            }
            Collections.shuffle(others, r);
            int unknownWanted = (int) Math.ceil(keywordClips * unknownPercent / 100.0);
            int unknown = Math.min(unknownWanted, others.size());
            if (unknown < unknownWanted && !others.isEmpty()) {
                LOG.warn("{} split: only {} unknown-word clips for the {} wanted", split, unknown, unknownWanted);
            }
            for (int i = 0; i < unknown; i++) {
                out.add(new Sample(others.get(i), UNKNOWN_INDEX, -1, 0, 0));
            }
            int silence = (int) Math.ceil(keywordClips * silencePercent / 100.0);
            int nbg = data.backgroundNoise().size();
            for (int i = 0; i < silence; i++) {
                boolean zeros = nbg == 0 || i % ZERO_SILENCE_EVERY == 0;
                out.add(zeros ? new Sample(null, SILENCE_INDEX, -1, 0, 0)
                        : new Sample(null, SILENCE_INDEX, r.nextInt(nbg), r.nextDouble(), r.nextFloat()));
            }
            splits.put(split, out);
        }
        return new SamplePlan(labels, List.copyOf(kw), splits, unknownWords);
    }

    /** Where a split's silence snippets come from inside each background file: [from, to) as fractions. */
    static double[] backgroundRegion(Split split) {
        return switch (split) {
            case TRAIN -> new double[] {0.0, 0.8};
            case VALIDATION -> new double[] {0.8, 0.9};
            case TEST -> new double[] {0.9, 1.0};
        };
    }
}
