package dev.tinykws.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user's real recordings apart from synthetic clips and makes a few of them count.
 *
 * <p>A speaker is synthetic when the dataset's {@code dataset.json} manifest lists it among
 * the speakers {@code tinykws dataset synth} made, or when its id has the synthesizer's form
 * {@code <engine>-<8 hex>} (clips merged in from another synthetic dataset); every other
 * speaker is real: recorded with {@code tinykws dataset record}, the device, or added from the
 * field review queue.
 *
 * <p>Two rules act on real speakers: (1) {@link #keepInTraining} puts a real speaker into the
 * training split when no real speaker of a keyword would be there otherwise (a maker who
 * records only themselves must not land in validation by the luck of the hash), and (2)
 * {@link #oversample} repeats real keyword clips in the training plan, each repeat getting its
 * own augmentation, so 20 real clips are not drowned by a thousand synthetic ones.
 */
public final class RealVoices {

    private static final Logger LOG = LoggerFactory.getLogger(RealVoices.class);
    /** The id form of {@code VoiceSpec.speakerId()}: engine name, dash, 8 hex digits. */
    static final Pattern SYNTHETIC_ID = Pattern.compile("(espeak|flite|festival|freetts)-[0-9a-f]{8}");

    private final Set<String> manifestSpeakers;

    private RealVoices(Set<String> manifestSpeakers) {
        this.manifestSpeakers = Set.copyOf(manifestSpeakers);
    }

    /** Reads the synthetic speakers of a dataset's manifest (none when it has no manifest). */
    public static RealVoices of(DatasetIndex data) {
        Set<String> ids = new HashSet<>();
        Path manifest = data.root().resolve(DatasetIndex.MANIFEST);
        if (Files.isRegularFile(manifest)) {
            try {
                JsonNode root = new ObjectMapper().readTree(manifest.toFile());
                for (JsonNode s : root.path("speakers")) {
                    String id = s.path("id").asText("");
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                }
            } catch (IOException e) {
                throw new TrainingException("cannot read " + manifest + " (" + e.getMessage()
                        + "): fix or delete it; it lists the synthetic speakers of the dataset", e);
            }
        }
        return new RealVoices(ids);
    }

    /** True when the speaker id belongs to a real person (not a synthetic voice). */
    public boolean isReal(String speaker) {
        return !manifestSpeakers.contains(speaker) && !SYNTHETIC_ID.matcher(speaker).matches();
    }

    public boolean isReal(Clip c) {
        return isReal(c.speaker());
    }

    /**
     * The dataset with, for every keyword that has real clips but none of them in the training
     * split, the real speaker with the most clips of that keyword moved into training (with all
     * their clips, so a speaker is never split across parts). Returns the same index when
     * nothing moves.
     */
    public Moved keepInTraining(DatasetIndex data, Collection<String> keywords) {
        Map<String, Split> speakerSplit = new HashMap<>();
        for (Clip c : data.all()) {
            speakerSplit.putIfAbsent(c.speaker(), c.split());
        }
        Set<String> moved = new TreeSet<>();
        for (String k : keywords) {
            Map<String, Integer> perSpeaker = new TreeMap<>();
            boolean inTrain = false;
            for (Clip c : data.all()) {
                if (c.word().equals(k) && isReal(c)) {
                    perSpeaker.merge(c.speaker(), 1, Integer::sum);
                    inTrain |= c.split() == Split.TRAIN || moved.contains(c.speaker());
                }
            }
            if (perSpeaker.isEmpty() || inTrain) {
                continue;
            }
            String best = perSpeaker.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                            java.util.Comparator.reverseOrder())))
                    .orElseThrow().getKey();
            moved.add(best);
            LOG.info("real speaker '{}' is the best real voice of '{}' and was in the {} split: kept in training",
                    best, k, speakerSplit.get(best).name().toLowerCase(Locale.ROOT));
        }
        if (moved.isEmpty()) {
            return new Moved(data, Set.of());
        }
        return new Moved(data.withSplits(c -> moved.contains(c.speaker()) ? Split.TRAIN : c.split()), moved);
    }

    /**
     * The dataset after {@link #keepInTraining}.
     *
     * @param data     the (possibly re-split) dataset
     * @param speakers the real speakers moved into training
     */
    public record Moved(DatasetIndex data, Set<String> speakers) {
        public Moved {
            speakers = Set.copyOf(speakers);
        }
    }

    /**
     * The plan with every real keyword clip of the training split repeated {@code copies} times
     * in all (validation and test unchanged). Augmentation draws its randomness per sample, so
     * each repeat is a differently augmented version of the clip.
     */
    public SamplePlan oversample(SamplePlan plan, int copies) {
        if (copies < 1) {
            throw new TrainingException("real-clip copies must be at least 1, got " + copies);
        }
        if (copies == 1) {
            return plan;
        }
        Map<Split, List<SamplePlan.Sample>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<SamplePlan.Sample> out = new ArrayList<>(plan.samples(s));
            if (s == Split.TRAIN) {
                for (SamplePlan.Sample x : plan.samples(s)) {
                    if (!x.isSilence() && x.label() >= 2 && isReal(x.clip())) {
                        for (int i = 1; i < copies; i++) {
                            out.add(x);
                        }
                    }
                }
            }
            splits.put(s, out);
        }
        return new SamplePlan(plan.labels(), plan.keywords(), splits, plan.unknownWords());
    }

    /**
     * The plan with every real clip of an unknown word in the training split included (the random
     * unknown-word draw may have left some out): real non-keyword speech, such as the false accepts
     * a reviewer put into {@code _unknown_/}, is the rarest and most useful negative.
     */
    public SamplePlan withAllRealUnknown(SamplePlan plan, DatasetIndex data) {
        Set<java.nio.file.Path> have = new HashSet<>();
        for (SamplePlan.Sample x : plan.samples(Split.TRAIN)) {
            if (!x.isSilence()) {
                have.add(x.clip().path());
            }
        }
        List<SamplePlan.Sample> extra = new ArrayList<>();
        Set<String> unknownWords = Set.copyOf(plan.unknownWords());
        for (Clip c : data.clips(Split.TRAIN)) {
            if (unknownWords.contains(c.word()) && isReal(c) && !have.contains(c.path())) {
                extra.add(new SamplePlan.Sample(c, SamplePlan.UNKNOWN_INDEX, -1, 0, 0));
            }
        }
        if (extra.isEmpty()) {
            return plan;
        }
        LOG.info("{} real unknown-word clips added to the training plan", extra.size());
        Map<Split, List<SamplePlan.Sample>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<SamplePlan.Sample> out = new ArrayList<>(plan.samples(s));
            if (s == Split.TRAIN) {
                out.addAll(extra);
            }
            splits.put(s, out);
        }
        return new SamplePlan(plan.labels(), plan.keywords(), splits, plan.unknownWords());
    }

    /**
     * Real and synthetic clips of one split.
     *
     * @param realClips       clips by real speakers (all words)
     * @param syntheticClips  clips by synthetic speakers (all words)
     * @param realKeywordClips real clips of the keywords
     * @param realSpeakers    distinct real speakers
     */
    public record SplitCount(int realClips, int syntheticClips, int realKeywordClips, int realSpeakers) { }

    /** Real vs synthetic clips per split (dataset clips, before sampling and oversampling). */
    public Map<Split, SplitCount> count(DatasetIndex data, Collection<String> keywords) {
        Set<String> kw = Set.copyOf(keywords);
        Map<Split, SplitCount> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            int real = 0;
            int synth = 0;
            int realKw = 0;
            Set<String> speakers = new HashSet<>();
            for (Clip c : data.clips(s)) {
                if (isReal(c)) {
                    real++;
                    speakers.add(c.speaker());
                    if (kw.contains(c.word())) {
                        realKw++;
                    }
                } else {
                    synth++;
                }
            }
            out.put(s, new SplitCount(real, synth, realKw, speakers.size()));
        }
        return out;
    }

    /** One line per split, for the training summary and the log. */
    public static String describe(Map<Split, SplitCount> counts, int copies) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Split, SplitCount> e : counts.entrySet()) {
            SplitCount c = e.getValue();
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(String.format(Locale.ROOT, "%s %d real (%d of keywords, %d speakers) + %d synthetic",
                    e.getKey().name().toLowerCase(Locale.ROOT), c.realClips(), c.realKeywordClips(),
                    c.realSpeakers(), c.syntheticClips()));
        }
        SplitCount train = counts.get(Split.TRAIN);
        if (train != null && train.realKeywordClips() > 0 && copies > 1) {
            sb.append(String.format(Locale.ROOT, "; real keyword clips x%d in training", copies));
        }
        return sb.toString();
    }
}
