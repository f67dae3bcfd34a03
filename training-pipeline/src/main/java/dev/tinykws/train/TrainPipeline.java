package dev.tinykws.train;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.model.FloatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training half of {@code tinykws train}: dataset → balanced sample plan → cached MFCC
 * features (+ per-epoch augmentation) → DJL training with checkpoints → {@link FloatModel}
 * and the float DJL checkpoint in the package folder. {@code TrainCommand} then hands the
 * FloatModel to quantization, evaluation and threshold calibration.
 */
public final class TrainPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(TrainPipeline.class);
    /** Calibration features handed to quantization: at most this many clean training samples. */
    static final int CALIBRATION_SAMPLES = 1000;
    /** Name prefix of the float DJL checkpoint in the package folder ({@code float-NNNN.params}). */
    public static final String FLOAT_CHECKPOINT = "float";

    private TrainPipeline() { }

    /**
     * What training produced.
     *
     * @param model              the extracted float model (best validation epoch)
     * @param labels             class labels
     * @param frontend           frontend the features were computed with
     * @param calibration        clean training features for int8 calibration (each 49×10)
     * @param stats              params and MACs
     * @param history            per-epoch metrics
     * @param bestEpoch          epoch kept
     * @param valAccuracy        its validation accuracy (float)
     * @param testAccuracy       float accuracy on the balanced test split (with silence/unknown)
     * @param trainSeconds       summed training-loop time
     * @param samplesPerSecond   median training throughput
     * @param featureSeconds     time to compute the clean features (0 when all came from the cache)
     * @param augmentSeconds     time to compute the cached augmented copies (0 when loaded or not used)
     * @param fingerprint        dataset fingerprint
     * @param splitCounts        samples per split and class
     * @param checkpoint         the float DJL parameter file written into the package folder
     * @param data               the dataset index (for evaluation and calibration), after {@link RealVoices#keepInTraining},
     *                           without unreadable clips
     * @param skippedClips       unreadable clips reported (train.log) and left out
     * @param realCounts         real vs synthetic clips per split
     * @param adaptation         the own-voice settings the run used
     * @param initFrom           id of the package training started from, or null (from scratch)
     */
    public record Outcome(FloatModel model, List<String> labels, FrontendConfig frontend, List<float[]> calibration,
                          ModelStats stats, List<EpochMetrics> history, int bestEpoch, double valAccuracy,
                          double testAccuracy, double trainSeconds, double samplesPerSecond, double featureSeconds,
                          double augmentSeconds, String fingerprint, Map<String, Map<String, Integer>> splitCounts, Path checkpoint,
                          DatasetIndex data, int skippedClips, Map<Split, RealVoices.SplitCount> realCounts,
                          Adaptation adaptation, String initFrom) { }

    /** Trains from scratch with no special treatment of real recordings ({@link Adaptation#none()}). */
    public static Outcome run(TrainOptions o) {
        return run(o, null, Adaptation.none());
    }

    /**
     * Trains with the own-voice settings ({@link Adaptation}: real speakers kept in training and
     * oversampled, optionally starting from an existing package); with a {@code teacher} (and augmentation
     * on), the device model is distilled from it ({@link DistillEpochSource}: soft targets on augmented
     * copies, mixtures and {@code --unlabeled} audio).
     */
    public static Outcome run(TrainOptions o, dev.tinykws.distill.ClipTeacher teacher, Adaptation adapt) {
        return run(o, prepare(o, adapt), teacher, adapt);
    }

    /**
     * The training data of a run, prepared once and shared by the teacher and the device model: the dataset after
     * {@link RealVoices#keepInTraining} without unreadable clips and background recordings, and the sample plan
     * (silence and unknown shares, {@link RealVoices#withAllRealUnknown}, real-clip oversampling) built from it.
     *
     * @param data         the cleaned dataset index (for evaluation and calibration)
     * @param plan         the sample plan both models train on
     * @param skippedClips unreadable clips reported (train.log) and left out
     * @param realCounts   real vs synthetic clips per split
     * @param fingerprint  dataset fingerprint of {@code data}
     */
    public record Prepared(DatasetIndex data, SamplePlan plan, int skippedClips,
                           Map<Split, RealVoices.SplitCount> realCounts, String fingerprint) { }

    /**
     * Loads the dataset, applies the own-voice rules of {@code adapt}, reports and leaves out unreadable clips
     * (like evaluate and dataset convert) and builds the sample plan; see {@link Prepared}.
     */
    public static Prepared prepare(TrainOptions o, Adaptation adapt) {
        DatasetIndex loaded = DatasetIndex.load(o.data());
        RealVoices voices = RealVoices.of(loaded);
        DatasetIndex full = adapt.keepRealInTraining() ? voices.keepInTraining(loaded, o.keywords()).data() : loaded;
        DatasetIndex data = full;
        java.util.function.Function<DatasetIndex, SamplePlan> planner = d -> {
            SamplePlan p = SamplePlan.build(d, o.keywords(), o.silencePercent(), o.unknownPercent(), o.seed());
            return adapt.realOversample() > 1 || adapt.keepRealInTraining() ? voices.withAllRealUnknown(p, d) : p;
        };
        SamplePlan plan = planner.apply(data);
        // report and skip unreadable clips (like evaluate and dataset convert): probe what the plan uses,
        // plan again without the bad ones, until the plan holds only readable clips
        Map<Path, String> unreadable = new LinkedHashMap<>();
        java.util.Set<Path> probed = new java.util.HashSet<>();
        while (true) {
            List<Path> fresh = new ArrayList<>();
            for (Path p : data.backgroundNoise()) {
                if (probed.add(p)) {
                    fresh.add(p);
                }
            }
            for (Split s : Split.values()) {
                for (SamplePlan.Sample x : plan.samples(s)) {
                    if (!x.isSilence() && probed.add(x.clip().path())) {
                        fresh.add(x.clip().path());
                    }
                }
            }
            UnreadableClips bad = UnreadableClips.find(fresh, o.threads());
            if (bad.isEmpty()) {
                break;
            }
            bad.report(o.out());
            unreadable.putAll(bad.reasons());
            data = full.without(unreadable.keySet());
            plan = planner.apply(data);
        }
        Map<Split, RealVoices.SplitCount> realCounts = voices.count(data, o.keywords());
        LOG.info("clips: {}", RealVoices.describe(realCounts, adapt.realOversample()));
        return new Prepared(data, voices.oversample(plan, adapt.realOversample()), unreadable.size(), realCounts,
                DatasetFingerprint.of(data));
    }

    /** As {@link #run(TrainOptions, dev.tinykws.distill.ClipTeacher, Adaptation)} on data already {@link #prepare}d. */
    public static Outcome run(TrainOptions o, Prepared prepared, dev.tinykws.distill.ClipTeacher teacher,
                              Adaptation adapt) {
        DjlRuntime.configure(o.threads());
        FrontendConfig frontend = FrontendConfig.defaults();
        WarmStart warm = adapt.initFrom() == null ? null : WarmStart.open(adapt.initFrom(), o.architecture(), frontend);
        DatasetIndex data = prepared.data();
        Map<Split, RealVoices.SplitCount> realCounts = prepared.realCounts();
        final SamplePlan planned = prepared.plan();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            int[] c = planned.classCounts(s);
            Map<String, Integer> m = new LinkedHashMap<>();
            for (int i = 0; i < c.length; i++) {
                m.put(planned.labels().get(i), c[i]);
            }
            counts.put(s.name().toLowerCase(), m);
            LOG.info("{} split: {} samples {}", s.name().toLowerCase(), planned.samples(s).size(), m);
        }
        String fingerprint = prepared.fingerprint();
        List<float[]> backgrounds = new ArrayList<>();
        for (Path p : data.backgroundNoise()) {
            try {
                backgrounds.add(AudioIO.readMono16k(p));
            } catch (RuntimeException e) {
                throw new TrainingException("cannot read background recording " + p + ": " + e.getMessage(), e);
            }
        }
        long trainClipBytes = (long) planned.samples(Split.TRAIN).size() * frontend.clipSamples() * 2;
        // only fresh-every-epoch augmentation re-reads clips; the copy pool reads each clip once
        boolean keepInMemory = o.augment() && o.augmentVariants() == 0
                && trainClipBytes < Runtime.getRuntime().maxMemory() / 4;
        ClipAudio audio = new ClipAudio(backgrounds, frontend.clipSamples(), keepInMemory);

        long f0 = System.nanoTime();
        FeatureStore store = new FeatureStore(o.out().resolve("cache"), data.root(), frontend);
        LabeledFeatures val = store.features(planned.samples(Split.VALIDATION), Split.VALIDATION, audio, o.threads());
        LabeledFeatures test = store.features(planned.samples(Split.TEST), Split.TEST, audio, o.threads());
        List<SamplePlan.Sample> trainSamples = planned.samples(Split.TRAIN);
        EpochSource source;
        LabeledFeatures calibrationPool;
        double augmentSeconds = 0;
        if (o.augment()) {
            List<SamplePlan.Sample> subset = new ArrayList<>(trainSamples);
            java.util.Collections.shuffle(subset, new Random(o.seed()));
            calibrationPool = store.features(subset.subList(0, Math.min(CALIBRATION_SAMPLES, subset.size())),
                    Split.TRAIN, audio, o.threads());
            AugmentConfig augConfig = AugmentConfig.defaults()
                    .withBackgroundProb(backgrounds.isEmpty() ? 0 : AugmentConfig.defaults().backgroundProb());
            if (teacher != null) {
                DistillEpochSource d = Distillation.source(o, trainSamples, audio, augConfig, frontend, teacher,
                        planned.labels());
                augmentSeconds = d.prepare(o.out().resolve("cache"), o.threads());
                source = d;
            } else {
                AugmentedEpochSource aug = new AugmentedEpochSource(trainSamples, audio, augConfig,
                        frontend, o.seed(), o.augmentVariants(), o.voice());
                augmentSeconds = aug.prepare(o.out().resolve("cache"), o.threads());
                source = aug;
            }
        } else {
            if (teacher != null) {
                LOG.warn("--augment none: no distillation (the teacher labels augmented and mixed inputs)");
            }
            LabeledFeatures train = store.features(trainSamples, Split.TRAIN, audio, o.threads());
            calibrationPool = train;
            source = EpochSource.fixed(train);
        }
        double featureSeconds = store.computedCount() == 0 ? 0 : (System.nanoTime() - f0) / 1e9 - augmentSeconds;
        LOG.info("features: {} clips computed, {} cached, {} s", store.computedCount(),
                store.size() - store.computedCount(), String.format("%.1f", (System.nanoTime() - f0) / 1e9));
        store.save();

        // a resumed run must see the same data: dataset content plus the sampling and augmentation settings
        String dataId = String.format(java.util.Locale.ROOT, "%s;silence=%s%%;unknown=%s%%;augment=%s;%s", fingerprint,
                o.silencePercent(), o.unknownPercent(), o.augment() ? "default/" + o.augmentVariants() : "none",
                o.voice().dataId() + (teacher == null ? "" : ";teacher=" + teacher.id()));
        if (!adapt.equals(Adaptation.none())) {
            dataId += String.format(java.util.Locale.ROOT, ";real=x%d%s;init=%s", adapt.realOversample(),
                    adapt.keepRealInTraining() ? "/kept" : "", warm == null ? "none" : warm.baseId());
        }
        TrainConfig cfg = o.trainConfig(planned.labels(), dataId);
        java.util.function.Consumer<ai.djl.nn.Block> init = warm == null ? null : block -> {
            int rows = warm.apply(block, planned.labels());
            LOG.info("--init: started from {} ({} of {} output rows kept)", warm.baseId(), rows, planned.labels().size());
        };
        try (TrainResult r = KwsTrainer.train(cfg, source, val, o.out(), o.resume(), (m, st) -> { }, init)) {
            FloatModel fm = FloatModelExtractor.extract(r.model(), o.architecture().id(), planned.labels());
            double testAcc = KwsTrainer.accuracy(r.model().getBlock(), test);
            Path checkpoint = saveFloatCheckpoint(r, o.out());
            List<float[]> calibration = calibrationSet(calibrationPool, CALIBRATION_SAMPLES, o.seed());
            LOG.info("best epoch {}: validation accuracy {}, test accuracy {} (float, balanced test split)",
                    r.bestEpoch(), String.format("%.4f", r.bestValAccuracy()), String.format("%.4f", testAcc));
            return new Outcome(fm, planned.labels(), frontend, calibration, ModelStats.of(fm), r.history(), r.bestEpoch(),
                    r.bestValAccuracy(), testAcc, r.trainSeconds(), r.samplesPerSecond(), featureSeconds, augmentSeconds,
                    fingerprint, counts, checkpoint, data, prepared.skippedClips(), realCounts, adapt,
                    warm == null ? null : warm.baseId());
        }
    }

    private static Path saveFloatCheckpoint(TrainResult r, Path out) {
        try {
            try (var old = Files.list(out)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(FLOAT_CHECKPOINT + "-") && n.endsWith(".params")) {
                        Files.delete(p);
                    }
                }
            }
            r.model().setProperty("Epoch", Integer.toString(r.bestEpoch()));
            r.model().save(out, FLOAT_CHECKPOINT);
            return out.resolve(String.format("%s-%04d.params", FLOAT_CHECKPOINT, r.bestEpoch()));
        } catch (IOException e) {
            throw new TrainingException("cannot write the float checkpoint into " + out + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code max} samples drawn without replacement (seeded), as separate 49×10 arrays. */
    static List<float[]> calibrationSet(LabeledFeatures pool, int max, long seed) {
        int[] order = KwsTrainer.permutation(pool.size(), new Random(seed + 17));
        int n = Math.min(max, pool.size());
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool.sample(order[i]));
        }
        return out;
    }

}
