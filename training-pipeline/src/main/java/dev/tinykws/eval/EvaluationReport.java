package dev.tinykws.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link EvaluationResult} as {@code report.md}, {@code confusion-<variant>.png},
 * {@code confusion-<variant>.txt} and {@code evaluation.json} into a folder.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    public static Path write(EvaluationResult r, Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, ConfusionMatrix> e : r.byVariant().entrySet()) {
                String v = e.getKey();
                Files.writeString(dir.resolve("confusion-" + v + ".txt"), e.getValue().toText(), StandardCharsets.UTF_8);
                Charts.confusionPng(e.getValue(), r.modelName() + " (" + v + ") on " + r.split(), dir.resolve("confusion-" + v + ".png"));
            }
            writeJson(r, dir.resolve("evaluation.json"));
            Path md = dir.resolve("report.md");
            Files.writeString(md, markdown(r), StandardCharsets.UTF_8);
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation report into " + dir + ": " + e.getMessage(), e);
        }
    }

    public static void writeJson(EvaluationResult r, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r.toJsonTree());
    }

    public static String markdown(EvaluationResult r) {
        StringBuilder b = new StringBuilder();
        int clips = r.wordCounts().values().stream().mapToInt(Integer::intValue).sum();
        b.append("# Evaluation of ").append(r.modelName()).append("\n\n");
        b.append("Data: `").append(r.dataDir()).append("`, split **").append(r.split()).append("**, ")
         .append(clips).append(" clips evaluated");
        if (!r.skipped().isEmpty()) {
            b.append(", ").append(r.skipped().size()).append(" skipped (listed below)");
        }
        b.append(". Words the model does not know count as `_unknown_`.\n\n");
        b.append("| variant | accuracy | macro F1 | keyword recall | keyword rejected (`_unknown_`/`_silence_`) "
                + "| other words taken for keywords |\n| --- | --- | --- | --- | --- | --- |\n");
        for (var e : r.byVariant().entrySet()) {
            KeywordFigures k = KeywordFigures.of(e.getValue());
            b.append("| ").append(e.getKey()).append(" | ").append(pct(e.getValue().accuracy())).append(" | ")
             .append(fmt(e.getValue().macroF1())).append(" | ").append(pct(k.keywordRecall())).append(" | ")
             .append(pct(k.keywordRejected())).append(" | ").append(pct(k.unknownAsKeyword())).append(" |\n");
        }
        for (var e : r.byVariant().entrySet()) {
            ConfusionMatrix m = e.getValue();
            b.append("\n## ").append(e.getKey()).append("\n\n");
            b.append("| label | support | precision | recall | F1 |\n| --- | --- | --- | --- | --- |\n");
            for (int c = 0; c < r.labels().size(); c++) {
                b.append("| ").append(r.labels().get(c)).append(" | ").append(m.support(c)).append(" | ")
                 .append(fmt(m.precision(c))).append(" | ").append(fmt(m.recall(c))).append(" | ")
                 .append(fmt(m.f1(c))).append(" |\n");
            }
            b.append("\n![confusion ").append(e.getKey()).append("](confusion-").append(e.getKey()).append(".png)\n\n");
            b.append("```\n").append(m.toText()).append("```\n");
        }
        b.append("\n## Clips per word folder\n\n");
        r.wordCounts().forEach((w, n) -> b.append("- `").append(w).append("`: ").append(n).append('\n'));
        if (!r.skipped().isEmpty()) {
            b.append("\n## Skipped clips\n\n");
            r.skipped().stream().limit(200).forEach(s -> b.append("- `").append(s.path()).append("`: ").append(s.reason()).append('\n'));
            if (r.skipped().size() > 200) {
                b.append("- ... ").append(r.skipped().size() - 200).append(" more\n");
            }
        }
        return b.toString();
    }

    static String fmt(double d) {
        return Double.isNaN(d) ? "—" : String.format(Locale.ROOT, "%.3f", d);
    }

    static String pct(double d) {
        return Double.isNaN(d) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
    }
}
