package dev.tinykws.bench;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import be.tarsos.dsp.mfcc.MFCC;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.golden.Fixtures;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.features.mfcc.StreamingMfcc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * MFCC throughput on one thread, as × real time (seconds of audio per second of wall time),
 * ours side by side with TarsosDSP's {@code be.tarsos.dsp.mfcc.MFCC} on the same clips in the
 * same run. Plain harness (not a timed test): warm-up, then the median of repeated passes.
 *
 * <p>Usage: {@code MfccBench [repeats] [passesPerRepeat]} (defaults 15 and 40). Prints a Markdown
 * table on stdout.
 */
public final class MfccBench {

    private MfccBench() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        FrontendConfig cfg = FrontendConfig.defaults();
        List<float[]> clips = new ArrayList<>();
        for (Path p : Fixtures.materialize()) {
            clips.add(AudioIO.readMono16k(p));
        }
        double audioSeconds = clips.size() * passes * 1.0;

        ClipFeatures ours = new ClipFeatures(cfg);
        float[] sink = new float[1];
        Runnable oursClip = () -> {
            for (int i = 0; i < passes; i++) {
                for (float[] c : clips) {
                    sink[0] += ours.extract(c)[7];
                }
            }
        };
        Runnable oursStream = () -> {
            StreamingMfcc s = new StreamingMfcc(cfg, (i, c) -> sink[0] += c[1]);
            for (int i = 0; i < passes; i++) {
                for (float[] c : clips) {
                    s.reset();
                    for (int p = 0; p < c.length; p += 320) {
                        s.push(c, p, Math.min(320, c.length - p));
                    }
                }
            }
        };
        Runnable tarsos = () -> {
            try {
                for (int i = 0; i < passes; i++) {
                    for (float[] c : clips) {
                        AudioDispatcher d = AudioDispatcherFactory.fromFloatArray(c, 16000, 640, 320);
                        MFCC m = new MFCC(640, 16000, 10, 40, 20, 4000);
                        d.addAudioProcessor(m);
                        d.run();
                        sink[0] += m.getMFCC()[1];
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        String[] names = {"TinyKWS ClipFeatures.extract (MFCC + CMS, 49 frames/clip)",
                "TinyKWS StreamingMfcc (20 ms blocks)",
                "TarsosDSP MFCC(640,16000,10,40,20,4000) via AudioDispatcher"};
        Runnable[] runs = {oursClip, oursStream, tarsos};
        // warm-up: interleaved, ~3 rounds each
        for (int w = 0; w < 3; w++) {
            for (Runnable r : runs) {
                r.run();
            }
        }
        double[][] xrt = new double[runs.length][repeats];
        for (int rep = 0; rep < repeats; rep++) {
            for (int k = 0; k < runs.length; k++) { // interleave so load changes hit all alike
                long t0 = System.nanoTime();
                runs[k].run();
                long dt = System.nanoTime() - t0;
                xrt[k][rep] = audioSeconds / (dt / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "clips: %d fixtures x %d passes = %.0f s of audio per repeat, %d repeats, 1 thread%n%n",
                clips.size(), passes, audioSeconds, repeats);
        System.out.println("| implementation | median × real time | min | max | µs per 1 s clip (median) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (int k = 0; k < runs.length; k++) {
            double[] v = xrt[k].clone();
            Arrays.sort(v);
            double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "| %s | %.0f× | %.0f× | %.0f× | %.0f |%n", names[k], med, v[0], v[v.length - 1], 1e6 / med);
        }
        if (sink[0] == 12345.678f) {
            System.out.println("(sink)");
        }
    }
}
