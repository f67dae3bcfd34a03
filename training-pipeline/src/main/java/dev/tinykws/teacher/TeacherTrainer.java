package dev.tinykws.teacher;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.tinykws.train.DjlRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the {@link TeacherHead} (288 → hidden ReLU with dropout → labels) on embedding features with
 * DJL/PyTorch: Adam, softmax cross-entropy, inputs standardized with the training mean/std; keeps the
 * epoch with the best validation accuracy. Deterministic for a seed (single-threaded ops aside).
 */
public final class TeacherTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherTrainer.class);

    /** Head training settings. */
    public record Options(int hidden, float dropout, int epochs, int batchSize, float learningRate, float weightDecay,
                          long seed) {
        public Options {
            if (hidden < 1 || epochs < 1 || batchSize < 1 || !(dropout >= 0 && dropout < 1) || !(learningRate > 0)) {
                throw new IllegalArgumentException("invalid teacher head options: " + hidden + " hidden, dropout "
                        + dropout + ", " + epochs + " epochs, batch " + batchSize + ", lr " + learningRate);
            }
        }

        public static Options defaults(long seed) {
            return new Options(256, 0.3f, 40, 128, 1e-3f, 1e-4f, seed);
        }
    }

    /** Trained head with its best validation accuracy (NaN without validation data) and epoch. */
    public record Result(TeacherHead head, double valAccuracy, int bestEpoch, double seconds) { }

    private TeacherTrainer() {
    }

    /**
     * @param x       training features {@code [n][288]}
     * @param y       training labels
     * @param valX    validation features (may be empty)
     * @param valY    validation labels
     * @param classes number of labels
     */
    public static Result train(float[][] x, int[] y, float[][] valX, int[] valY, int classes, Options o) {
        if (x.length == 0 || x.length != y.length || valX.length != valY.length) {
            throw new TeacherException("teacher head training needs features and labels of equal, non-zero length ("
                    + x.length + " / " + y.length + ")");
        }
        long t0 = System.nanoTime();
        int dim = x[0].length;
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (float[] r : x) {
            for (int d = 0; d < dim; d++) {
                mean[d] += r[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= x.length;
        }
        for (float[] r : x) {
            for (int d = 0; d < dim; d++) {
                std[d] += (r[d] - mean[d]) * (r[d] - mean[d]);
            }
        }
        for (int d = 0; d < dim; d++) {
            std[d] = (float) Math.max(1e-4, Math.sqrt(std[d] / x.length));
        }
        float[] flat = new float[x.length * dim];
        for (int i = 0; i < x.length; i++) {
            for (int d = 0; d < dim; d++) {
                flat[i * dim + d] = (x[i][d] - mean[d]) / std[d];
            }
        }
        DjlRuntime.ensureConfigured().setRandomSeed((int) o.seed());
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(o.hidden()).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(o.dropout()).build())
                .add(Linear.builder().setUnits(classes).build());
        TeacherHead best = null;
        double bestAcc = -1;
        int bestEpoch = 0;
        try (Model model = Model.newInstance("teacher-head")) {
            model.setBlock(block);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(o.learningRate()))
                            .optWeightDecays(o.weightDecay()).build())
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, dim));
                Random rng = new Random(o.seed());
                int[] order = new int[x.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 1; epoch <= o.epochs(); epoch++) {
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    double lossSum = 0;
                    for (int b = 0; b < order.length; b += o.batchSize()) {
                        int n = Math.min(o.batchSize(), order.length - b);
                        float[] bx = new float[n * dim];
                        long[] by = new long[n];
                        for (int i = 0; i < n; i++) {
                            System.arraycopy(flat, order[b + i] * dim, bx, i * dim, dim);
                            by[i] = y[order[b + i]];
                        }
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray xa = m.create(bx, new Shape(n, dim));
                            NDArray ya = m.create(by);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(xa));
                                NDArray loss = trainer.getLoss().evaluate(new NDList(ya), pred);
                                gc.backward(loss);
                                lossSum += loss.getFloat() * n;
                            }
                            trainer.step();
                        }
                    }
                    TeacherHead head = extract(block, mean, std, dim, o.hidden(), classes);
                    double acc = valX.length == 0 ? Double.NaN : accuracy(head, valX, valY);
                    LOG.debug(String.format(Locale.ROOT, "teacher head epoch %d/%d: loss %.4f, val acc %.4f", epoch,
                            o.epochs(), lossSum / x.length, acc));
                    if (valX.length == 0 || acc > bestAcc) {
                        best = head;
                        bestAcc = acc;
                        bestEpoch = epoch;
                    }
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        LOG.info(String.format(Locale.ROOT, "teacher head: %d samples, %d epochs, best val acc %.4f at epoch %d, %.1f s",
                x.length, o.epochs(), bestAcc, bestEpoch, secs));
        return new Result(best, valX.length == 0 ? Double.NaN : bestAcc, bestEpoch, secs);
    }

    /** Share of rows whose argmax of the raw logits equals the label. */
    public static double accuracy(TeacherHead head, float[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            float[] l = head.logits(x[i]);
            int a = 0;
            for (int k = 1; k < l.length; k++) {
                if (l[k] > l[a]) {
                    a = k;
                }
            }
            if (a == y[i]) {
                ok++;
            }
        }
        return x.length == 0 ? Double.NaN : ok / (double) x.length;
    }

    private static TeacherHead extract(SequentialBlock block, float[] mean, float[] std, int dim, int hidden, int classes) {
        List<float[]> p = new ArrayList<>();
        for (Pair<String, Parameter> e : block.getParameters()) {
            p.add(e.getValue().getArray().toFloatArray());
        }
        if (p.size() != 4) {
            throw new IllegalStateException("expected 4 parameter arrays in the head, got " + p.size());
        }
        return new TeacherHead(mean.clone(), std.clone(), rows(p.get(0), hidden, dim), p.get(1),
                rows(p.get(2), classes, hidden), p.get(3));
    }

    private static float[][] rows(float[] v, int r, int c) {
        if (v.length != r * c) {
            throw new IllegalStateException("parameter of " + v.length + " values, expected " + r + "x" + c);
        }
        float[][] m = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(v, i * c, m[i], 0, c);
        }
        return m;
    }
}
