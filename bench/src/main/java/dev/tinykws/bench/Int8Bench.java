package dev.tinykws.bench;

import dev.tinykws.export.TfliteWriter;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.FloatInference;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.golden.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * int8 reference inference in Java: latency per 1 s window (one inference over 49 frames),
 * against the float reference on the same machine, plus model size figures and float/int8
 * agreement. Writes bench/results/int8.md.
 *
 * <p>Run: {@code java -cp <bench + training-pipeline classpath> dev.tinykws.bench.Int8Bench [--quick]}
 */
public final class Int8Bench {

    private Int8Bench() { }

    record Row(String model, int params, int constBytes, int maxTensor, long macs, int tfliteBytes,
               double int8Ms, double floatMs, double quantizeMs, int agree, int total, double logitMae) { }

    public static void main(String[] args) throws IOException {
        boolean quick = Arrays.asList(args).contains("--quick");
        String load = loadAverage();
        int reps = quick ? 30 : 200;
        List<Row> rows = new ArrayList<>();
        rows.add(measure(TestModels.dsCnn(1), reps));
        rows.add(measure(TestModels.tinyConv(1), reps));

        StringBuilder md = new StringBuilder();
        md.append("## int8 quantization and Java int8 reference inference\n\n");
        md.append("Command: `java -cp bench/target/bench.jar:bench/target/lib/* dev.tinykws.bench.Int8Bench")
                .append(quick ? " --quick" : "").append("` (or `bench/run`).  \n");
        md.append("Machine: ").append(cpuModel()).append(", nproc ").append(Runtime.getRuntime().availableProcessors())
                .append(", Java ").append(System.getProperty("java.version")).append(", date ").append(LocalDate.now())
                .append(", load average at start ").append(load).append(" (shared machine: expect noise).  \n");
        md.append("Models: deterministic random models shaped like trained ones (`TestModels.dsCnn(1)`,"
                + " `TestModels.tinyConv(1)`), quantized with min-max calibration on 64 random MFCC-like windows."
                + " Latency = median of ").append(reps).append(" single-window inferences after warm-up, one thread;"
                + " one inference covers a 1 s window (49 frames x 10 MFCC). Agreement: top-1 of float vs int8 on"
                + " 200 other windows; logit MAE in float units.\n\n");
        md.append("| model | params | int8 constants (bytes) | largest tensor (bytes) | MACs / inference | .tflite bytes |"
                + " int8 Java median (ms) | float Java median (ms) | quantize (ms) | top-1 agreement | logit MAE |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.3f | %.3f | %.0f | %d/%d | %.4f |%n",
                    r.model(), r.params(), r.constBytes(), r.maxTensor(), r.macs(), r.tfliteBytes(), r.int8Ms(),
                    r.floatMs(), r.quantizeMs(), r.agree(), r.total(), r.logitMae()));
        }
        md.append("\nThe Java int8 path is a bit-exact reference (plain loops, no SIMD), not the device kernel:"
                + " the firmware's cost is measured on the Cortex-M4 model (see the firmware section).\n");
        System.out.print(md);
        Path root = Path.of(System.getProperty("tinykws.root", "."));
        Path out = root.resolve("bench/results/int8.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.err.println("wrote " + out);
    }

    static Row measure(FloatModel fm, int reps) {
        List<float[]> calib = TestModels.randomFeatures(100, 64);
        double[] qt = new double[quickCount(reps)];
        Int8Model q = null;
        for (int i = 0; i < qt.length; i++) {
            long t0 = System.nanoTime();
            q = Quantizer.quantize(fm, calib, Calibration.Options.minMax());
            qt[i] = (System.nanoTime() - t0) / 1e6;
        }
        FloatInference fi = new FloatInference(fm);
        List<float[]> test = TestModels.randomFeatures(200, 200);
        int agree = 0;
        double err = 0;
        final Int8Model qq = q;
        var lg = qq.layers().get(qq.layers().size() - 2);
        for (float[] f : test) {
            float[] logits = fi.logits(f);
            byte[] in = qq.quantizeInput(f);
            byte[] ql = qq.logits(in);
            if (argmax(logits) == argmax(qq.infer(in))) agree++;
            for (int i = 0; i < logits.length; i++) err += Math.abs((ql[i] - lg.outZp()) * lg.outScale() - logits[i]);
        }
        byte[][] inputs = test.stream().map(qq::quantizeInput).toArray(byte[][]::new);
        double int8Ms = median(reps, i -> qq.infer(inputs[i % inputs.length]));
        double floatMs = median(reps, i -> fi.infer(test.get(i % test.size())));
        return new Row(fm.architecture(), q.paramCount(), q.constantBytes(), q.maxTensorBytes(), q.macs(),
                TfliteWriter.toBytes(q, false).length, int8Ms, floatMs, median(qt), agree, test.size(),
                err / (test.size() * fm.labels().size()));
    }

    private static int quickCount(int reps) {
        return reps >= 100 ? 5 : 3;
    }

    interface Task {
        void run(int i);
    }

    static double median(int reps, Task t) {
        for (int i = 0; i < Math.max(20, reps / 4); i++) t.run(i); // warm-up
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            t.run(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static int argmax(float[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    static int argmax(byte[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
