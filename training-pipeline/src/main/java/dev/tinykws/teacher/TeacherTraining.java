package dev.tinykws.teacher;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.augment.Augmenter;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.Calibration;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.eval.stream.ThresholdCalibrator;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.train.ClipAudio;
import dev.tinykws.train.SamplePlan;
import dev.tinykws.train.TeacherCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The teacher half of {@code tinykws train}: the same dataset, sample plan (same seed, same
 * silence/unknown shares) and waveform augmentation as the device model; features from the frozen
 * {@link SpeechEmbedding} (each clip clean plus {@code variants} augmented copies, computed once and
 * kept in the {@link FeatureCache}); the head trained by {@link TeacherTrainer}; the class-prior
 * correction from the training class shares; the detection threshold calibrated on the dataset's
 * negative audio like the device model's; written as a host model package ({@link TeacherPackage}).
 */
public final class TeacherTraining {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherTraining.class);

    /** Detector defaults of the teacher as a streaming host detector (strideFrames in 10-ms mel hops). */
    public static final DetectorConfig DEFAULT_DETECTOR = new DetectorConfig(250, 0.7, 1000, 1,
            SpeechEmbedding.STEP_FRAMES);

    /**
     * @param data            dataset folder
     * @param keywords        keywords in label order
     * @param out             host package folder (e.g. {@code <out>/teacher})
     * @param silencePercent  as the device model's
     * @param unknownPercent  as the device model's
     * @param seed            sample plan, augmentation and head seed
     * @param augment         waveform augmentation on/off
     * @param variants        augmented copies per training clip (besides the clean one)
     * @param jobs            embedding worker threads
     * @param cacheDir        feature cache folder
     * @param targetFaPerHour false accepts per hour the threshold is calibrated to
     * @param head            head training settings
     */
    public record Options(Path data, List<String> keywords, Path out, double silencePercent, double unknownPercent,
                          long seed, boolean augment, int variants, int jobs, Path cacheDir, double targetFaPerHour,
                          TeacherTrainer.Options head) {
        public Options {
            if (variants < 0 || jobs < 1) {
                throw new IllegalArgumentException("variants must be >= 0 and jobs >= 1");
            }
        }
    }

    /** What training produced. */
    public record Outcome(TeacherPackage pkg, TeacherModel model, Map<String, Object> metrics) { }

    private TeacherTraining() {
    }

    /**
     * Trains on the dataset as it is: the plain sample plan (no own-voice rules); every clip must be readable.
     * {@code tinykws train} uses {@link #run(Options, DatasetIndex, SamplePlan, String)} with the device model's
     * prepared data instead.
     */
    public static Outcome run(Options o) {
        DatasetIndex data = DatasetIndex.load(o.data());
        return run(o, data, SamplePlan.build(data, o.keywords(), o.silencePercent(), o.unknownPercent(), o.seed()),
                dev.tinykws.train.DatasetFingerprint.of(data));
    }

    /**
     * Trains on {@code plan}, the device model's own sample plan over {@code data} (the dataset without unreadable
     * clips, after the own-voice rules: {@link dev.tinykws.train.TrainPipeline#prepare}), so the teacher's class
     * shares and augmented copies are the student's. {@code dataKey} identifies the data (fingerprint and plan) in
     * the package's metadata, so that {@link #reuse} can recognise a teacher trained on the same data.
     */
    public static Outcome run(Options o, DatasetIndex data, SamplePlan plan, String dataKey) {
        long t0 = System.nanoTime();
        List<float[]> backgrounds = new ArrayList<>();
        for (Path p : data.backgroundNoise()) {
            backgrounds.add(AudioIO.readMono16k(p));
        }
        ClipAudio audio = new ClipAudio(backgrounds, SpeechEmbedding.CLIP_SAMPLES, false);
        AugmentConfig ac = AugmentConfig.defaults().withBackgroundProb(backgrounds.isEmpty() ? 0
                : AugmentConfig.defaults().backgroundProb());
        Augmenter augmenter = new Augmenter(ac, backgrounds);
        SpeechEmbedding emb = SharedEmbedding.get();
        FeatureCache cache = FeatureCache.open(o.cacheDir(), emb);
        int copies = 1 + (o.augment() ? o.variants() : 0);

        List<SamplePlan.Sample> train = plan.samples(Split.TRAIN);
        float[][] x = new float[train.size() * copies][];
        int[] y = new int[x.length];
        long f0 = System.nanoTime();
        parallel("teacher features (train, " + copies + " copies per clip)", train.size(), o.jobs(), i -> {
            SamplePlan.Sample s = train.get(i);
            float[] clean = audio.audio(s, Split.TRAIN);
            for (int v = 0; v < copies; v++) {
                float[] a;
                if (v == 0) {
                    a = clean;
                } else {
                    Random r = new Random(TeacherCopies.seed(o.seed(), v, i));
                    a = s.isSilence() ? silence(audio, r) : augmenter.apply(clean, r);
                }
                x[i * copies + v] = cache.features(emb, fit(a));
                y[i * copies + v] = s.label();
            }
        });
        Labeled val = clean(plan.samples(Split.VALIDATION), Split.VALIDATION, audio, emb, cache, o.jobs());
        Labeled test = clean(plan.samples(Split.TEST), Split.TEST, audio, emb, cache, o.jobs());
        double featureSeconds = (System.nanoTime() - f0) / 1e9;
        LOG.info(String.format(Locale.ROOT, "teacher features: %d train (%d clips x %d), %d validation, %d test in %.1f s"
                        + " (cache: %d hits, %d computed)", x.length, train.size(), copies, val.x.length, test.x.length,
                featureSeconds, cache.hits(), cache.misses()));

        TeacherTrainer.Result r = TeacherTrainer.train(x, y, val.x, val.y, plan.labels().size(), o.head());
        int[] counts = plan.classCounts(Split.TRAIN);
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = counts[i];
        }
        TeacherModel model = new TeacherModel(plan.labels(), r.head(), TeacherModel.logPrior(shares), emb);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("valAccuracy", r.valAccuracy());
        metrics.put("bestEpoch", r.bestEpoch());
        metrics.put("testAccuracyRaw", TeacherTrainer.accuracy(r.head(), test.x, test.y));
        metrics.put("testAccuracy", correctedAccuracy(model, test));
        metrics.put("trainSamples", x.length);
        metrics.put("featureSeconds", featureSeconds);
        metrics.put("headSeconds", r.seconds());

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("data", o.data().toString());
        metadata.put("seed", o.seed());
        metadata.put("augment", o.augment() ? "default, " + o.variants() + " copies per clip" : "none");
        metadata.put("silencePercent", o.silencePercent());
        metadata.put("unknownPercent", o.unknownPercent());
        metadata.put("head", o.head());
        Map<String, Integer> shareCounts = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            shareCounts.put(plan.labels().get(i), counts[i]);
        }
        metadata.put("trainClassCounts", shareCounts);
        metadata.put("variants", o.augment() ? o.variants() : 0);
        metadata.put(RUN_KEY, runKey(o, dataKey));

        String name = o.out().toAbsolutePath().normalize().getFileName().toString();
        TeacherPackage pkg = TeacherPackage.write(o.out(), name, plan.labels(), r.head(), shares, DEFAULT_DETECTOR,
                emb.modelSha256(), metrics, metadata);
        // the threshold, calibrated on the dataset's negative audio like the device model's
        TeacherRuntime rt = new TeacherRuntime(name, model, DEFAULT_DETECTOR, cache);
        Calibration cal = ThresholdCalibrator.calibrate(rt, data, o.targetFaPerHour(),
                ThresholdCalibrator.DEFAULT_MAX_MINUTES, 1234L);
        pkg.updateDetector(DEFAULT_DETECTOR.withThreshold(cal.threshold()));
        Map<String, Object> calm = new LinkedHashMap<>();
        calm.put("threshold", cal.threshold());
        calm.put("targetFaPerHour", o.targetFaPerHour());
        calm.put("negativeHours", cal.negativeHours());
        calm.put("faPerHourAtThreshold", cal.faPerHour());
        calm.put("tooShortForTarget", cal.tooShortForTarget());
        metrics.put("calibration", calm);
        metrics.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        pkg.updateMetrics(metrics);
        LOG.info(String.format(Locale.ROOT, "teacher %s: val %.4f, test %.4f (prior-corrected), threshold %.3f, %.0f s",
                pkg.id(), r.valAccuracy(), (Double) metrics.get("testAccuracy"), cal.threshold(),
                (System.nanoTime() - t0) / 1e9));
        return new Outcome(TeacherPackage.load(o.out()), model, metrics);
    }

    /** The metadata key of the settings and data a teacher was trained with ({@link #reuse}). */
    static final String RUN_KEY = "runKey";

    /** What a teacher trained with {@code o} on data {@code dataKey} is recognised by. */
    static String runKey(Options o, String dataKey) {
        return String.format(Locale.ROOT, "keywords=%s;silence=%s;unknown=%s;seed=%d;augment=%s;variants=%d;fa=%s;"
                        + "head=%s;data=%s", o.keywords(), o.silencePercent(), o.unknownPercent(), o.seed(), o.augment(),
                o.variants(), o.targetFaPerHour(), o.head(), dataKey);
    }

    /**
     * The finished teacher package in {@code o.out()} when it was trained with the same settings on the same data
     * ({@code dataKey}) and its calibration completed; empty otherwise (none there, another run's, unreadable).
     * {@code tinykws train --resume} reuses it instead of training the teacher again.
     */
    public static java.util.Optional<Outcome> reuse(Options o, String dataKey) {
        if (!TeacherPackage.isHostPackage(o.out())) {
            return java.util.Optional.empty();
        }
        try {
            TeacherPackage p = TeacherPackage.load(o.out());
            Object key = p.metadata().get(RUN_KEY);
            if (!runKey(o, dataKey).equals(key) || !p.metrics().containsKey("calibration")) {
                LOG.info("{} was trained with other settings or data (or did not finish): training the teacher again",
                        o.out());
                return java.util.Optional.empty();
            }
            TeacherModel m = p.model(SharedEmbedding.get());
            LOG.info("reusing the teacher {} in {} (same settings and data)", p.id(), o.out());
            return java.util.Optional.of(new Outcome(p, m, new LinkedHashMap<>(p.metrics())));
        } catch (TeacherException e) {
            LOG.warn("cannot reuse {} ({}): training the teacher again", o.out(), e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private record Labeled(float[][] x, int[] y) { }

    private static Labeled clean(List<SamplePlan.Sample> samples, Split split, ClipAudio audio, SpeechEmbedding emb,
                                 FeatureCache cache, int jobs) {
        float[][] x = new float[samples.size()][];
        int[] y = new int[samples.size()];
        parallel("teacher features (" + split.name().toLowerCase(Locale.ROOT) + ")", samples.size(), jobs, i -> {
            x[i] = cache.features(emb, fit(audio.audio(samples.get(i), split)));
            y[i] = samples.get(i).label();
        });
        return new Labeled(x, y);
    }

    private static double correctedAccuracy(TeacherModel m, Labeled d) {
        int ok = 0;
        for (int i = 0; i < d.x.length; i++) {
            float[] l = m.logits(d.x[i]);
            int a = 0;
            for (int k = 1; k < l.length; k++) {
                if (l[k] > l[a]) {
                    a = k;
                }
            }
            ok += a == d.y[i] ? 1 : 0;
        }
        return d.x.length == 0 ? Double.NaN : ok / (double) d.x.length;
    }

    private static float[] silence(ClipAudio audio, Random r) {
        int nbg = audio.backgrounds().size();
        if (nbg == 0 || r.nextInt(SamplePlan.ZERO_SILENCE_EVERY) == 0) {
            return new float[SpeechEmbedding.CLIP_SAMPLES];
        }
        return audio.silence(r.nextInt(nbg), r.nextDouble(), r.nextFloat(), Split.TRAIN);
    }

    private static float[] fit(float[] a) {
        return TeacherRuntime.fit(a);
    }

    interface Body {
        void run(int i);
    }

    /** Runs body(0..n-1) on {@code jobs} threads; logs progress; one failing item stops the run. */
    static void parallel(String what, int n, int jobs, Body body) {
        if (n == 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService ex = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "tinykws-teacher");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                fs.add(ex.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        body.run(i);
                        int d = done.incrementAndGet();
                        if (d % 1000 == 0) {
                            LOG.info(String.format(Locale.ROOT, "%s: %d/%d (%.0f s)", what, d, n,
                                    (System.nanoTime() - t0) / 1e9));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new TeacherException(what + " failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TeacherException(what + " interrupted", e);
        } finally {
            ex.shutdownNow();
        }
    }
}
