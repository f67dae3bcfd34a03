package dev.tinykws.bench;

import dev.tinykws.contract.Labels;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.eval.ConfusionMatrix;
import dev.tinykws.eval.EvaluationResult;
import dev.tinykws.eval.Evaluator;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.pkg.ModelPackager;
import dev.tinykws.train.Architecture;
import dev.tinykws.train.TrainOptions;
import dev.tinykws.train.TrainPipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One quality measurement: train a model on a dataset folder (the same {@link TrainPipeline} as
 * {@code tinykws train}, without the slow threshold calibration), quantize it, and evaluate it
 * on the dataset's test split, on an optional held-out folder (e.g. clips of a TTS engine the
 * model never heard) and on an optional real-voice folder (e.g. {@code shared/real-dev}). Appends
 * one tab-separated line per run to {@code --tsv}. {@code bench/scripts/cross-engine.sh} drives it
 * (leave-one-engine-out and the default-value ablations); results are in
 * {@code bench/results/quality.md}.
 *
 * <p>Usage: {@code CrossEngineBench --data D --out M --tsv FILE --tag NAME [--heldout H] [--real R]
 * [--seed 42] [--epochs 30] [--patience 8] [--unknown-percent 50] [--silence-percent 10]
 * [--augment-variants 4] [--augment default|none] [--lr 0.003]}. Without {@code --data} (as
 * {@code bench/run} calls every harness) it prints this usage and exits 0.
 *
 * <p>Columns per evaluated folder: accuracy (all clips, unknown words count as {@code _unknown_}),
 * keyword recall (keyword clips classified as the right keyword), unknown false-keyword rate
 * (unknown-word clips classified as some keyword), keyword-to-unknown rate (keyword clips
 * rejected as {@code _unknown_} or {@code _silence_}), for float and int8.
 */
public final class CrossEngineBench {

    private CrossEngineBench() { }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (!a.containsKey("data")) {
            System.err.println("CrossEngineBench: one quality run; driven by bench/scripts/cross-engine.sh (nothing to do"
                    + " without --data)");
            return;
        }
        Path data = Path.of(a.get("data"));
        Path out = Path.of(a.get("out"));
        Path tsv = Path.of(a.getOrDefault("tsv", "quality.tsv"));
        String tag = a.getOrDefault("tag", data.getFileName().toString());
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        TrainOptions d = TrainOptions.defaults(data, out);
        TrainOptions o = new TrainOptions(data, d.keywords(), out, Architecture.DS_CNN_S,
                Integer.parseInt(a.getOrDefault("epochs", String.valueOf(d.epochs()))), d.batchSize(),
                Float.parseFloat(a.getOrDefault("lr", String.valueOf(d.learningRate()))), seed, false,
                !"none".equals(a.getOrDefault("augment", "default")),
                Integer.parseInt(a.getOrDefault("augment-variants", String.valueOf(d.augmentVariants()))), d.threads(),
                Double.parseDouble(a.getOrDefault("silence-percent", String.valueOf(d.silencePercent()))),
                Double.parseDouble(a.getOrDefault("unknown-percent", "50")), // tinykws train's default
                Integer.parseInt(a.getOrDefault("patience", String.valueOf(d.patience()))), d.targetFaPerHour(), false);

        long t0 = System.nanoTime();
        TrainPipeline.Outcome t = TrainPipeline.run(o);
        double trainWall = (System.nanoTime() - t0) / 1e9;
        ModelPackage pkg = ModelPackager.write(out, t.model(), t.frontend(), DetectorConfig.defaults(), t.calibration(),
                Map.of(ModelPackager.KEY_NAME, out.getFileName().toString()));

        List<String> cols = new ArrayList<>(List.of(tag, String.valueOf(seed), fmt(t.valAccuracy()),
                fmt(t.testAccuracy()), String.valueOf(t.bestEpoch()), String.valueOf(t.history().size()),
                String.format(Locale.ROOT, "%.0f", trainWall)));
        cols.addAll(measure(pkg, t.data(), Split.TEST));
        cols.addAll(a.containsKey("heldout") ? measure(pkg, DatasetIndex.load(Path.of(a.get("heldout"))), null) : blanks());
        cols.addAll(a.containsKey("real") && Files.isDirectory(Path.of(a.get("real")))
                ? measure(pkg, DatasetIndex.load(Path.of(a.get("real"))), null) : blanks());
        if (!Files.exists(tsv)) {
            List<String> h = new ArrayList<>(List.of("tag", "seed", "val", "test_bal", "best_ep", "epochs", "train_s"));
            for (String set : List.of("test", "held", "real")) {
                for (String v : List.of("f", "q")) {
                    for (String m : List.of("acc", "kwrec", "unkfa", "kwrej")) {
                        h.add(set + "_" + m + "_" + v);
                    }
                }
            }
            Files.writeString(tsv, String.join("\t", h) + "\n");
        }
        String line = String.join("\t", cols);
        Files.writeString(tsv, line + "\n", StandardOpenOption.APPEND);
        System.out.println(line);
    }

    private static List<String> blanks() {
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            b.add("");
        }
        return b;
    }

    /** float then int8: accuracy, keyword recall, unknown false-keyword rate, keyword-rejected rate. */
    private static List<String> measure(ModelPackage pkg, DatasetIndex idx, Split split) {
        EvaluationResult ev = Evaluator.run(pkg, idx, split);
        List<String> r = new ArrayList<>();
        for (String v : List.of("float", "int8")) {
            ConfusionMatrix m = ev.matrix(v);
            List<String> labels = m.labels();
            int unk = labels.indexOf(Labels.UNKNOWN);
            int sil = labels.indexOf(Labels.SILENCE);
            long kwTotal = 0;
            long kwRight = 0;
            long kwRejected = 0;
            long unkTotal = m.support(unk);
            long unkAsKw = 0;
            for (int c = 0; c < labels.size(); c++) {
                if (c == unk || c == sil) {
                    continue;
                }
                kwTotal += m.support(c);
                kwRight += m.count(c, c);
                kwRejected += m.count(c, unk) + (sil >= 0 ? m.count(c, sil) : 0);
                unkAsKw += m.count(unk, c);
            }
            r.add(fmt(m.accuracy()));
            r.add(fmt(kwTotal == 0 ? Double.NaN : kwRight / (double) kwTotal));
            r.add(fmt(unkTotal == 0 ? Double.NaN : unkAsKw / (double) unkTotal));
            r.add(fmt(kwTotal == 0 ? Double.NaN : kwRejected / (double) kwTotal));
        }
        return r;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
