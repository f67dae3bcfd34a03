package dev.tinykws.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clip-level evaluation of one model on one dataset.
 *
 * @param modelName  model id or folder name
 * @param dataDir    dataset folder
 * @param split      split evaluated ("test", "validation", "train" or "all")
 * @param labels     model labels
 * @param byVariant  confusion matrix per model variant ("float", "int8")
 * @param wordCounts clips evaluated per dataset word folder
 * @param skipped    clips that could not be read
 */
public record EvaluationResult(String modelName, String dataDir, String split, List<String> labels,
                               Map<String, ConfusionMatrix> byVariant, Map<String, Integer> wordCounts,
                               List<SkippedClip> skipped) {

    public EvaluationResult {
        labels = List.copyOf(labels);
        byVariant = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byVariant));
        wordCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(wordCounts));
        skipped = List.copyOf(skipped);
    }

    public ConfusionMatrix matrix(String variant) {
        ConfusionMatrix m = byVariant.get(variant);
        if (m == null) {
            throw new IllegalArgumentException("no variant " + variant + " (have " + byVariant.keySet() + ")");
        }
        return m;
    }

    /** A JSON-friendly tree (maps, lists, numbers; NaN as null). */
    public Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelName);
        root.put("data", dataDir);
        root.put("split", split);
        root.put("labels", labels);
        root.put("clips", wordCounts.values().stream().mapToInt(Integer::intValue).sum());
        root.put("wordCounts", wordCounts);
        Map<String, Object> variants = new LinkedHashMap<>();
        for (var e : byVariant.entrySet()) {
            ConfusionMatrix m = e.getValue();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("accuracy", num(m.accuracy()));
            v.put("macroF1", num(m.macroF1()));
            v.put("total", m.total());
            v.putAll(KeywordFigures.of(m).toJson());
            Map<String, Object> per = new LinkedHashMap<>();
            for (int c = 0; c < labels.size(); c++) {
                Map<String, Object> pc = new LinkedHashMap<>();
                pc.put("support", m.support(c));
                pc.put("precision", num(m.precision(c)));
                pc.put("recall", num(m.recall(c)));
                pc.put("f1", num(m.f1(c)));
                per.put(labels.get(c), pc);
            }
            v.put("perClass", per);
            long[][] cm = new long[labels.size()][labels.size()];
            for (int r = 0; r < labels.size(); r++) {
                for (int c = 0; c < labels.size(); c++) {
                    cm[r][c] = m.count(r, c);
                }
            }
            v.put("confusion", cm);
            variants.put(e.getKey(), v);
        }
        root.put("variants", variants);
        root.put("skipped", skipped.stream().map(s -> Map.of("path", s.path(), "reason", s.reason())).toList());
        return root;
    }

    private static Object num(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
