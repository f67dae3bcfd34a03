package dev.tinykws.bench;

import dev.tinykws.detect.AudioDetection;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.golden.Fixtures;
import dev.tinykws.features.mfcc.StreamingMfcc;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.golden.TestModels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Streaming detection throughput of the {@code tinykws detect} pipeline: the trained model
 * package ({@code TINYKWS_BENCH_MODEL}, default {@code models/demo}; without one a
 * DS-CNN-S-shaped int8 model with random weights, same architecture and kernels) over a
 * synthetic stream (noise with the fixture keywords every 5 s), frontend only vs full pipeline.
 * Writes bench/results/stream.md. Usage: StreamBench [--quick]
 */
public final class StreamBench {

    private StreamBench() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = BenchSupport.quick(args);
        double minutes = quick ? 1 : 5;
        int reps = quick ? 3 : 5;
        String load = BenchSupport.loadAverage();
        Optional<Path> modelDir = BenchSupport.modelDir();
        ModelRuntime rt;
        String modelNote;
        String missing = null;
        if (modelDir.isPresent()) {
            ModelPackage pkg = ModelPackage.load(modelDir.get());
            rt = ModelRuntime.of(pkg, pkg.id());
            modelNote = String.format(Locale.ROOT, "The trained model package `%s` (model `%s`, %s, %d labels, int8)",
                    BenchSupport.display(modelDir.get()), pkg.id(), pkg.int8().architecture(), pkg.labels().size());
        } else {
            FrontendConfig f = FrontendConfig.defaults();
            Int8Model q = Quantizer.quantize(TestModels.dsCnn(1), TestModels.randomFeatures(2, 64), Calibration.Options.minMax());
            rt = new ModelRuntime("ds-cnn-s-random", f, q.labels(), DetectorConfig.defaults(), q::infer, null);
            modelNote = "A DS-CNN-S-shaped int8 model (random weights from `TestModels.dsCnn(1)`, the real"
                    + " architecture and integer kernels, 4 labels)";
            missing = BenchSupport.NO_MODEL;
        }
        FrontendConfig f = rt.frontend();

        SplittableRandom r = new SplittableRandom(3);
        float[] audio = new float[(int) (minutes * 60 * 16000)];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (r.nextGaussian() * 0.01);
        }
        List<float[]> words = new ArrayList<>();
        for (Path p : Fixtures.materialize()) {
            words.add(AudioIO.readMono16k(p));
        }
        int inserted = 0;
        for (int at = 2 * 16000; at + 16000 <= audio.length; at += 5 * 16000) {
            float[] w = words.get(inserted++ % words.size());
            for (int i = 0; i < Math.min(16000, w.length); i++) {
                audio[at + i] += w[i];
            }
        }
        // warm-up
        AudioDetection.run(new ArrayAudioSource(Arrays.copyOf(audio, 16000 * 20), 16000), rt, d -> { });

        List<Double> full = new ArrayList<>();
        List<Double> frontend = new ArrayList<>();
        long inferences = 0;
        int detections = 0;
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
            detections = s.detections();
        }
        double audioSec = audio.length / 16000.0;
        double fullMed = BenchSupport.median(full);
        double feMed = BenchSupport.median(frontend);
        double perInferenceMs = (fullMed - feMed) * 1000 / inferences;
        StringBuilder md = new StringBuilder();
        md.append("## Streaming detection (`tinykws detect` pipeline)\n\n");
        md.append("Command: ").append(BenchSupport.command("StreamBench", quick)).append(".  \n");
        md.append("Machine: ").append(BenchSupport.machine()).append(", shared with other jobs (load average at start ")
                .append(load).append("). Date: ").append(BenchSupport.now()).append(".\n\n");
        if (missing != null) {
            md.append("Trained model: ").append(missing).append("; measured the random-weight stand-in instead (same cost).\n\n");
        }
        md.append(String.format(Locale.ROOT, """
                %s over %.0f s of synthetic audio (low noise with the %d fixture keyword clips inserted every 5 s,
                %d insertions), %s frontend (%d ms window, %d ms hop, %d×%d MFCC) and detector (one inference per
                %d ms). Medians of %d runs after a 20 s warm-up, single thread.

                | stage | wall time for %.0f s of audio | real-time factor |
                | --- | --- | --- |
                | streaming MFCC only (baseline) | %.2f s | %.0f× |
                | MFCC + CMS + int8 model + detector | %.2f s | %.0f× |
                | int8 inference (difference / %d inferences) | %.2f ms per inference | |

                The full pipeline raised %d detections on this stream (a sanity check, not an accuracy figure:
                see the quality section). The int8 figure is the Java reference kernels (`Int8Model.infer`,
                plain integer loops), not an optimized runtime; on a shared machine the real-time factors
                are pessimistic.

                Memory does not grow with the input: `tinykws detect` reads 4096-sample blocks and keeps
                only 49 frames and the 64-entry detector queue.
                """, modelNote, audioSec, words.size(), inserted, missing == null ? "the model's" : "default",
                f.windowMs(), f.hopMs(), f.framesPerClip(), f.numCoefficients(), rt.detector().strideFrames() * f.hopMs(), reps,
                audioSec, feMed, audioSec / feMed, fullMed, audioSec / fullMed, inferences, perInferenceMs, detections));
        BenchSupport.writeResult("stream", md.toString());
        System.out.print(md);
    }
}
