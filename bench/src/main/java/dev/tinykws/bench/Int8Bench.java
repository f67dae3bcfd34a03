package dev.tinykws.bench;

import dev.tinykws.export.TfliteWriter;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.golden.Fixtures;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.eval.ConfusionMatrix;
import dev.tinykws.eval.EvaluationResult;
import dev.tinykws.eval.Evaluator;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.FloatInference;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.golden.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * int8 reference inference in Java: latency per 1 s window (one inference over 49 frames),
 * against the float reference on the same machine, plus model size figures and float/int8
 * agreement; with a trained model package ({@code TINYKWS_BENCH_MODEL}, default {@code models/demo})
 * the same for it plus its float vs int8 accuracy. Writes bench/results/int8.md.
 *
 * <p>Run: {@code java -cp <bench + training-pipeline classpath> dev.tinykws.bench.Int8Bench [--quick]}
 */
public final class Int8Bench {

    private Int8Bench() { }

    record Row(String model, int params, int constBytes, int maxTensor, long macs, int tfliteBytes,
               double int8Ms, double floatMs, double quantizeMs, int agree, int total, double logitMae) { }

    public static void main(String[] args) throws IOException {
        boolean quick = BenchSupport.quick(args);
        String load = BenchSupport.loadAverage();
        int reps = quick ? 30 : 200;
        List<Row> rows = new ArrayList<>();
        rows.add(measure(TestModels.dsCnn(1), reps));
        rows.add(measure(TestModels.tinyConv(1), reps));
        Optional<Path> modelDir = BenchSupport.modelDir();
        Trained trained = null;
        String trainedError = null;
        if (modelDir.isPresent()) {
            try {
                trained = measureTrained(ModelPackage.load(modelDir.get()), reps);
                rows.add(trained.row());
            } catch (RuntimeException e) {
                trainedError = modelDir.get() + ": " + e.getMessage();
            }
        }

        StringBuilder md = new StringBuilder();
        md.append("## int8 quantization and Java int8 reference inference\n\n");
        md.append("Command: ").append(BenchSupport.command("Int8Bench", quick)).append(".  \n");
        md.append("Machine: ").append(BenchSupport.machine()).append(". Date: ").append(BenchSupport.now())
                .append(". Load average at start ").append(load).append(" (shared machine: expect noise).  \n");
        md.append("Models: deterministic random models shaped like trained ones (`TestModels.dsCnn(1)`,"
                + " `TestModels.tinyConv(1)`), quantized with min-max calibration on 64 random MFCC-like windows");
        if (trained != null) {
            md.append(", and the trained package `").append(BenchSupport.display(modelDir.get())).append("` (model `")
                    .append(trained.id()).append("`, quantized when it was trained)");
        }
        md.append(". Latency = median of ").append(reps).append(" single-window inferences after warm-up, one thread;"
                + " one inference covers a 1 s window (49 frames x 10 MFCC). Agreement: top-1 of float vs int8 on"
                + " 200 other random windows (random models) or on the windows of the bundled fixture speech"
                + " (trained model); logit MAE in float units.\n\n");
        md.append("| model | params | int8 constants (bytes) | largest tensor (bytes) | MACs / inference | .tflite bytes |"
                + " int8 Java median (ms) | float Java median (ms) | quantize (ms) | top-1 agreement | logit MAE |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.3f | %.3f | %s | %d/%d | %.4f |%n",
                    r.model(), r.params(), r.constBytes(), r.maxTensor(), r.macs(), r.tfliteBytes(), r.int8Ms(),
                    r.floatMs(), Double.isNaN(r.quantizeMs()) ? "—" : String.format(Locale.ROOT, "%.0f", r.quantizeMs()),
                    r.agree(), r.total(), r.logitMae()));
        }
        md.append("\nThe Java int8 path is a bit-exact reference (plain loops, no SIMD), not the device kernel:"
                + " the firmware's cost is measured on the Cortex-M4 model (see the firmware section).\n");

        md.append("\n### Accuracy of the trained model, float vs int8\n\n");
        if (trained == null) {
            md.append(trainedError != null ? "Could not load the trained model (" + trainedError + "); " : "Skipped: ")
                    .append(BenchSupport.NO_MODEL).append(".\n");
        } else {
            Map<String, Object> m = trained.metrics();
            md.append("Test-split figures recorded in the package's `model.json` by `tinykws train`:\n\n");
            md.append("| metric | float | int8 |\n| --- | ---: | ---: |\n");
            md.append("| test accuracy | ").append(pct(m.get("floatTestAccuracy"))).append(" | ")
                    .append(pct(m.get("int8TestAccuracy"))).append(" |\n");
            md.append("| test macro F1 | ").append(pct(m.get("floatTestMacroF1"))).append(" | ")
                    .append(pct(m.get("int8TestMacroF1"))).append(" |\n");
            md.append("\nTest clips: ").append(m.getOrDefault("testClips", "?")).append("; dataset fingerprint `")
                    .append(m.getOrDefault("datasetFingerprint", "?")).append("`.\n\n");
            md.append(evaluateOnDataset(modelDir.get(), m));
            md.append(String.format(Locale.ROOT, "Measured in this run on the %d bundled fixture clips (`datasets/fixtures`,"
                    + " one keyword each): float top-1 correct %d/%d, int8 top-1 correct %d/%d, float/int8 top-1 agreement"
                    + " on %d sliding 1 s windows over the fixture speech: %d/%d.%n", trained.fixtureClips(),
                    trained.floatCorrect(), trained.fixtureClips(), trained.int8Correct(), trained.fixtureClips(),
                    trained.row().total(), trained.row().agree(), trained.row().total()));
            md.append("\n| fixture | expected | float top-1 | int8 top-1 |\n| --- | --- | --- | --- |\n");
            for (String[] f : trained.perClip()) {
                md.append("| ").append(String.join(" | ", f)).append(" |\n");
            }
        }
        System.out.print(md);
        BenchSupport.writeResult("int8", md.toString());
    }

    record Trained(String id, Row row, Map<String, Object> metrics, int fixtureClips, int floatCorrect, int int8Correct,
                   List<String[]> perClip) { }

    /** Latency and float/int8 agreement of a trained package on the fixture speech. */
    static Trained measureTrained(ModelPackage pkg, int reps) throws IOException {
        Int8Model q = pkg.int8();
        FloatInference fi = new FloatInference(pkg.floatModel());
        ClipFeatures cf = new ClipFeatures(pkg.frontend());
        List<Path> fixtures = Fixtures.materialize();
        List<float[]> clips = new ArrayList<>();
        for (Path p : fixtures) {
            clips.add(AudioIO.readMono16k(p));
        }
        List<String> labels = pkg.labels();
        int floatOk = 0;
        int int8Ok = 0;
        List<String[]> perClip = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            String name = fixtures.get(i).getFileName().toString();
            String expected = name.substring(0, name.indexOf('_'));
            float[] f = cf.extract(clips.get(i));
            String fl = labels.get(argmax(fi.logits(f)));
            String il = labels.get(argmax(q.infer(q.quantizeInput(f))));
            floatOk += fl.equals(expected) ? 1 : 0;
            int8Ok += il.equals(expected) ? 1 : 0;
            perClip.add(new String[] {name, expected, fl, il});
        }
        // sliding 1 s windows (100 ms stride) over the fixtures back to back
        float[] stream = new float[clips.size() * 16000];
        for (int i = 0; i < clips.size(); i++) {
            System.arraycopy(clips.get(i), 0, stream, i * 16000, Math.min(16000, clips.get(i).length));
        }
        List<float[]> windows = new ArrayList<>();
        for (int off = 0; off + 16000 <= stream.length; off += 1600) {
            windows.add(cf.extract(Arrays.copyOfRange(stream, off, off + 16000)));
        }
        int agree = 0;
        double err = 0;
        var lg = q.layers().get(q.layers().size() - 2);
        for (float[] f : windows) {
            float[] logits = fi.logits(f);
            byte[] in = q.quantizeInput(f);
            byte[] ql = q.logits(in);
            if (argmax(logits) == argmax(q.infer(in))) agree++;
            for (int i = 0; i < logits.length; i++) err += Math.abs((ql[i] - lg.outZp()) * lg.outScale() - logits[i]);
        }
        byte[][] inputs = windows.stream().map(q::quantizeInput).toArray(byte[][]::new);
        double int8Ms = median(reps, i -> q.infer(inputs[i % inputs.length]));
        double floatMs = median(reps, i -> fi.infer(windows.get(i % windows.size())));
        int tflite = Files.isRegularFile(pkg.tflite()) ? (int) Files.size(pkg.tflite()) : TfliteWriter.toBytes(q, false).length;
        Row row = new Row("trained " + pkg.id() + " (" + q.architecture() + ", " + labels.size() + " labels)",
                q.paramCount(), q.constantBytes(), q.maxTensorBytes(), q.macs(), tflite, int8Ms, floatMs, Double.NaN,
                agree, windows.size(), err / (windows.size() * labels.size()));
        return new Trained(pkg.id(), row, pkg.metrics(), clips.size(), floatOk, int8Ok, perClip);
    }

    /**
     * Float and int8 accuracy re-measured on the test split of the dataset named by
     * {@code TINYKWS_BENCH_DATA} (default {@code work/demo/dataset}, what {@code tinykws demo} writes).
     */
    static String evaluateOnDataset(Path modelDir, Map<String, Object> recorded) {
        String env = System.getenv("TINYKWS_BENCH_DATA");
        Path data = env != null && !env.isBlank() ? BenchSupport.root().resolve(env) : BenchSupport.root().resolve("work/demo/dataset");
        if (!Files.isRegularFile(data.resolve("dataset.json")) && !Files.isDirectory(data)) {
            return "Not re-measured in this run: no dataset at `" + BenchSupport.display(data) + "` (set TINYKWS_BENCH_DATA "
                    + "to the dataset the model was trained on, or run `./tinykws demo`).\n\n";
        }
        try {
            long t0 = System.nanoTime();
            EvaluationResult r = Evaluator.run(ModelPackage.load(modelDir), DatasetIndex.load(data), Split.TEST);
            double sec = (System.nanoTime() - t0) / 1e9;
            int clips = r.wordCounts().values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Re-measured in this run with `Evaluator` (as `tinykws"
                    + " evaluate --model %s --data %s --split test`): every test-split clip of the dataset, %d clips, unknown"
                    + " words scored as `_unknown_`; %.1f s:%n%n",
                    BenchSupport.display(modelDir), BenchSupport.display(data), clips, sec));
            sb.append("| variant | test accuracy | macro F1 |\n| --- | ---: | ---: |\n");
            for (Map.Entry<String, ConfusionMatrix> e : r.byVariant().entrySet()) {
                sb.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", e.getKey(), 100 * e.getValue().accuracy(),
                        100 * e.getValue().macroF1()));
            }
            if (!r.skipped().isEmpty()) {
                sb.append("\n").append(r.skipped().size()).append(" clips could not be read and were skipped.\n");
            }
            ConfusionMatrix i8 = r.byVariant().get("int8");
            if (i8 != null && recorded.get("int8TestAccuracy") instanceof Number n) {
                sb.append(Math.abs(n.doubleValue() - i8.accuracy()) < 5e-4
                        ? "\nThe int8 accuracy matches the figure recorded at training time (same dataset and split).\n"
                        : "\nThe int8 accuracy differs from the figure recorded at training time: the dataset at this path is"
                          + " not the one the model was trained on, or it changed since.\n");
            }
            return sb.append("\n").toString();
        } catch (RuntimeException e) {
            return "Not re-measured: evaluating on `" + BenchSupport.display(data) + "` failed (" + e.getMessage() + ").\n\n";
        }
    }

    private static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f%%", 100 * n.doubleValue()) : "—";
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
        for (int i = 0; i < Math.max(50, reps / 2); i++) t.run(i); // warm-up (JIT)
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
}
