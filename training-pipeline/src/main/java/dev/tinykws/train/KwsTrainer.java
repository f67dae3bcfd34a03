package dev.tinykws.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link KwsModels} network with DJL (PyTorch engine, CPU): Adam with a cosine
 * learning-rate schedule, softmax cross-entropy, early stopping on validation accuracy, a
 * checkpoint after every epoch, {@code resume} after an interruption, a progress bar, and
 * {@code train.log} / {@code metrics.csv} in the output directory.
 *
 * <p>Resuming restores the parameters and BatchNorm statistics of the last completed epoch,
 * the epoch counter, the learning-rate schedule position, the best epoch and the early-stopping
 * counter; Adam's moment estimates restart from zero (DJL cannot save optimizer state).
 */
public final class KwsTrainer {

    /** Called after every epoch has been checkpointed. */
    @FunctionalInterface
    public interface EpochListener {
        void afterEpoch(EpochMetrics metrics, CheckpointState state);
    }

    private static final Logger LOG = LoggerFactory.getLogger(KwsTrainer.class);
    private static final int EVAL_BATCH = 500;

    private KwsTrainer() { }

    /** Trains without a listener. */
    public static TrainResult train(TrainConfig cfg, EpochSource train, LabeledFeatures validation, Path outDir,
                                    boolean resume) {
        return train(cfg, train, validation, outDir, resume, (m, s) -> { });
    }

    /**
     * Trains (or resumes) a run in {@code outDir}.
     *
     * @param cfg        hyper-parameters
     * @param train      training samples per epoch
     * @param validation validation samples (early stopping, best-epoch choice)
     * @param outDir     receives {@code checkpoints/}, {@code train.log}, {@code metrics.csv}
     * @param resume     continue the checkpointed run in {@code outDir}; without it an existing
     *                   checkpoint is an error
     * @param listener   called after each epoch's checkpoint
     */
    public static TrainResult train(TrainConfig cfg, EpochSource train, LabeledFeatures validation, Path outDir,
                                    boolean resume, EpochListener listener) {
        return train(cfg, train, validation, outDir, resume, listener, null);
    }

    /**
     * As {@link #train(TrainConfig, EpochSource, LabeledFeatures, Path, boolean, EpochListener)}, with
     * {@code warmStart} (may be null) called on the freshly initialized network of a new run (not of a
     * resumed one) to overwrite its parameters, e.g. from an existing model ({@link WarmStart}).
     */
    public static TrainResult train(TrainConfig cfg, EpochSource train, LabeledFeatures validation, Path outDir,
                                    boolean resume, EpochListener listener,
                                    java.util.function.Consumer<Block> warmStart) {
        int classes = cfg.labels().size();
        if (train.size() < 2) {
            throw new TrainingException("the training split has " + train.size() + " samples; need at least 2");
        }
        if (validation.size() == 0) {
            throw new TrainingException("the validation split is empty: early stopping and model selection need it");
        }
        validation.classCounts(classes);
        int frames = validation.frames();
        int coeffs = validation.coeffs();
        Checkpoints checkpoints = new Checkpoints(outDir.resolve("checkpoints"));
        CheckpointState state = initialState(cfg, checkpoints, resume);
        int resumedFrom = state.completedEpochs();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new TrainingException("cannot create output directory " + outDir + ": " + e.getMessage(), e);
        }
        RunLog log = new RunLog(outDir);
        if (resumedFrom > 0) {
            log.line(String.format(Locale.ROOT, "resumed from epoch %d (best so far: epoch %d, val acc %.4f)",
                    resumedFrom, state.bestEpoch(), state.bestValAccuracy()));
        } else {
            log.line("start " + cfg);
        }

        DjlRuntime.ensureConfigured().setRandomSeed((int) cfg.seed());
        int stepsPerEpoch = batchesPerEpoch(train.size(), cfg.batchSize());
        CosineSchedule schedule = new CosineSchedule(cfg.learningRate(), cfg.finalLrFraction(),
                cfg.epochs() * stepsPerEpoch, (int) state.updates());
        Model model = Model.newInstance(cfg.architecture().id());
        Block block = cfg.architecture().build(classes);
        model.setBlock(block);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule).build())
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                        XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        Shape inputShape = new Shape(1, 1, frames, coeffs);
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tinykws-epoch-data");
            t.setDaemon(true);
            return t;
        });
        boolean ok = false;
        try {
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                if (resumedFrom == 0 && warmStart != null) {
                    warmStart.accept(block);
                }
                if (resumedFrom > 0) {
                    checkpoints.load(state.lastParams(), state.lastCrc32(), block, cfg.architecture().build(classes),
                            model.getNDManager());
                    LOG.info("resumed {} from epoch {} of {}", outDir, resumedFrom, cfg.epochs());
                }
                if (state.finished() || resumedFrom >= cfg.epochs()) {
                    LOG.info("training in {} already finished (epoch {}); using the best epoch {}", outDir,
                            resumedFrom, state.bestEpoch());
                } else {
                    state = runEpochs(cfg, train, validation, trainer, block, schedule, stepsPerEpoch, state,
                            checkpoints, log, listener, prefetch, outDir);
                }
            }
            if (state.bestEpoch() == 0) {
                throw new TrainingException("no epoch completed in " + outDir);
            }
            checkpoints.load(state.bestParams(), state.bestCrc32(), block, cfg.architecture().build(classes),
                    model.getNDManager());
            List<EpochMetrics> h = state.history();
            double trainSeconds = h.stream().mapToDouble(EpochMetrics::trainSeconds).sum();
            double[] sps = h.stream().mapToDouble(EpochMetrics::samplesPerSecond).sorted().toArray();
            double median = sps.length == 0 ? 0 : sps.length % 2 == 1 ? sps[sps.length / 2]
                    : (sps[sps.length / 2 - 1] + sps[sps.length / 2]) / 2;
            boolean early = state.completedEpochs() < cfg.epochs();
            log.line(String.format(Locale.ROOT, "done: best epoch %d, val acc %.4f, %d epochs%s, %.1f s training",
                    state.bestEpoch(), state.bestValAccuracy(), state.completedEpochs(),
                    early ? " (early stop)" : "", trainSeconds));
            ok = true;
            return new TrainResult(model, h, state.bestEpoch(), state.bestValAccuracy(), early, resumedFrom,
                    trainSeconds, median);
        } finally {
            prefetch.shutdownNow();
            if (!ok) {
                model.close();
            }
        }
    }

    /**
     * Refuses to start a new run in {@code outDir} when it already holds one and {@code resume} is off; called
     * by {@code tinykws train} before anything (the teacher) is written into the folder.
     */
    public static void checkNoRun(Path outDir, boolean resume) {
        Checkpoints checkpoints = new Checkpoints(outDir.resolve("checkpoints"));
        if (checkpoints.exists() && !resume) {
            CheckpointState s = checkpoints.read().orElseThrow();
            throw new TrainingException(checkpoints.dir() + " already holds a run checkpointed at epoch "
                    + s.completedEpochs() + ": pass --resume to continue it, or choose another --out"
                    + " (or delete that directory to start over)");
        }
    }

    private static CheckpointState initialState(TrainConfig cfg, Checkpoints checkpoints, boolean resume) {
        if (checkpoints.exists()) {
            checkNoRun(checkpoints.dir().getParent(), resume);
            CheckpointState s = checkpoints.read().orElseThrow();
            List<String> problems = new ArrayList<>();
            if (!s.architecture().equals(cfg.architecture().id())) {
                problems.add("architecture " + s.architecture() + " vs " + cfg.architecture().id());
            }
            if (!s.labels().equals(cfg.labels())) {
                problems.add("labels " + s.labels() + " vs " + cfg.labels());
            }
            if (s.batchSize() != cfg.batchSize()) {
                problems.add("batch size " + s.batchSize() + " vs " + cfg.batchSize());
            }
            if (s.seed() != cfg.seed()) {
                problems.add("seed " + s.seed() + " vs " + cfg.seed());
            }
            if (!s.dataFingerprint().equals(cfg.dataFingerprint())) {
                problems.add("training data fingerprint " + s.dataFingerprint() + " vs " + cfg.dataFingerprint());
            }
            if (!problems.isEmpty()) {
                throw new TrainingException("cannot resume the run in " + checkpoints.dir()
                        + ": it was started with different settings (" + String.join("; ", problems)
                        + "). Use the original settings, or another --out.");
            }
            if (s.finished() && s.completedEpochs() < cfg.epochs()
                    && (cfg.patience() == 0 || s.epochsWithoutImprovement() < cfg.patience())) {
                // more epochs or more patience requested than the finished run had: continue it
                return copy(s, s.completedEpochs(), s.updates(), s.bestEpoch(), s.bestValAccuracy(),
                        s.epochsWithoutImprovement(), false, s.history(), cfg.epochs());
            }
            return copy(s, s.completedEpochs(), s.updates(), s.bestEpoch(), s.bestValAccuracy(),
                    s.epochsWithoutImprovement(), s.finished(), s.history(), cfg.epochs());
        }
        if (resume) {
            LoggerFactory.getLogger(KwsTrainer.class).warn("--resume: no checkpoint in {}, starting from epoch 1",
                    checkpoints.dir());
        }
        return new CheckpointState(1, cfg.architecture().id(), cfg.labels(), cfg.seed(), cfg.batchSize(),
                cfg.epochs(), cfg.dataFingerprint(), 0, 0, 0, 0, 0, false, null, 0, null, 0, List.of());
    }

    private static CheckpointState copy(CheckpointState s, int completed, long updates, int bestEpoch, double bestAcc,
                                        int without, boolean finished, List<EpochMetrics> history, int planned) {
        return new CheckpointState(s.formatVersion(), s.architecture(), s.labels(), s.seed(), s.batchSize(), planned,
                s.dataFingerprint(), completed, updates, bestEpoch, bestAcc, without, finished, s.lastParams(),
                s.lastCrc32(), s.bestParams(), s.bestCrc32(), history);
    }

    private static CheckpointState runEpochs(TrainConfig cfg, EpochSource source, LabeledFeatures val,
                                             Trainer trainer, Block block, CosineSchedule schedule,
                                             int stepsPerEpoch, CheckpointState state, Checkpoints checkpoints,
                                             RunLog log, EpochListener listener, ExecutorService prefetch,
                                             Path outDir) {
        int first = state.completedEpochs() + 1;
        Future<LabeledFeatures> next = prefetch.submit(() -> source.epoch(first));
        long updates = state.updates();
        List<EpochMetrics> history = new ArrayList<>(state.history());
        for (int epoch = first; epoch <= cfg.epochs(); epoch++) {
            long waitStart = System.nanoTime();
            LabeledFeatures data = await(next, epoch);
            double waitSeconds = (System.nanoTime() - waitStart) / 1e9;
            if (epoch < cfg.epochs()) {
                int e = epoch + 1;
                next = prefetch.submit(() -> source.epoch(e));
            }
            data.classCounts(cfg.labels().size());
            if (data.frames() != val.frames() || data.coeffs() != val.coeffs()) {
                throw new TrainingException("training features are " + data.frames() + "x" + data.coeffs()
                        + " but validation features are " + val.frames() + "x" + val.coeffs());
            }

            long t0 = System.nanoTime();
            double[] lossAcc = trainEpoch(cfg, data, trainer, epoch, schedule);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            updates += stepsPerEpoch;
            double[] valLossAcc = evaluate(trainer, val);
            EpochMetrics m = new EpochMetrics(epoch, lossAcc[0], lossAcc[1], valLossAcc[0], valLossAcc[1],
                    schedule.valueAt((int) updates), trainSeconds, waitSeconds, lossAcc[2] / trainSeconds);
            history.add(m);

            boolean improved = state.bestEpoch() == 0 || m.valAccuracy() > state.bestValAccuracy() + 1e-9;
            int bestEpoch = improved ? epoch : state.bestEpoch();
            double bestAcc = improved ? m.valAccuracy() : state.bestValAccuracy();
            int without = improved ? 0 : state.epochsWithoutImprovement() + 1;
            boolean stop = epoch == cfg.epochs() || (cfg.patience() > 0 && without >= cfg.patience());
            state = checkpoints.save(copy(state, epoch, updates, bestEpoch, bestAcc, without, stop, history,
                    cfg.epochs()), block, improved);
            writeMetricsCsv(outDir, history);
            log.line(String.format(Locale.ROOT,
                    "epoch %d/%d train loss %.4f acc %.4f | val loss %.4f acc %.4f%s | lr %.2e | %.1f s, %.0f samples/s,"
                            + " data wait %.1f s", epoch, cfg.epochs(), m.trainLoss(), m.trainAccuracy(), m.valLoss(),
                    m.valAccuracy(), improved ? " *" : "", m.learningRate(), trainSeconds, m.samplesPerSecond(),
                    waitSeconds));
            listener.afterEpoch(m, state);
            if (stop) {
                if (epoch < cfg.epochs()) {
                    log.line("early stop: no better validation accuracy for " + without + " epochs");
                }
                break;
            }
        }
        return state;
    }

    /** Returns {mean loss, accuracy, samples}. */
    private static double[] trainEpoch(TrainConfig cfg, LabeledFeatures data, Trainer trainer, int epoch,
                                       CosineSchedule schedule) {
        int n = data.size();
        int len = data.sampleLength();
        int[] order = permutation(n, new Random(cfg.seed() * 1_000_003L + epoch));
        int batches = batchesPerEpoch(n, cfg.batchSize());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        ProgressBar bar = cfg.progressBar() ? new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, cfg.epochs()))
                .setInitialMax(n).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" samples", 1).build() : null;
        try {
            for (int b = 0; b < batches; b++) {
                int from = b * cfg.batchSize();
                int to = Math.min(n, from + cfg.batchSize());
                int size = to - from;
                float[] x = new float[size * len];
                long[] y = new long[size];
                SoftTargets soft = data.soft();
                float[] tp = soft == null ? null : new float[size * soft.classes()];
                float[] hw = soft == null ? null : new float[size];
                for (int i = 0; i < size; i++) {
                    int s = order[from + i];
                    System.arraycopy(data.features(), s * len, x, i * len, len);
                    y[i] = data.labels()[s];
                    if (soft != null) {
                        System.arraycopy(soft.probabilities(), s * soft.classes(), tp, i * soft.classes(), soft.classes());
                        hw[i] = soft.hardWeight()[s];
                    }
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray xa = m.create(x, new Shape(size, 1, data.frames(), data.coeffs()));
                    NDArray ya = m.create(y);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(xa));
                        NDArray loss = soft == null ? trainer.getLoss().evaluate(new NDList(ya), pred)
                                : dev.tinykws.distill.DistillationLoss.evaluate(pred.singletonOrThrow(), y, tp, hw,
                                        soft.temperature(), soft.alpha());
                        gc.backward(loss);
                        lossSum += loss.getFloat() * size;
                        long[] argmax = pred.singletonOrThrow().argMax(1).toLongArray();
                        for (int i = 0; i < size; i++) {
                            if (argmax[i] == y[i]) {
                                correct++;
                            }
                        }
                    }
                    trainer.step();
                }
                seen += size;
                if (bar != null) {
                    bar.stepBy(size);
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f acc %.1f%%", lossSum / seen,
                            100.0 * correct / seen));
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return new double[] {lossSum / seen, correct / (double) seen, seen};
    }

    /** Returns {mean loss, accuracy} in inference mode. */
    static double[] evaluate(Trainer trainer, LabeledFeatures val) {
        int n = val.size();
        int len = val.sampleLength();
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int size = Math.min(EVAL_BATCH, n - from);
            long[] y = new long[size];
            for (int i = 0; i < size; i++) {
                y[i] = val.labels()[from + i];
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(Arrays.copyOfRange(val.features(), from * len, (from + size) * len),
                        new Shape(size, 1, val.frames(), val.coeffs()));
                NDList pred = trainer.evaluate(new NDList(xa));
                lossSum += trainer.getLoss().evaluate(new NDList(m.create(y)), pred).getFloat() * size;
                long[] argmax = pred.singletonOrThrow().argMax(1).toLongArray();
                for (int i = 0; i < size; i++) {
                    if (argmax[i] == y[i]) {
                        correct++;
                    }
                }
            }
        }
        return new double[] {lossSum / n, correct / (double) n};
    }

    /** Inference-mode accuracy of a trained block on labelled features. */
    public static double accuracy(Block block, LabeledFeatures data) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        int len = data.sampleLength();
        long correct = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
            for (int from = 0; from < data.size(); from += EVAL_BATCH) {
                int size = Math.min(EVAL_BATCH, data.size() - from);
                try (NDManager sub = m.newSubManager()) {
                    NDArray x = sub.create(Arrays.copyOfRange(data.features(), from * len, (from + size) * len),
                            new Shape(size, 1, data.frames(), data.coeffs()));
                    long[] argmax = block.forward(ps, new NDList(x), false).singletonOrThrow().argMax(1).toLongArray();
                    for (int i = 0; i < size; i++) {
                        if (argmax[i] == data.labels()[from + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return correct / (double) data.size();
    }

    /** Batches per epoch; a trailing batch of one sample is dropped (BatchNorm needs two). */
    static int batchesPerEpoch(int n, int batch) {
        int full = n / batch;
        int rest = n % batch;
        return full + (rest >= 2 ? 1 : 0);
    }

    static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static LabeledFeatures await(Future<LabeledFeatures> f, int epoch) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while preparing the data of epoch " + epoch, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new TrainingException("preparing the data of epoch " + epoch + " failed: " + c, c);
        }
    }

    private static void writeMetricsCsv(Path outDir, List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : history) {
            sb.append(m.csvRow()).append('\n');
        }
        try {
            Path tmp = outDir.resolve("metrics.csv.tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, outDir.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + outDir.resolve("metrics.csv") + ": " + e.getMessage(), e);
        }
    }

    /** Appends timestamped lines to {@code train.log} and mirrors them to SLF4J. */
    private static final class RunLog {
        private final Path file;

        RunLog(Path outDir) {
            this.file = outDir.resolve("train.log");
        }

        void line(String s) {
            LOG.info(s);
            String l = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " + s + "\n";
            try {
                Files.writeString(file, l, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new TrainingException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
