package dev.tinykws.eval;

import dev.tinykws.contract.Threshold;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** PNG rendering with plain Java2D (headless): confusion heat maps and DET curves. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Confusion heat map: rows = true labels with support, columns = predicted labels; the
     * colour is the row-normalized fraction, the cell text the count.
     */
    public static void confusionPng(ConfusionMatrix m, String title, Path file) throws IOException {
        List<String> labels = m.labels();
        List<Integer> rows = m.rowsWithSupport();
        int cell = 44;
        int left = 110;
        int top = 60;
        int bottom = 110;
        int w = Math.max(480, left + cell * labels.size() + 20);
        int h = top + cell * Math.max(1, rows.size()) + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("rows: true label (row-normalized colour), columns: predicted", 10, 40);
            FontMetrics fm = g.getFontMetrics();
            for (int ri = 0; ri < rows.size(); ri++) {
                int r = rows.get(ri);
                long support = m.support(r);
                String name = labels.get(r);
                g.setColor(Color.BLACK);
                g.drawString(name, left - 6 - fm.stringWidth(name), top + ri * cell + cell / 2 + 4);
                for (int c = 0; c < labels.size(); c++) {
                    long n = m.count(r, c);
                    double frac = support == 0 ? 0 : (double) n / support;
                    int shade = (int) Math.round(255 * (1 - frac));
                    g.setColor(new Color(shade, shade, 255));
                    g.fillRect(left + c * cell, top + ri * cell, cell, cell);
                    g.setColor(Color.LIGHT_GRAY);
                    g.drawRect(left + c * cell, top + ri * cell, cell, cell);
                    g.setColor(frac > 0.55 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(n);
                    g.drawString(s, left + c * cell + (cell - fm.stringWidth(s)) / 2, top + ri * cell + cell / 2 + 4);
                }
            }
            AffineTransform saved = g.getTransform();
            g.setColor(Color.BLACK);
            for (int c = 0; c < labels.size(); c++) {
                int x = left + c * cell + cell / 2 + 4;
                int y = top + rows.size() * cell + 6;
                g.setTransform(saved);
                g.rotate(Math.toRadians(60), x, y);
                g.drawString(labels.get(c), x, y);
            }
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** One DET curve point. */
    public record DetPoint(double faPerHour, double frr, int thresholdQ) {
    }

    /** DET curve: false-reject rate (y) against false accepts per hour (x, log scale from 0.1). */
    public static void detPng(List<DetPoint> points, DetPoint operating, String title, Path file) throws IOException {
        int w = 640;
        int h = 480;
        int left = 70;
        int right = 20;
        int top = 50;
        int bottom = 60;
        double xMin = 0.1;
        double xMaxData = points.stream().mapToDouble(DetPoint::faPerHour).max().orElse(1);
        double xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(10, xMaxData))));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int pw = w - left - right;
            int ph = h - top - bottom;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawRect(left, top, pw, ph);
            for (double x = xMin; x <= xMax * 1.0001; x *= 10) {
                int px = left + (int) Math.round(pw * Math.log10(x / xMin) / Math.log10(xMax / xMin));
                g.setColor(new Color(225, 225, 225));
                g.drawLine(px, top, px, top + ph);
                g.setColor(Color.BLACK);
                String s = x < 1 ? String.format(Locale.ROOT, "%.1f", x) : String.format(Locale.ROOT, "%.0f", x);
                g.drawString(s, px - 8, top + ph + 16);
            }
            for (int i = 0; i <= 10; i++) {
                int py = top + ph - ph * i / 10;
                g.setColor(new Color(225, 225, 225));
                g.drawLine(left, py, left + pw, py);
                g.setColor(Color.BLACK);
                g.drawString(i * 10 + "%", left - 36, py + 4);
            }
            g.drawString("false accepts per hour (log; 0 plotted at " + xMin + ")", left + pw / 2 - 120, h - 18);
            g.drawString("FRR", 10, top + ph / 2);
            g.setColor(new Color(30, 90, 200));
            g.setStroke(new BasicStroke(2f));
            List<DetPoint> sorted = points.stream()
                    .sorted((a, b) -> a.faPerHour() != b.faPerHour() ? Double.compare(a.faPerHour(), b.faPerHour())
                            : Double.compare(b.frr(), a.frr())).toList();
            int[] prev = null;
            for (DetPoint p : sorted) {
                int[] xy = toPixel(p, xMin, xMax, left, top, pw, ph);
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], xy[0], xy[1]);
                }
                g.fillOval(xy[0] - 2, xy[1] - 2, 5, 5);
                prev = xy;
            }
            if (operating != null) {
                int[] xy = toPixel(operating, xMin, xMax, left, top, pw, ph);
                g.setColor(new Color(200, 40, 40));
                g.fillOval(xy[0] - 5, xy[1] - 5, 11, 11);
                g.drawString(String.format(Locale.ROOT, "threshold %.3f", Threshold.probabilityOfQ(operating.thresholdQ())), xy[0] + 8, xy[1] - 6);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static int[] toPixel(DetPoint p, double xMin, double xMax, int left, int top, int pw, int ph) {
        double x = Math.max(xMin, Math.min(xMax, p.faPerHour()));
        int px = left + (int) Math.round(pw * Math.log10(x / xMin) / Math.log10(xMax / xMin));
        int py = top + ph - (int) Math.round(ph * p.frr());
        return new int[]{px, py};
    }
}
