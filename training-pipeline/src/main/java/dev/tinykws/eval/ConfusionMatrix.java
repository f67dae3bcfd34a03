package dev.tinykws.eval;

import java.util.List;
import java.util.Locale;

/**
 * Counts of (true label, predicted label) with accuracy and per-class precision, recall and
 * F1. Undefined ratios (no support, nothing predicted) are {@code NaN} and are left out of
 * macro averages.
 */
public final class ConfusionMatrix {

    private final List<String> labels;
    private final long[][] counts;

    public ConfusionMatrix(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    public List<String> labels() {
        return labels;
    }

    public void add(int trueLabel, int predicted) {
        counts[trueLabel][predicted]++;
    }

    public long count(int trueLabel, int predicted) {
        return counts[trueLabel][predicted];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i][i];
        }
        return n;
    }

    /** Correct / total, NaN when empty. */
    public double accuracy() {
        long t = total();
        return t == 0 ? Double.NaN : (double) correct() / t;
    }

    /** Clips whose true label is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** Clips predicted as {@code c}. */
    public long predicted(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) counts[c][c] / p;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    /** 2PR/(P+R); 0 when both are 0; NaN when the class has no support. */
    public double f1(int c) {
        if (support(c) == 0) {
            return Double.NaN;
        }
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p)) {
            p = 0;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean F1 over classes with support. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < labels.size(); c++) {
            double f = f1(c);
            if (!Double.isNaN(f)) {
                sum += f;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Labels with at least one true clip (rows shown in reports). */
    public List<Integer> rowsWithSupport() {
        return java.util.stream.IntStream.range(0, labels.size()).filter(c -> support(c) > 0).boxed().toList();
    }

    /** Fixed-width text: rows = true labels with support, columns = every predicted label. */
    public String toText() {
        int w = 6;
        for (String l : labels) {
            w = Math.max(w, l.length() + 1);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-" + w + "s", "true\\pred"));
        for (String l : labels) {
            b.append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        b.append('\n');
        for (int r : rowsWithSupport()) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(r)));
            for (int c = 0; c < labels.size(); c++) {
                b.append(String.format(Locale.ROOT, "%" + w + "d", counts[r][c]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
