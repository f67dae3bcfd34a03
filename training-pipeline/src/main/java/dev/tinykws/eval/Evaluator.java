package dev.tinykws.eval;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.ClipScorer;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.pkg.ModelPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Clip classification accuracy of a model on a dataset folder, for every model variant
 * (float and int8). Words the model does not know count as {@code _unknown_}; a dataset
 * without {@code _silence_} simply has no silence rows. Clips that cannot be read are
 * reported and skipped.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private Evaluator() {
    }

    /**
     * Evaluates a model package on a dataset split ({@code null} = every clip).
     */
    public static EvaluationResult run(ModelPackage pkg, DatasetIndex data, Split split) {
        return run(ModelRuntime.of(pkg, pkg.dir().toAbsolutePath().normalize().getFileName().toString()), data, split);
    }

    /** Evaluates a loaded model on a dataset split ({@code null} = every clip). */
    public static EvaluationResult run(ModelRuntime model, DatasetIndex data, Split split) {
        List<Clip> clips = split == null ? data.all() : data.clips(split);
        List<LabeledAudio> items = clips.stream().map(c -> new LabeledAudio(c.path(), c.word())).toList();
        String splitName = split == null ? "all" : split.name().toLowerCase(java.util.Locale.ROOT);
        return evaluate(model.name(), data.root().toString(), splitName, model.labels(), items, model.clipScorer(),
                AudioIO::readMono16k);
    }

    /**
     * The core loop, independent of model and dataset types.
     *
     * @param loader reads a clip as 16 kHz mono float; throws on an unreadable file
     */
    public static EvaluationResult evaluate(String modelName, String dataDir, String split, List<String> labels,
                                            List<LabeledAudio> clips, ClipScorer scorer,
                                            Function<Path, float[]> loader) {
        LabelMapper mapper = new LabelMapper(labels);
        Map<String, ConfusionMatrix> matrices = new LinkedHashMap<>();
        for (String v : scorer.variants()) {
            matrices.put(v, new ConfusionMatrix(labels));
        }
        Map<String, Integer> wordCounts = new TreeMap<>();
        List<SkippedClip> skipped = new ArrayList<>();
        long start = System.nanoTime();
        int done = 0;
        for (LabeledAudio clip : clips) {
            int truth = mapper.labelOf(clip.word());
            if (truth < 0) {
                skipped.add(new SkippedClip(clip.path().toString(), "the model has no label for word '" + clip.word()
                        + "' (no _unknown_/_silence_ label)"));
                continue;
            }
            float[] audio;
            int[] predicted;
            try {
                audio = loader.apply(clip.path());
                predicted = scorer.classify(audio);
            } catch (RuntimeException e) {
                LOG.warn("skipping {}: {}", clip.path(), e.getMessage());
                skipped.add(new SkippedClip(clip.path().toString(), String.valueOf(e.getMessage())));
                continue;
            }
            int i = 0;
            for (ConfusionMatrix m : matrices.values()) {
                m.add(truth, predicted[i++]);
            }
            wordCounts.merge(clip.word(), 1, Integer::sum);
            done++;
            if (done % 500 == 0) {
                LOG.info("evaluated {}/{} clips ({} s)", done, clips.size(), (System.nanoTime() - start) / 1_000_000_000L);
            }
        }
        if (done == 0) {
            throw new EvalException("no clip of " + dataDir + " (split " + split + ") could be evaluated"
                    + (skipped.isEmpty() ? ": the split is empty" : "; first problem: " + skipped.get(0).reason()));
        }
        LOG.info("evaluated {} clips, skipped {}", done, skipped.size());
        return new EvaluationResult(modelName, dataDir, split, labels, matrices, wordCounts, skipped);
    }
}
