package dev.tinykws.bench;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.eval.ConfusionMatrix;
import dev.tinykws.eval.KeywordFigures;
import dev.tinykws.eval.LabelMapper;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.FloatInference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much class-prior correction: the float logits of every clip of a real-voice folder are
 * computed once per model, then {@code λ · (−log training share)} is added for several λ (0 = none,
 * 1 = the full correction {@code tinykws train --prior-correction on} folds into the model) and the
 * real-voice figures are printed, mean over the models given.
 *
 * <p>Usage: {@code PriorStrengthBench --data REAL_DIR MODEL_DIR...} (the training shares and any correction
 * already folded in come from model.json; the logits are shifted by the difference). Without arguments
 * (as {@code bench/run} calls every harness) it prints this usage and exits 0.
 */
public final class PriorStrengthBench {

    static final double[] LAMBDAS = {0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0};

    private PriorStrengthBench() { }

    public static void main(String[] args) {
        if (args.length < 3 || !args[0].equals("--data")) {
            System.out.println("usage: PriorStrengthBench --data REAL_DIR MODEL_DIR...  (models trained with "
                    + "--prior-correction off)");
            return;
        }
        DatasetIndex data = DatasetIndex.load(Path.of(args[1]));
        List<Clip> clips = data.all();
        double[][] sums = new double[LAMBDAS.length][4];
        int models = 0;
        for (int a = 2; a < args.length; a++) {
            ModelPackage pkg = ModelPackage.load(Path.of(args[a]));
            double[] offsets = offsets(pkg);
            double applied = appliedStrength(pkg);
            FloatInference net = new FloatInference(pkg.floatModel());
            ClipFeatures fx = new ClipFeatures(pkg.frontend());
            LabelMapper mapper = new LabelMapper(pkg.labels());
            List<ConfusionMatrix> ms = new ArrayList<>();
            for (double ignored : LAMBDAS) {
                ms.add(new ConfusionMatrix(pkg.labels()));
            }
            for (Clip c : clips) {
                int truth = mapper.labelOf(c.word());
                if (truth < 0) {
                    continue;
                }
                float[] z = net.logits(fx.extract(AudioIO.readMono16k(c.path())));
                for (int k = 0; k < LAMBDAS.length; k++) {
                    int best = 0;
                    double bv = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < z.length; i++) {
                        double v = z[i] + (LAMBDAS[k] - applied) * offsets[i];
                        if (v > bv) {
                            bv = v;
                            best = i;
                        }
                    }
                    ms.get(k).add(truth, best);
                }
            }
            for (int k = 0; k < LAMBDAS.length; k++) {
                KeywordFigures f = KeywordFigures.of(ms.get(k));
                double[] row = {ms.get(k).accuracy(), f.keywordRecall(), f.keywordRejected(), f.unknownAsKeyword()};
                System.out.printf(Locale.ROOT, "%s λ=%.2f accuracy %.3f recall %.3f rejected %.3f unknown→kw %.3f%n",
                        args[a], LAMBDAS[k], row[0], row[1], row[2], row[3]);
                for (int j = 0; j < 4; j++) {
                    sums[k][j] += row[j];
                }
            }
            models++;
        }
        System.out.printf(Locale.ROOT, "%nmean of %d models, float, %s%n", models, args[1]);
        System.out.println("| λ | accuracy | keyword recall | keyword rejected | other words taken for keywords |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int k = 0; k < LAMBDAS.length; k++) {
            System.out.printf(Locale.ROOT, "| %.2f | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n", LAMBDAS[k],
                    100 * sums[k][0] / models, 100 * sums[k][1] / models, 100 * sums[k][2] / models,
                    100 * sums[k][3] / models);
        }
    }

    /** λ already folded into the model's bias (0 when trained with --prior-correction off). */
    static double appliedStrength(ModelPackage pkg) {
        if (pkg.metadata().get("priorCorrection") instanceof Map<?, ?> pc && Boolean.TRUE.equals(pc.get("applied"))) {
            return pc.get("strength") instanceof Number n ? n.doubleValue() : 1.0;
        }
        return 0;
    }

    /** −log(training share) per label, from model.json (priorCorrection.trainShares or the train split counts). */
    @SuppressWarnings("unchecked")
    static double[] offsets(ModelPackage pkg) {
        Map<String, Object> meta = pkg.metadata();
        Map<String, Number> shares = null;
        if (meta.get("priorCorrection") instanceof Map<?, ?> pc) {
            shares = (Map<String, Number>) pc.get("trainShares");
        } else if (meta.get("training") instanceof Map<?, ?> t && t.get("samplesPerSplit") instanceof Map<?, ?> s) {
            shares = (Map<String, Number>) s.get("train");
        }
        if (shares == null) {
            throw new IllegalArgumentException(pkg.dir() + ": model.json records no training class shares");
        }
        double total = shares.values().stream().mapToDouble(Number::doubleValue).sum();
        double[] o = new double[pkg.labels().size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = -Math.log(shares.get(pkg.labels().get(i)).doubleValue() / total);
        }
        return o;
    }
}
