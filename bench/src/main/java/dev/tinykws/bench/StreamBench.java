package dev.tinykws.bench;

import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.features.mfcc.StreamingMfcc;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.golden.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Streaming detection throughput: a DS-CNN-S-shaped int8 model (random weights, the real
 * architecture and kernels) over a synthetic stream, frontend only vs full pipeline.
 * Writes bench/results/stream.md. Usage: StreamBench [--quick]
 */
public final class StreamBench {

    public static void main(String[] args) throws IOException {
        boolean quick = Arrays.asList(args).contains("--quick");
        double minutes = quick ? 1 : 5;
        int reps = quick ? 3 : 5;
        FrontendConfig f = FrontendConfig.defaults();
        Int8Model q = Quantizer.quantize(TestModels.dsCnn(1), TestModels.randomFeatures(2, 64), Calibration.Options.minMax());
        ModelRuntime rt = new ModelRuntime("ds-cnn-s-random", f, q.labels(), DetectorConfig.defaults(), q::infer, null);

        SplittableRandom r = new SplittableRandom(3);
        float[] audio = new float[(int) (minutes * 60 * 16000)];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (r.nextGaussian() * 0.05);
        }
        // warm-up
        AudioDetection.run(new ArrayAudioSource(Arrays.copyOf(audio, 16000 * 20), 16000), rt, d -> { });

        List<Double> full = new ArrayList<>();
        List<Double> frontend = new ArrayList<>();
        long inferences = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            long[] frames = {0};
            StreamingMfcc m = new StreamingMfcc(f, (k, c) -> frames[0]++);
            for (int p = 0; p < audio.length; p += 4096) {
                m.push(audio, p, Math.min(4096, audio.length - p));
            }
            frontend.add((System.nanoTime() - t0) / 1e9);
            AudioDetection.Summary s = AudioDetection.run(new ArrayAudioSource(audio, 16000), rt, d -> { });
            full.add(s.seconds());
            inferences = s.inferences();
        }
        double audioSec = audio.length / 16000.0;
        double fullMed = median(full);
        double feMed = median(frontend);
        double perInferenceMs = (fullMed - feMed) * 1000 / inferences;
        String cpu = cpuModel();
        String md = String.format(Locale.ROOT, """
                ## Streaming detection (`tinykws detect` pipeline)

                Command: `java -cp bench/target/bench.jar:bench/target/lib/* dev.tinykws.bench.StreamBench%s`
                (%s). Machine: %d cores visible (`nproc`), %s, shared with other jobs. Date: %s.

                A DS-CNN-S-shaped int8 model (random weights from `TestModels.dsCnn(1)`, the real
                architecture and integer kernels, 4 labels) over %.0f s of synthetic audio, default
                frontend (40 ms window, 20 ms hop, 49×10 MFCC) and detector (one inference per 100 ms).
                Medians of %d runs after a 20 s warm-up, single thread.

                | stage | wall time for %.0f s of audio | real-time factor |
                | --- | --- | --- |
                | streaming MFCC only | %.2f s | %.0f× |
                | MFCC + CMS + int8 DS-CNN-S + detector | %.2f s | %.0f× |
                | int8 inference (difference / %d inferences) | %.2f ms per inference | |

                Memory does not grow with the input: `tinykws detect` reads 4096-sample blocks and keeps
                only 49 frames and the 64-entry detector queue.
                """, quick ? " --quick" : "", quick ? "quick run" : "full run", Runtime.getRuntime().availableProcessors(),
                cpu, java.time.LocalDate.now(), audioSec, reps, audioSec, feMed, audioSec / feMed, fullMed,
                audioSec / fullMed, inferences, perInferenceMs);
        Path out = Path.of(System.getProperty("tinykws.root", ".")).resolve("bench/results/stream.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.print(md);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
