package dev.tinykws.cli;

import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.ClipModel;
import dev.tinykws.eval.ConfusionMatrix;
import dev.tinykws.eval.EvaluationReport;
import dev.tinykws.eval.EvaluationResult;
import dev.tinykws.eval.Evaluator;
import dev.tinykws.eval.KeywordFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tinykws evaluate}: clip accuracy of a model (float and int8) on a dataset folder. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Measure the clip accuracy of a model (float and int8) on a dataset folder.",
                "Per-class precision/recall/F1 and confusion matrices on any Speech Commands layout folder; words the "
                        + "model does not know count as _unknown_. Unreadable clips are reported and skipped.",
                "Writes report.md and confusion plots into --out (and JSON with --json); prints the accuracies."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:evaluated (skipped clips are listed in the report)",
                "1:the model or the dataset cannot be read", "2:usage error: unknown option, bad value, missing required option"})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder (Speech Commands layout).")
    Path data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "Clips to evaluate: test, validation, train or all (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON here.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder (default: <model>/eval-<data folder>-<split>).")
    Path out;

    @Override
    public Integer call() {
        Split s;
        switch (split.toLowerCase(Locale.ROOT)) {
            case "all" -> s = null;
            case "test" -> s = Split.TEST;
            case "validation", "val" -> s = Split.VALIDATION;
            case "train" -> s = Split.TRAIN;
            default -> {
                System.err.println("tinykws evaluate: --split must be test, validation, train or all, not '" + split + "'");
                return 2;
            }
        }
        try {
            ClipModel rt = CliModels.load(model);
            DatasetIndex index = DatasetIndex.load(data);
            EvaluationResult r = Evaluator.run(rt, index, s);
            Path dir = out != null ? out : model.resolve("eval-" + data.toAbsolutePath().normalize().getFileName()
                    + "-" + split.toLowerCase(Locale.ROOT));
            Path md = EvaluationReport.write(r, dir);
            if (json != null) {
                EvaluationReport.writeJson(r, json);
            }
            System.out.printf(Locale.ROOT, "%s on %s (%s): %d clips%n", r.modelName(), data, r.split(),
                    r.wordCounts().values().stream().mapToInt(Integer::intValue).sum());
            for (Map.Entry<String, ConfusionMatrix> e : r.byVariant().entrySet()) {
                KeywordFigures k = KeywordFigures.of(e.getValue());
                System.out.printf(Locale.ROOT, "  %-5s accuracy %.1f%%  macro F1 %.3f  keyword recall %s  keyword rejected "
                                + "(_unknown_/_silence_) %s  other words taken for keywords %s%n", e.getKey(),
                        100 * e.getValue().accuracy(), e.getValue().macroF1(), pct(k.keywordRecall()),
                        pct(k.keywordRejected()), pct(k.unknownAsKeyword()));
            }
            if (!r.skipped().isEmpty()) {
                System.out.printf(Locale.ROOT, "  %d clips skipped (see the report)%n", r.skipped().size());
            }
            System.out.println("report: " + md);
            return 0;
        } catch (Exception e) {
            System.err.println("tinykws evaluate: " + CliModels.describe(e));
            return 1;
        }
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
