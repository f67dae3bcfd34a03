package dev.tinykws.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bar charts (PNG, xchart) for bench/results: one or more series side by side per category, and
 * under the chart a footer with the command, the machine and the date, so a figure copied out
 * of RESULTS.md still says where it came from.
 *
 * <p>From a script: {@code BenchPlots --out F.png --title T --y "y axis" --footer "..." --csv DATA}
 * where DATA is CSV with a header row {@code category,series1[,series2...]} and one row per
 * category (an empty field is no bar). Options: {@code --log} (logarithmic y axis), {@code --x "x axis"}.
 */
public final class BenchPlots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchPlots() {
    }

    /**
     * One bar chart: {@code series} maps a series name to one value per category (NaN: no bar;
     * not allowed with a logarithmic axis, which xchart cannot draw with gaps).
     */
    static Path bar(Path out, String title, String xLabel, String yLabel, List<String> categories,
                    Map<String, double[]> series, List<String> footer, boolean logY) throws IOException {
        if (logY && series.values().stream().flatMapToDouble(Arrays::stream).anyMatch(v -> Double.isNaN(v) || v <= 0)) {
            throw new IllegalArgumentException("a logarithmic axis needs a positive value for every bar of \"" + title + "\"");
        }
        int width = Math.max(760, 90 + categories.size() * series.size() * 34);
        CategoryChart c = new CategoryChartBuilder().width(width).height(480).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler s = c.getStyler();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setLegendVisible(series.size() > 1);
        c.getStyler().setLabelsVisible(categories.size() * series.size() <= 12);
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        c.getStyler().setYAxisLogarithmic(logY);
        if (logY) { // bars start at the axis minimum: a power of ten below the smallest value
            double lo = series.values().stream().flatMapToDouble(Arrays::stream).min().orElse(1);
            c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
        }
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        c.getStyler().setXAxisLabelRotation(longest > 12 || longest * categories.size() > 70 ? 30 : 0);
        c.getStyler().setDecimalPattern(decimalPattern(series));
        c.getStyler().setOverlapped(oneValuePerCategory(categories.size(), series));
        s.setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189)});
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Number> ys = new ArrayList<>();
            for (double v : e.getValue()) {
                ys.add(Double.isNaN(v) ? null : v);
            }
            c.addSeries(e.getKey(), categories, ys);
        }
        BufferedImage chart = BitmapEncoder.getBufferedImage(c);
        int line = 16;
        BufferedImage img = new BufferedImage(chart.getWidth(), chart.getHeight() + 10 + line * footer.size(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.drawImage(chart, 0, 0, null);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i < footer.size(); i++) {
                g.drawString(footer.get(i), 10, chart.getHeight() + line * (i + 1));
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(img, "png", out.toFile());
        System.err.println("wrote " + out);
        return out;
    }

    /** Series used only to colour categories (at most one non-NaN value per category) are drawn full width. */
    private static boolean oneValuePerCategory(int n, Map<String, double[]> series) {
        if (series.size() < 2) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (double[] v : series.values()) {
                k += Double.isNaN(v[i]) ? 0 : 1;
            }
            if (k > 1) {
                return false;
            }
        }
        return true;
    }

    private static String decimalPattern(Map<String, double[]> series) {
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> !Double.isNaN(v))
                .map(Math::abs).max().orElse(0);
        return max >= 100 ? "#,##0" : max >= 1 ? "#,##0.0" : "#,##0.###";
    }

    /** The standard footer: command, machine and date (and an optional note, e.g. "medians of 5 runs"). */
    static List<String> footer(String command, String note) {
        List<String> f = new ArrayList<>();
        f.add("Command: " + command);
        f.add("Machine: " + BenchSupport.machinePlain() + ". Date: " + BenchSupport.now() + ".");
        if (note != null && !note.isBlank()) {
            f.add(note);
        }
        return f;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        boolean log = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log")) {
                log = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]
                        + "; usage: BenchPlots --out F.png --title T --y LABEL [--x LABEL] [--footer TEXT]... --csv FILE [--log]");
            }
        }
        for (String k : List.of("out", "title", "y", "csv")) {
            if (!o.containsKey(k)) {
                throw new IllegalArgumentException("--" + k + " is required");
            }
        }
        List<String> lines = Files.readAllLines(Path.of(o.get("csv"))).stream().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException(o.get("csv") + ": need a header row and at least one data row");
        }
        String[] header = lines.get(0).split(",", -1);
        List<String> cats = new ArrayList<>();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int k = 1; k < header.length; k++) {
            series.put(header[k].strip(), new double[lines.size() - 1]);
        }
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",", -1);
            if (f.length != header.length) {
                throw new IllegalArgumentException(o.get("csv") + " line " + (r + 1) + ": " + f.length
                        + " fields, the header has " + header.length);
            }
            cats.add(f[0].strip());
            int k = 1;
            for (double[] v : series.values()) {
                v[r - 1] = f[k].isBlank() ? Double.NaN : Double.parseDouble(f[k].strip());
                k++;
            }
        }
        List<String> footer = new ArrayList<>(Arrays.asList(o.getOrDefault("footer", "").split("\\|")));
        footer.removeIf(String::isBlank);
        bar(Path.of(o.get("out")), o.get("title"), o.getOrDefault("x", ""), o.get("y"), cats, series,
                footer.stream().map(String::strip).toList(), log);
    }
}
