package dev.tinykws.train;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.augment.Augmenter;
import dev.tinykws.dataset.Split;
import dev.tinykws.distill.ClipTeacher;
import dev.tinykws.distill.DistillConfig;
import dev.tinykws.distill.DistillationLoss;
import dev.tinykws.distill.UnlabeledAudio;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.mfcc.ClipFeatures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training samples for distilling a teacher into the device model (docs/real-voices.md). The teacher
 * labels three kinds of inputs once, before training, and the targets are cached in
 * {@code <out>/cache/} (a teacher call costs ≈ 30 ms, far more than a training step):
 *
 * <ol>
 *   <li>{@code K} copies of every training clip, the clean one and augmented ones (the same augmentation as
 *       {@link AugmentedEpochSource}, plus the noise floor and VTLP of {@link VoiceAugment}): the target is
 *       the teacher's soft output plus the clip's hard label;</li>
 *   <li>"function matching" inputs: per clip, {@code mixCopies} strongly augmented mixtures — either the
 *       clip with another clip under it at −6…−20 dB, or a 1-s window spliced across the end of one clip
 *       and the start of another, as a streaming detector sees it — labelled only by the teacher;</li>
 *   <li>1-s windows of the user's unlabeled audio ({@code --unlabeled}), labelled only by the teacher.</li>
 * </ol>
 * Every epoch takes one copy per clip (fresh SpecAugment), all function-matching inputs and a random
 * share of the unlabeled windows; silence samples are drawn fresh with a one-hot target. The teacher's
 * logits are stored, so the temperature can change without new teacher calls.
 */
final class DistillEpochSource implements EpochSource {

    private static final Logger LOG = LoggerFactory.getLogger(DistillEpochSource.class);
    private static final long MAGIC = 0x544b5753445354_01L; // "TKWSDST" v1
    private static final long VOICE_SALT = 0x766f696365L;
    private static final long MIX_SALT = 0x6d6978L;
    /** Unlabeled windows held as audio at once (256 × 64 KB = 16 MB) before the teacher labels them. */
    static final int UNLABELED_CHUNK = 256;

    private final List<SamplePlan.Sample> samples;
    private final ClipAudio audio;
    private final Augmenter augmenter;
    private final AugmentConfig config;
    private final FrontendConfig frontend;
    private final long seed;
    private final int variants;
    private final VoiceAugment voice;
    private final ClipTeacher teacher;
    private final DistillConfig dc;
    private final UnlabeledAudio unlabeled;
    private final int classes;
    private final int silenceLabel;

    /** Per (sample, variant): features and teacher logits; silence rows stay null. */
    private float[][] copyFeatures;
    private float[][] copyLogits;
    /** Function-matching and unlabeled inputs. */
    private float[][] extraFeatures;
    private float[][] extraLogits;
    private int mixCount;

    DistillEpochSource(List<SamplePlan.Sample> samples, ClipAudio audio, AugmentConfig config, FrontendConfig frontend,
                       long seed, int variants, VoiceOptions voiceOptions, ClipTeacher teacher, DistillConfig dc,
                       UnlabeledAudio unlabeled, List<String> labels) {
        if (variants < 1) {
            throw new TrainingException("distillation needs at least 1 copy per clip (the clean clip plus the"
                    + " teacher's --teacher-variants augmented ones), got " + variants);
        }
        if (!teacher.labels().equals(labels)) {
            throw new TrainingException("the teacher's labels " + teacher.labels() + " differ from the model's " + labels);
        }
        this.samples = List.copyOf(samples);
        this.audio = audio;
        this.config = config;
        this.augmenter = new Augmenter(config, audio.backgrounds());
        this.frontend = frontend;
        this.seed = seed;
        this.variants = variants;
        this.voice = new VoiceAugment(voiceOptions, frontend);
        this.teacher = teacher;
        this.dc = dc;
        this.unlabeled = unlabeled;
        this.classes = labels.size();
        this.silenceLabel = labels.indexOf("_silence_");
    }

    /** Function-matching and unlabeled inputs prepared. */
    int extraCount() {
        return extraFeatures == null ? 0 : extraFeatures.length;
    }

    @Override
    public int size() {
        return samples.size() + mixCount + unlabeledPerEpoch();
    }

    private int unlabeledPerEpoch() {
        int u = extraFeatures == null ? 0 : extraFeatures.length - mixCount;
        return (int) Math.min(u, Math.round(dc.unlabeledPerEpoch() * samples.size()));
    }

    /** Labels every input with the teacher, or loads the labels from {@code cacheDir}; returns the seconds spent. */
    double prepare(Path cacheDir, int threads) {
        if (copyFeatures != null) {
            return 0;
        }
        UnlabeledAudio.Scan scan = unlabeled == null ? null : unlabeled.scan();
        Path file = cacheDir.resolve("distill-" + key(scan) + ".bin");
        if (load(file)) {
            LOG.info("teacher targets: {} copies of {} clips + {} extra inputs from {}", variants, samples.size(),
                    extraFeatures.length, file);
            return 0;
        }
        long t0 = System.nanoTime();
        int n = samples.size();
        int len = frontend.featureCount();
        copyFeatures = new float[n * variants][];
        copyLogits = new float[n * variants][];
        List<Integer> speech = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!samples.get(i).isSilence()) {
                speech.add(i);
            }
        }
        mixCount = speech.size() * dc.mixCopies();
        float[][] mixF = new float[mixCount][];
        float[][] mixL = new float[mixCount][];
        ParallelRanges.run("teacher labelling", n, threads, (from, to) -> {
            ClipFeatures fx = new ClipFeatures(frontend);
            VoiceAugment.Extractors vx = voice.extractors();
            for (int i = from; i < to; i++) {
                SamplePlan.Sample s = samples.get(i);
                if (s.isSilence()) {
                    continue;
                }
                float[] clean = audio.audio(s, Split.TRAIN);
                for (int v = 0; v < variants; v++) {
                    float[] y = v == 0 ? clean.clone() : augmenter.apply(clean, new Random(TeacherCopies.seed(seed, v, i)));
                    Random vr = new Random(AugmentedEpochSource.mix(seed ^ VOICE_SALT, -1 - v, i));
                    voice.addNoiseFloor(y, vr);
                    copyFeatures[i * variants + v] = voice.active() ? vx.extract(y, vr) : fx.extract(y);
                    copyLogits[i * variants + v] = teacher.logits(y);
                }
            }
        });
        int ns = speech.size();
        if (mixCount > 0) {
            ParallelRanges.run("teacher labelling (mixtures)", mixCount, threads, (from, to) -> {
                ClipFeatures fx = new ClipFeatures(frontend);
                VoiceAugment.Extractors vx = voice.extractors();
                for (int k = from; k < to; k++) {
                    int i = speech.get(k % ns);
                    Random r = new Random(AugmentedEpochSource.mix(seed ^ MIX_SALT, k / ns, i));
                    int j = speech.get(r.nextInt(ns));
                    float[] y = mixture(audio.audio(samples.get(i), Split.TRAIN),
                            audio.audio(samples.get(j), Split.TRAIN), r);
                    y = augmenter.apply(y, r);
                    voice.addNoiseFloor(y, r);
                    mixF[k] = voice.active() ? vx.extract(y, r) : fx.extract(y);
                    mixL[k] = teacher.logits(y);
                }
            });
        }
        List<float[]> unF = new ArrayList<>();
        List<float[]> unL = new ArrayList<>();
        if (scan != null) {
            int stride = Math.max(1, (scan.windows() + dc.unlabeledMax() - 1) / Math.max(1, dc.unlabeledMax()));
            // labelled in chunks as the files stream in: at most CHUNK windows of audio in memory at once
            List<float[]> chunk = new ArrayList<>(UNLABELED_CHUNK);
            int[] base = {0};
            Runnable label = () -> {
                int m = chunk.size();
                float[][] f = new float[m][];
                float[][] l = new float[m][];
                ParallelRanges.run("teacher labelling (unlabeled audio)", m, threads, (from, to) -> {
                    ClipFeatures fx = new ClipFeatures(frontend);
                    for (int c = from; c < to; c++) {
                        float[] w = chunk.get(c);
                        int k = base[0] + c;
                        l[c] = teacher.logits(w);
                        // real recordings have their own floor; the noise floor only fills zero padding
                        f[c] = fx.extract(voice.addNoiseFloor(w.clone(), new Random(AugmentedEpochSource.mix(seed, -7, k))));
                    }
                });
                unF.addAll(List.of(f));
                unL.addAll(List.of(l));
                base[0] += m;
                chunk.clear();
            };
            int got = unlabeled.forEachWindow(scan, stride, dc.unlabeledMax(), w -> {
                chunk.add(w);
                if (chunk.size() == UNLABELED_CHUNK) {
                    label.run();
                }
            });
            if (!chunk.isEmpty()) {
                label.run();
            }
            LOG.info("--unlabeled: {} windows of 1 s labelled by the teacher", got);
        }
        extraFeatures = new float[mixCount + unF.size()][];
        extraLogits = new float[mixCount + unF.size()][];
        System.arraycopy(mixF, 0, extraFeatures, 0, mixCount);
        System.arraycopy(mixL, 0, extraLogits, 0, mixCount);
        for (int k = 0; k < unF.size(); k++) {
            extraFeatures[mixCount + k] = unF.get(k);
            extraLogits[mixCount + k] = unL.get(k);
        }
        double teacherSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("teacher targets: {} copies of {} clips, {} mixtures, {} unlabeled windows in {} s", variants, n,
                mixCount, unF.size(), String.format("%.1f", teacherSeconds));
        save(file, len);
        return teacherSeconds;
    }

    /**
     * A function-matching input from clips {@code a} and {@code b}: half the time {@code a} with {@code b}
     * under it at −6…−20 dB, otherwise a window spliced across the end of {@code a} and the start of {@code b}.
     */
    static float[] mixture(float[] a, float[] b, Random r) {
        int n = a.length;
        float[] y = new float[n];
        if (r.nextBoolean()) {
            double ea = 0;
            double eb = 0;
            for (int i = 0; i < n; i++) {
                ea += a[i] * a[i];
                eb += b[i] * b[i];
            }
            double g = eb > 0 ? Math.sqrt(ea / eb) * Math.pow(10, -(6 + 14 * r.nextDouble()) / 20) : 0;
            for (int i = 0; i < n; i++) {
                y[i] = (float) (a[i] + g * b[i]);
            }
        } else {
            int cut = n / 4 + r.nextInt(n / 2);       // the window starts `cut` samples into a
            System.arraycopy(a, cut, y, 0, n - cut);
            System.arraycopy(b, 0, y, n - cut, cut);
        }
        return y;
    }

    @Override
    public LabeledFeatures epoch(int epoch) {
        if (copyFeatures == null) {
            throw new IllegalStateException("prepare() must run before the first epoch");
        }
        int len = frontend.featureCount();
        int n = samples.size();
        int u = unlabeledPerEpoch();
        int total = n + mixCount + u;
        float[] out = new float[total * len];
        int[] labels = new int[total];
        float[] probs = new float[total * classes];
        float[] hard = new float[total];
        ClipFeatures fx = new ClipFeatures(frontend);
        int nbg = audio.backgrounds().size();
        for (int i = 0; i < n; i++) {
            SamplePlan.Sample s = samples.get(i);
            Random r = new Random(AugmentedEpochSource.mix(seed, epoch, i));
            float[] f;
            if (s.isSilence()) {
                boolean zeros = nbg == 0 || r.nextInt(SamplePlan.ZERO_SILENCE_EVERY) == 0;
                float[] x = zeros ? new float[audio.clipSamples()]
                        : audio.silence(r.nextInt(nbg), r.nextDouble(), r.nextFloat(), Split.TRAIN);
                f = fx.extract(voice.addNoiseFloor(x, new Random(AugmentedEpochSource.mix(seed ^ VOICE_SALT, epoch, i))));
                probs[i * classes + s.label()] = 1f;
            } else {
                int v = r.nextInt(variants);
                f = copyFeatures[i * variants + v].clone();
                Augmenter.specAugment(f, frontend.framesPerClip(), frontend.numCoefficients(), r, config);
                System.arraycopy(DistillationLoss.softmax(copyLogits[i * variants + v], dc.temperature()), 0, probs,
                        i * classes, classes);
            }
            System.arraycopy(f, 0, out, i * len, len);
            labels[i] = s.label();
            hard[i] = dc.hardWeight();
        }
        Random re = new Random(AugmentedEpochSource.mix(seed ^ MIX_SALT, epoch, -1));
        int unlabeledTotal = extraFeatures.length - mixCount;
        int[] pick = KwsTrainer.permutation(unlabeledTotal, re);
        for (int k = 0; k < mixCount + u; k++) {
            int e = k < mixCount ? k : mixCount + pick[k - mixCount];
            float[] f = extraFeatures[e].clone();
            Augmenter.specAugment(f, frontend.framesPerClip(), frontend.numCoefficients(), re, config);
            int row = n + k;
            System.arraycopy(f, 0, out, row * len, len);
            float[] p = DistillationLoss.softmax(extraLogits[e], dc.temperature());
            System.arraycopy(p, 0, probs, row * classes, classes);
            labels[row] = argmax(extraLogits[e]);
            hard[row] = 0f;
        }
        return new LabeledFeatures(out, labels, frontend.framesPerClip(), frontend.numCoefficients(),
                new SoftTargets(probs, hard, classes, dc.temperature(), dc.alpha()));
    }

    static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[b]) {
                b = i;
            }
        }
        return b;
    }

    private String key(UnlabeledAudio.Scan scan) {
        CacheKey k = CacheKey.of(frontend.hashHex() + "|" + config + "|" + seed + "|" + variants + "|" + voice.key() + "|"
                + teacher.id() + "|" + dc.mixCopies() + "|" + dc.unlabeledMax()).samples(samples);
        return (scan == null ? k : k.files("U", scan.files())).hex();
    }

    private boolean load(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        int len = frontend.featureCount();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC || in.readInt() != samples.size() || in.readInt() != variants
                    || in.readInt() != len || in.readInt() != classes) {
                return false;
            }
            int mix = in.readInt();
            int extra = in.readInt();
            float[][] cf = new float[samples.size() * variants][];
            float[][] cl = new float[samples.size() * variants][];
            for (int k = 0; k < cf.length; k++) {
                if (in.readBoolean()) {
                    cf[k] = read(in, len);
                    cl[k] = read(in, classes);
                }
            }
            float[][] ef = new float[extra][];
            float[][] el = new float[extra][];
            for (int k = 0; k < extra; k++) {
                ef[k] = read(in, len);
                el[k] = read(in, classes);
            }
            copyFeatures = cf;
            copyLogits = cl;
            extraFeatures = ef;
            extraLogits = el;
            mixCount = mix;
            return true;
        } catch (IOException e) {
            LOG.warn("teacher target cache {} unreadable ({}); labelling again", file, e.toString());
            return false;
        }
    }

    private static float[] read(DataInputStream in, int n) throws IOException {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = in.readFloat();
        }
        return x;
    }

    private void save(Path file, int len) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(samples.size());
                out.writeInt(variants);
                out.writeInt(len);
                out.writeInt(classes);
                out.writeInt(mixCount);
                out.writeInt(extraFeatures.length);
                for (int k = 0; k < copyFeatures.length; k++) {
                    out.writeBoolean(copyFeatures[k] != null);
                    if (copyFeatures[k] != null) {
                        write(out, copyFeatures[k]);
                        write(out, copyLogits[k]);
                    }
                }
                for (int k = 0; k < extraFeatures.length; k++) {
                    write(out, extraFeatures[k]);
                    write(out, extraLogits[k]);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write teacher target cache {}: {}", file, e.toString());
        }
    }

    private static void write(DataOutputStream out, float[] x) throws IOException {
        for (float v : x) {
            out.writeFloat(v);
        }
    }
}
