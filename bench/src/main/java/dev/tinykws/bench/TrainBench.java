package dev.tinykws.bench;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.augment.Augmenter;
import dev.tinykws.contract.Labels;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.model.FloatModel;
import dev.tinykws.train.Architecture;
import dev.tinykws.train.DjlRuntime;
import dev.tinykws.train.EpochMetrics;
import dev.tinykws.train.EpochSource;
import dev.tinykws.train.FloatModelExtractor;
import dev.tinykws.train.KwsTrainer;
import dev.tinykws.train.LabeledFeatures;
import dev.tinykws.train.PackageStep;
import dev.tinykws.train.ModelStats;
import dev.tinykws.train.TrainConfig;
import dev.tinykws.train.TrainOptions;
import dev.tinykws.train.TrainPipeline;
import dev.tinykws.train.TrainResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Training benchmark: model size and MACs, DJL training throughput (samples/s, steady-state
 * epochs vs. the warm-up epoch), per-clip cost of the data path (WAV read, MFCC, waveform
 * augmentation, SpecAugment), and whole-pipeline epochs with and without per-epoch
 * augmentation. Writes {@code bench/results/training.md}.
 *
 * <p>Usage: {@code TrainBench [--quick] [--out FILE]}; threads come from
 * {@code -Dai.djl.pytorch.num_threads} (bench/run passes 2).
 */
public final class TrainBench {

    private static final List<String> WORDS =
            List.of("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "cat", "dog");

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        boolean djlOnly = Arrays.asList(args).contains("--djl-only");
        Path root = Path.of(System.getProperty("tinykws.root", "."));
        Path outFile = root.resolve("bench/results/training.md");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                outFile = Path.of(args[i + 1]);
            }
        }
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "2"));
        DjlRuntime.configure(threads);
        if (Arrays.asList(args).contains("--child-dscnn")) {
            // child JVM of the wait-policy comparison: prints the median steady-state samples/s of ds-cnn-s
            List<EpochMetrics> h = trainSynthetic(Architecture.DS_CNN_S, 1000, 4);
            System.out.println("MEDIAN " + median(h.stream().skip(1).mapToDouble(EpochMetrics::samplesPerSecond).toArray()));
            return;
        }
        StringBuilder md = new StringBuilder();
        String load0 = loadAverage();
        md.append("## Training (DJL 0.35.1, PyTorch 2.7.1 CPU)\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores (`nproc`), %s; %s; date %s; load average at start %s.%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), ZonedDateTime.now().withNano(0), load0));
        md.append(String.format(Locale.ROOT, "Command: `bench/run%s` (class `dev.tinykws.bench.TrainBench`), "
                + "%d PyTorch intra-op threads, 1 inter-op thread.%n%n", quick ? " --quick" : "", threads));

        // 1. size
        md.append("### Model size (12 labels)\n\n| architecture | trainable params | deployed params (BN folded) | MACs / inference | largest activation |\n|---|---|---|---|---|\n");
        for (Architecture a : Architecture.values()) {
            ModelStats s = stats(a);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d values |%n", a.id(), s.trainableParams(),
                    s.deployedParams(), s.macs(), s.maxActivation()));
        }

        // 2. DJL throughput on in-memory features
        int n = quick ? 1000 : 3000;
        int epochs = quick ? 4 : 6;
        md.append(String.format(Locale.ROOT, "%n### DJL training throughput (in-memory features, %d samples/epoch, batch 100, %d epochs)%n%n",
                n, epochs));
        md.append("| architecture | epoch 1 (warm-up) samples/s | median samples/s, epochs 2.. | min..max, epochs 2.. |\n|---|---|---|---|\n");
        for (Architecture a : Architecture.values()) {
            List<EpochMetrics> h = trainSynthetic(a, n, epochs);
            double[] steady = h.stream().skip(1).mapToDouble(EpochMetrics::samplesPerSecond).sorted().toArray();
            md.append(String.format(Locale.ROOT, "| %s | %.0f | **%.0f** | %.0f..%.0f |%n", a.id(),
                    h.get(0).samplesPerSecond(), median(steady), steady[0], steady[steady.length - 1]));
        }

        md.append(waitPolicy());
        if (djlOnly) {
            System.out.print(md);
            return;
        }
        // 3. per-clip costs
        int clips = quick ? 100 : 300;
        md.append(String.format(Locale.ROOT, "%n### Data path, per 1 s clip (median of 5 passes over %d clips, one thread)%n%n", clips));
        md.append(perClip(clips));

        // 4. whole pipeline, augmentation on/off
        Path tmp = Files.createTempDirectory("tinykws-trainbench");
        try {
            int speakers = quick ? 20 : 50;
            Path data = writeDataset(tmp.resolve("data"), speakers, 2);
            md.append(String.format(Locale.ROOT, "%n### Whole `tinykws train` (ds-cnn-s, batch 100, synthetic tone dataset: %d words × %d speakers × 2 clips, %d epochs, early stopping off)%n%n",
                    WORDS.size(), speakers, epochs));
            md.append("| --augment | train samples/epoch | clean MFCC (first run) | augmented copies | median epoch: training s | median data wait s | median samples/s | package + evaluate + calibrate | total wall |\n|---|---|---|---|---|---|---|---|---|\n");
            String[][] modes = {{"none", "0"}, {"default (4 copies)", "4"}, {"default, --augment-variants 0", "0"}};
            for (String[] mode : modes) {
                boolean aug = !mode[0].equals("none");
                long w0 = System.nanoTime();
                TrainOptions o = new TrainOptions(data, TrainOptions.SPEECH_COMMANDS_10,
                        tmp.resolve("m" + mode[0].hashCode()), Architecture.DS_CNN_S, epochs, 100, 3e-3f, 42, false,
                        aug, Integer.parseInt(mode[1]), threads, 10, 10, 0, 0.1, false);
                TrainPipeline.Outcome r = TrainPipeline.run(o);
                long w1 = System.nanoTime();
                PackageStep.run(o, r);
                long w2 = System.nanoTime();
                List<EpochMetrics> h = r.history().subList(1, r.history().size());
                md.append(String.format(Locale.ROOT, "| %s | %d | %.1f s | %.1f s | %.2f | %.2f | %.0f | %.1f s | %.1f s |%n", mode[0],
                        r.splitCounts().get("train").values().stream().mapToInt(Integer::intValue).sum(), r.featureSeconds(),
                        r.augmentSeconds(),
                        median(h.stream().mapToDouble(EpochMetrics::trainSeconds).toArray()),
                        median(h.stream().mapToDouble(EpochMetrics::dataWaitSeconds).toArray()),
                        median(h.stream().mapToDouble(EpochMetrics::samplesPerSecond).toArray()),
                        (w2 - w1) / 1e9, (w2 - w0) / 1e9));
            }
        } finally {
            deleteTree(tmp);
        }
        md.append(String.format(Locale.ROOT, "%nLoad average at the end: %s. Peak heap used: %d MB (JVM), process RSS at the end: %s.%n",
                loadAverage(), peakHeapMb(), rss()));
        md.append("""

                Reading the figures: the machine is shared by several engineers (see the load averages), so
                absolute samples/s move by 2x between runs; compare rows of one run. The first epoch of a JVM
                is slower (JIT, PyTorch kernel selection). Waveform augmentation costs 7-9x the MFCC and several
                times the training step per sample, hence the cached pool of augmented copies by default
                (`--augment-variants 4`, computed once on 2 threads before training, reused by a resume): with
                `--augment-variants 0` the loop waits for data every epoch, which only pays off for very short
                runs (in the 6-epoch run above the one-off pool can cost more than all the waiting; at the default 30 epochs the pool wins).
                "package + evaluate + calibrate" is dominated by threshold calibration (streaming detection over
                minutes of negative audio, docs/evaluation.md). Accuracy per setting on a synthetic TTS dataset
                and on real voices: docs/training.md.
                """);
        Files.createDirectories(outFile.getParent());
        Files.writeString(outFile, md);
        System.err.println("wrote " + outFile);
        System.out.print(md);
    }

    /** ds-cnn-s throughput in child JVMs: threads × OpenMP wait policy (libgomp reads it at load time). */
    static String waitPolicy() throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n### Threads and OpenMP wait policy (ds-cnn-s, child JVMs, 1000 samples × 4 epochs, median of epochs 2..4)%n%n"
                + "| intra-op threads | OpenMP waiting | samples/s | load average before |%n|---|---|---|---|%n"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[][] runs = {{"1", "passive (tinykws default)", "OMP_WAIT_POLICY", "PASSIVE"},
                {"2", "spinning (libgomp default, GOMP_SPINCOUNT=300000)", "GOMP_SPINCOUNT", "300000"},
                {"2", "passive (tinykws default)", "OMP_WAIT_POLICY", "PASSIVE"}};
        for (String[] r : runs) {
            String load = loadAverage();
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx2g", "-Dai.djl.pytorch.num_threads=" + r[0],
                    "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                    TrainBench.class.getName(), "--child-dscnn");
            pb.environment().remove("OMP_WAIT_POLICY");
            pb.environment().remove("GOMP_SPINCOUNT");
            pb.environment().put(r[2], r[3]);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            String median = out.lines().filter(l -> l.startsWith("MEDIAN ")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.0f", Double.parseDouble(l.substring(7)))).orElse("failed");
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r[0], r[1], median, load));
        }
        return b.toString();
    }

    static ModelStats stats(Architecture a) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var block = a.build(12);
            block.setInitializer(ai.djl.training.initializer.Initializer.ONES, ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1, 49, 10));
            List<String> labels = new ArrayList<>(List.of(Labels.SILENCE, Labels.UNKNOWN));
            labels.addAll(TrainOptions.SPEECH_COMMANDS_10);
            FloatModel fm = FloatModelExtractor.extract(block, a.id(), labels);
            return ModelStats.of(fm);
        }
    }

    static List<EpochMetrics> trainSynthetic(Architecture a, int n, int epochs) throws IOException {
        Random r = new Random(1);
        float[] f = new float[n * 490];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 12;
            for (int j = 0; j < 490; j++) {
                f[i * 490 + j] = (float) r.nextGaussian() + (j % 12 == labels[i] ? 2 : 0);
            }
        }
        LabeledFeatures train = new LabeledFeatures(f, labels, 49, 10);
        LabeledFeatures val = new LabeledFeatures(Arrays.copyOf(f, 200 * 490), Arrays.copyOf(labels, 200), 49, 10);
        List<String> names = new ArrayList<>(List.of(Labels.SILENCE, Labels.UNKNOWN));
        names.addAll(TrainOptions.SPEECH_COMMANDS_10);
        Path out = Files.createTempDirectory("tinykws-trainbench-djl");
        try (TrainResult res = KwsTrainer.train(TrainConfig.defaults(a, names).withEpochs(epochs).withPatience(0),
                EpochSource.fixed(train), val, out, false)) {
            return res.history();
        } finally {
            deleteTree(out);
        }
    }

    static String perClip(int clips) {
        FrontendConfig fc = FrontendConfig.defaults();
        ClipFeatures fx = new ClipFeatures(fc);
        Random r = new Random(3);
        List<float[]> bg = List.of(noise(16000 * 10, r));
        Augmenter aug = new Augmenter(AugmentConfig.defaults(), bg);
        float[][] audio = new float[clips][];
        Path tmp;
        try {
            tmp = Files.createTempDirectory("tinykws-trainbench-wav");
            for (int i = 0; i < clips; i++) {
                audio[i] = word(i % 12, 1, r);
                AudioIO.writeWav16(tmp.resolve(i + ".wav"), audio[i], 16000);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        double[] read = new double[5];
        double[] mfcc = new double[5];
        double[] augment = new double[5];
        double[] spec = new double[5];
        for (int pass = 0; pass < 5; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < clips; i++) {
                AudioIO.readMono16k(tmp.resolve(i + ".wav"));
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < clips; i++) {
                fx.extract(audio[i]);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < clips; i++) {
                aug.apply(audio[i], r);
            }
            long t3 = System.nanoTime();
            float[] feat = fx.extract(audio[0]);
            for (int i = 0; i < clips; i++) {
                Augmenter.specAugment(feat.clone(), 49, 10, r, AugmentConfig.defaults());
            }
            long t4 = System.nanoTime();
            read[pass] = (t1 - t0) / 1e6 / clips;
            mfcc[pass] = (t2 - t1) / 1e6 / clips;
            augment[pass] = (t3 - t2) / 1e6 / clips;
            spec[pass] = (t4 - t3) / 1e6 / clips;
        }
        deleteTree(tmp);
        double perEpochClip = median(augment) + median(mfcc) + median(spec);
        return String.format(Locale.ROOT, "| step | ms per clip |%n|---|---|%n| read WAV (AudioIO.readMono16k) | %.3f |%n"
                        + "| MFCC 49×10 + CMS (ClipFeatures.extract) | %.3f |%n| waveform augmentation (Augmenter.apply, defaults) | %.3f |%n"
                        + "| SpecAugment | %.4f |%n| **augmented sample = augment + MFCC + SpecAugment** | **%.3f** (≈ %.0f samples/s on one core) |%n",
                median(read), median(mfcc), median(augment), median(spec), perEpochClip, 1000 / perEpochClip);
    }

    static Path writeDataset(Path root, int speakers, int per) throws IOException {
        Random r = new Random(5);
        List<String> val = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int w = 0; w < WORDS.size(); w++) {
            Path dir = Files.createDirectories(root.resolve(WORDS.get(w)));
            for (int s = 0; s < speakers; s++) {
                for (int k = 0; k < per; k++) {
                    String name = String.format(Locale.ROOT, "spk%03d_nohash_%d.wav", s, k);
                    AudioIO.writeWav16(dir.resolve(name), word(w, 1 + 0.01 * s, r), 16000);
                    if (s % 10 == 8) {
                        val.add(WORDS.get(w) + "/" + name);
                    } else if (s % 10 == 9) {
                        test.add(WORDS.get(w) + "/" + name);
                    }
                }
            }
        }
        Files.write(root.resolve("validation_list.txt"), val);
        Files.write(root.resolve("testing_list.txt"), test);
        Path bg = Files.createDirectories(root.resolve(Labels.BACKGROUND_NOISE_DIR));
        AudioIO.writeWav16(bg.resolve("noise.wav"), noise(16000 * 20, r), 16000);
        return root;
    }

    static float[] noise(int n, Random r) {
        float[] x = new float[n];
        float b = 0;
        for (int i = 0; i < n; i++) {
            b = 0.98f * b + (float) r.nextGaussian() * 0.02f;
            x[i] = b + (float) r.nextGaussian() * 0.01f;
        }
        return x;
    }

    static float[] word(int w, double pitch, Random r) {
        float[] x = new float[16000];
        double f1 = (300 + 120 * w) * pitch;
        double f2 = (1900 - 110 * w) * pitch;
        int onset = 2000 + r.nextInt(4000);
        for (int i = 0; i < 8000; i++) {
            double t = i / 16000.0;
            x[onset + i] = (float) (0.4 * Math.sin(Math.PI * i / 8000.0) * Math.sin(2 * Math.PI * (i < 4000 ? f1 : f2) * t));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) r.nextGaussian() * 0.003f;
        }
        return x;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String cpuModel() {
        try (Stream<String> l = Files.lines(Path.of("/proc/cpuinfo"))) {
            return l.filter(s -> s.startsWith("model name")).findFirst().map(s -> s.replaceFirst(".*:\\s*", ""))
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return p[0] + " / " + p[1] + " / " + p[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "n/a";
        }
    }

    static String rss() {
        try (Stream<String> l = Files.lines(Path.of("/proc/self/status"))) {
            return l.filter(s -> s.startsWith("VmHWM")).findFirst().map(s -> "peak " + s.replaceFirst("VmHWM:\\s*", ""))
                    .orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    static long peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private TrainBench() { }
}
