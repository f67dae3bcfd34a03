package dev.tinykws.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchPlotsTest {

    @TempDir
    Path dir;

    @Test
    void csvFromAScriptBecomesAPngWithAFooterLinePerEntry() throws Exception {
        Path csv = dir.resolve("layers.csv");
        Files.writeString(csv, "layer,SMLAD,plain C\n0 conv,1164320,1451640\n9 avgpool,135040,\n11 softmax,1240,1240\n");
        Path out = dir.resolve("sub/layers.png");
        BenchPlots.main(new String[] {"--out", out.toString(), "--title", "t", "--y", "instructions", "--csv", csv.toString(),
            "--footer", "Command: x|Machine: y|Date: z"});
        BufferedImage one = ImageIO.read(out.toFile());
        assertNotNull(one);
        BenchPlots.main(new String[] {"--out", out.toString(), "--title", "t", "--y", "instructions", "--csv", csv.toString(),
            "--footer", "Command: x"});
        BufferedImage shorter = ImageIO.read(out.toFile());
        assertEquals(2 * 16, one.getHeight() - shorter.getHeight(), "16 px per footer line");
        assertTrue(one.getWidth() >= 760);
    }

    @Test
    void badInputsAreRejectedWithTheReason() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "layer,a,b\n0 conv,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchPlots.main(new String[] {
            "--out", dir.resolve("x.png").toString(), "--title", "t", "--y", "y", "--csv", csv.toString()}));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BenchPlots.main(new String[] {"--title", "t"}));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        Map<String, double[]> gap = new LinkedHashMap<>();
        gap.put("s", new double[] {1, Double.NaN});
        e = assertThrows(IllegalArgumentException.class, () -> BenchPlots.bar(dir.resolve("l.png"), "log", "", "y",
                List.of("a", "b"), gap, List.of(), true));
        assertTrue(e.getMessage().contains("logarithmic"), e.getMessage());
    }

    @Test
    void logAxisAndColourOnlySeriesRender() throws Exception {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("ours", new double[] {1500, 1400, Double.NaN});
        s.put("baseline", new double[] {Double.NaN, Double.NaN, 500});
        BenchPlots.bar(dir.resolve("a.png"), "t", "", "y", List.of("a", "b", "c"), s, BenchPlots.footer("cmd", "note"), false);
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("lines/s", new double[] {1_000_000, 50_000, 8_000});
        BenchPlots.bar(dir.resolve("b.png"), "t", "", "y", List.of("a", "b", "c"), one, List.of(), true);
        assertNotNull(ImageIO.read(dir.resolve("a.png").toFile()));
        assertNotNull(ImageIO.read(dir.resolve("b.png").toFile()));
    }

    @Test
    void mediansAndPercentiles() {
        assertEquals(2.0, BenchSupport.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchSupport.median(new double[] {4, 1, 2, 3}));
        assertTrue(Double.isNaN(BenchSupport.median(new double[0])));
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 - i;
        }
        assertEquals(99.0, BenchSupport.percentile(v, 99));
        assertEquals(100.0, BenchSupport.percentile(v, 100));
        assertEquals(50.0, BenchSupport.percentile(v, 50));
    }

    @Test
    void resultsAreWrittenUnderTheProjectRoot() throws Exception {
        String old = System.getProperty("tinykws.root");
        System.setProperty("tinykws.root", dir.toString());
        try {
            Path p = BenchSupport.writeResult("area", "## A\n\ntext");
            assertEquals(dir.resolve("bench/results/area.md"), p);
            assertEquals("## A\n\ntext\n", Files.readString(p));
            assertEquals("bench/results/area.md", BenchSupport.display(p));
        } finally {
            if (old == null) {
                System.clearProperty("tinykws.root");
            } else {
                System.setProperty("tinykws.root", old);
            }
        }
    }
}
