package dev.tinykws.export;

import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Int8Op;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The exported .tflite run by an independent runtime: Debian's Arm NN 20.08 (CpuRef backend,
 * via pyarmnn). Skipped without pyarmnn unless CI=true.
 *
 * <p>Arm NN's reference backend requantizes in float ({@code round(Σ x·w·s_in·s_w / s_out)}),
 * TFLite (and we) in fixed point with double rounding; the two differ by one LSB when the
 * exact value lies within 2^-(right shift + 1) of a rounding tie. So each layer is run on
 * its own, fed with our reference's input for that layer, and:
 * <ul>
 *   <li>AVERAGE_POOL_2D must match exactly;</li>
 *   <li>CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED must match exactly except where the
 *       exact real result {@code acc·s_in·s_w/s_out} is within 2^-(right shift + 1) of a .5
 *       tie (TFLite's double rounding), and there by at most 1; any layout, padding or
 *       parameter error would show up as non-tie mismatches;</li>
 *   <li>SOFTMAX (ours is table-driven) within 1 LSB.</li>
 * </ul>
 * The whole network is also run end to end and its top-1 must agree.
 */
class TfliteArmnnTest {

    static final String PYTHON = "/usr/bin/python3";

    static boolean pyarmnnAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pyarmnn").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void requirePyarmnn() {
        boolean ok = pyarmnnAvailable();
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(ok, "CI=true but pyarmnn is missing: apt-get install python3-pyarmnn libarmnn-cpuref-backend22");
        }
        Assumptions.assumeTrue(ok, "pyarmnn not installed (python3-pyarmnn); skipping the Arm NN comparison");
    }

    @Test
    void dsCnnMatchesArmnn(@TempDir Path dir) throws Exception {
        compare(TestModels.dsCnn(7), dir);
    }

    @Test
    void tinyConvMatchesArmnn(@TempDir Path dir) throws Exception {
        compare(TestModels.tinyConv(8), dir);
    }

    private record Job(Path model, Path in, int n, Path out) {
        String line() {
            return model + " " + in + " " + n + " " + out;
        }
    }

    private void compare(FloatModel fm, Path dir) throws Exception {
        requirePyarmnn();
        Int8Model m = Quantizer.quantize(fm, TestModels.randomFeatures(1, 32), Calibration.Options.minMax());
        List<byte[]> cases = cases(m);
        int nl = m.layers().size();
        List<byte[][]> ref = new ArrayList<>();
        for (byte[] c : cases) ref.add(m.inferAllLayers(c));
        List<Job> jobs = new ArrayList<>();
        for (int l = 0; l <= nl; l++) { // jobs 0..nl-1: one layer each; job nl: the whole network
            boolean whole = l == nl;
            Path model = dir.resolve("m" + l + ".tflite");
            Files.write(model, whole ? TfliteWriter.toBytes(m, false) : TfliteWriter.toBytes(m, l, l + 1, false));
            Path in = dir.resolve("in" + l + ".bin");
            try (var os = Files.newOutputStream(in)) {
                for (int c = 0; c < cases.size(); c++) {
                    os.write(whole || l == 0 ? cases.get(c) : ref.get(c)[l - 1]);
                }
            }
            jobs.add(new Job(model, in, cases.size(), dir.resolve("out" + l + ".bin")));
        }
        runArmnn(dir, jobs);

        StringBuilder report = new StringBuilder(fm.architecture() + " vs Arm NN CpuRef, " + cases.size() + " cases:");
        for (int l = 0; l < nl; l++) {
            Int8Layer layer = m.layers().get(l);
            byte[] got = Files.readAllBytes(jobs.get(l).out());
            assertEquals(layer.outSize() * cases.size(), got.length, "layer " + l + " output size");
            int diffs = 0;
            for (int c = 0; c < cases.size(); c++) {
                byte[] x = l == 0 ? cases.get(c) : ref.get(c)[l - 1];
                byte[] ours = ref.get(c)[l];
                int[] acc = layer.op() == Int8Op.CONV2D || layer.op() == Int8Op.DWCONV2D || layer.op() == Int8Op.FC
                        ? Int8Model.accumulators(x, layer) : null;
                for (int i = 0; i < ours.length; i++) {
                    int a = ours[i], b = got[c * ours.length + i];
                    if (a == b) continue;
                    diffs++;
                    String where = "case " + c + " layer " + l + " " + layer.op() + " index " + i + ": ours " + a
                            + ", Arm NN " + b;
                    assertEquals(1, Math.abs(a - b), where);
                    if (acc != null) {
                        int ch = layer.op() == Int8Op.FC ? 0 : i % layer.outC();
                        double ws = layer.weightScales()[layer.weightScales().length == 1 ? 0 : ch];
                        double exact = acc[i] * ((double) layer.inScale() * ws / layer.outScale());
                        double frac = exact - Math.floor(exact);
                        // TFLite's first rounding (SaturatingRoundingDoublingHighMul) keeps `right`
                        // fractional bits, so results within 2^-(right+1) of a tie may round either way
                        int right = Math.max(0, -layer.shift()[ch]);
                        double window = Math.pow(2, -(right + 1)) + 1e-6;
                        assertTrue(Math.abs(frac - 0.5) <= window, where + " is not within " + window
                                + " of a rounding tie (exact " + exact + ")");
                    } else {
                        assertEquals(Int8Op.SOFTMAX, layer.op(), where);
                    }
                }
            }
            int total = layer.outSize() * cases.size();
            assertTrue(diffs <= total / 100, "layer " + l + ": " + diffs + " of " + total + " differ");
            report.append(String.format(" L%d %s %d/%d ties;", l, layer.op(), diffs, total));
        }
        byte[] whole = Files.readAllBytes(jobs.get(nl).out());
        int agree = 0, maxDiff = 0;
        for (int c = 0; c < cases.size(); c++) {
            byte[] ours = ref.get(c)[nl - 1];
            byte[] theirs = Arrays.copyOfRange(whole, c * ours.length, (c + 1) * ours.length);
            if (argmax(ours) == argmax(theirs)) agree++;
            for (int i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
        }
        report.append(String.format(" end to end: top-1 agrees %d/%d, max softmax diff %d", agree, cases.size(), maxDiff));
        System.out.println(report);
        assertTrue(agree >= cases.size() - 1, report.toString());
    }

    static int argmax(byte[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    static List<byte[]> cases(Int8Model m) {
        List<byte[]> cases = new ArrayList<>();
        for (float[] f : TestModels.randomFeatures(2, 12)) cases.add(m.quantizeInput(f));
        Random r = new Random(3);
        byte[] noise = new byte[m.inputH() * m.inputW()];
        r.nextBytes(noise);
        cases.add(noise);
        byte[] hi = new byte[noise.length];
        Arrays.fill(hi, (byte) 127);
        cases.add(hi);
        byte[] lo = new byte[noise.length];
        Arrays.fill(lo, (byte) -128);
        cases.add(lo);
        return cases;
    }

    private void runArmnn(Path dir, List<Job> jobs) throws Exception {
        Path list = dir.resolve("jobs.txt");
        Files.write(list, jobs.stream().map(Job::line).toList());
        Path script = dir.resolve("armnn_run.py");
        try (InputStream s = getClass().getResourceAsStream("/scripts/armnn_run.py")) {
            Files.write(script, s.readAllBytes());
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), list.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "Arm NN timed out");
        assertEquals(0, p.exitValue(), "Arm NN failed:\n" + log);
    }
}
