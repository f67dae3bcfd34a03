package dev.tinykws.bench;

import dev.tinykws.dataset.synth.ClipShaper;
import dev.tinykws.dataset.synth.Engines;
import dev.tinykws.dataset.synth.SynthOptions;
import dev.tinykws.dataset.synth.Synthesizer;
import dev.tinykws.dataset.synth.Tts;
import dev.tinykws.dataset.synth.WordLists;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Dataset synthesis throughput: clips/s per engine (the 10 default keywords, 1 and 2 worker
 * threads, median of repeated runs), distinct speakers per engine at the default and the
 * largest settings, and the wall time of the default demo dataset. Writes
 * {@code bench/results/dataset.md}. Usage: {@code SynthBench [--quick]} (quick: one run of each).
 */
public final class SynthBench {
    private static final SynthOptions D = SynthOptions.defaults(WordLists.DEFAULT_KEYWORDS, Path.of("."));

    public static void main(String[] args) throws IOException {
        boolean quick = Arrays.asList(args).contains("--quick");
        int reps = quick ? 1 : 3;
        String loadStart = loadAvg();
        StringBuilder md = new StringBuilder("## Dataset synthesis (`tinykws dataset synth`)\n\n");
        md.append("Command: ").append(BenchSupport.command("SynthBench", quick)).append(".  \n");
        md.append(String.format(Locale.ROOT, "Machine: %s. Date: %s. Throughput: medians of %d runs.%n%n",
                BenchSupport.machine(), BenchSupport.now(), reps));

        md.append("### Speakers per engine\n\n| engine | available | base voices | speakers at defaults (`--per-voice 3 --espeak-variants 3`) "
                + "| speakers at `--per-voice 3 --espeak-variants 99` | version |\n|---|---|---|---|---|---|\n");
        for (Tts t : Engines.all()) {
            boolean ok = t.available();
            int def = ok ? Synthesizer.speakers(List.of(t), D.perVoice(), D.espeakVariants(), 1).size() : 0;
            int max = ok ? Synthesizer.speakers(List.of(t), D.perVoice(), 99, 1).size() : 0;
            int bases = ok ? (int) t.baseVoices().stream().map(Tts.BaseVoice::voice).distinct().count() : 0;
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s |%n", t.name(), ok ? "yes" : "no", bases, def,
                    max, t.version().replace("|", "/")));
        }

        md.append("\n### Throughput per engine\n\nThe 10 default keywords × a fixed set of speakers, written as 1 s 16 kHz "
                + "PCM16 clips (synthesis, resampling, trimming, placement, WAV write).\n\n"
                + "| engine | speakers | clips | clips/s, 1 thread | clips/s, 2 threads |\n|---|---|---|---|---|\n");
        for (Tts t : Engines.all()) {
            if (!t.available()) {
                continue;
            }
            int perVoice = switch (t.name()) {
                case "espeak" -> 1;
                case "festival" -> 3;
                default -> 2;
            };
            int speakers = Synthesizer.speakers(List.of(t), perVoice, 1, 1).size();
            double[] one = new double[reps];
            double[] two = new double[reps];
            int clips = 0;
            for (int r = 0; r < reps; r++) {
                Synthesizer.Report a = run(List.of(t.name()), perVoice, 1, 1, 0, 0, 0);
                Synthesizer.Report b = run(List.of(t.name()), perVoice, 1, 2, 0, 0, 0);
                one[r] = a.made() / a.seconds();
                two[r] = b.made() / b.seconds();
                clips = a.made();
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |%n", t.name(), speakers, clips, median(one),
                    median(two)));
        }

        md.append("\n### The default demo dataset\n\n`tinykws dataset synth --out DIR --jobs 2` (defaults: 10 keywords, "
                + "40 common words, 3 near-misses per keyword, 8 speakers per unknown word, 3 × 30 s of noise), every available engine:\n\n");
        double[] wall = new double[quick ? 1 : 2];
        Synthesizer.Report last = null;
        for (int r = 0; r < wall.length; r++) {
            last = run(List.of(), D.perVoice(), D.espeakVariants(), 2, D.unknownSpeakers(), D.commonWords(), D.nearMisses());
            wall[r] = last.seconds();
        }
        md.append("| engine | speakers | clips |\n|---|---|---|\n");
        for (Map.Entry<String, Integer> e : last.speakersPerEngine().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", e.getKey(), e.getValue(),
                    last.clipsPerEngine().getOrDefault(e.getKey(), 0)));
        }
        md.append(String.format(Locale.ROOT, "%nTotal: %d clips in %d word folders (+ `_background_noise_`), %d rejected; "
                        + "wall time median %.1f s on 2 threads (target ≤ 120 s).%n", last.made(), last.clipsPerWord().size(),
                last.rejected(), median(wall)));
        if (!last.rejections().isEmpty()) {
            md.append("\nRejections (reason recorded in dataset.json), e.g.: `").append(last.rejections().get(0)).append("`\n");
        }
        int augReps = quick ? 1 : 3;
        md.append(String.format(Locale.ROOT, "%n### Augmentation cost%n%n`Augmenter.apply` with `AugmentConfig.defaults()` "
                + "on a 1 s clip, one thread, after 300 warm-up calls: median of %d × 1000 calls **%.2f ms/clip** "
                + "(load average %s). Reverberation (two 32k-point FFTs for the convolution) is most of it.%n",
                augReps, augmentMsPerClip(augReps), loadAvg()));
        md.append(String.format(Locale.ROOT, "%nLoad average (1 min) at start / end: %s / %s — the machine is shared, "
                + "so absolute rates vary between runs by 2-4x; compare engines within one run.%n", loadStart, loadAvg()));
        BenchSupport.writeResult("dataset", md.toString());
        System.out.print(md);
    }

    static Synthesizer.Report run(List<String> engines, int perVoice, int espeakVariants, int jobs, int unknownSpeakers,
                                  int commonWords, int nearMisses) throws IOException {
        Path dir = Files.createTempDirectory("tinykws-synthbench-");
        try {
            SynthOptions o = new SynthOptions(WordLists.DEFAULT_KEYWORDS, dir, engines, perVoice, espeakVariants,
                    unknownSpeakers, commonWords, nearMisses, jobs, 1, ClipShaper.Placement.CENTRE, 1.35,
                    engines.isEmpty() ? 30 : 0, List.of(), false);
            return new Synthesizer(o).run();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double augmentMsPerClip(int reps) {
        java.util.Random r = new java.util.Random(1);
        float[] x = new float[16000];
        float[] bg = new float[16000 * 30];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        for (int i = 0; i < bg.length; i++) {
            bg[i] = (float) (0.1 * r.nextGaussian());
        }
        dev.tinykws.augment.Augmenter aug = new dev.tinykws.augment.Augmenter(
                dev.tinykws.augment.AugmentConfig.defaults(), List.of(bg));
        for (int i = 0; i < 300; i++) {
            aug.apply(x, r);
        }
        double[] ms = new double[reps];
        for (int k = 0; k < reps; k++) {
            long t = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                aug.apply(x, r);
            }
            ms[k] = (System.nanoTime() - t) / 1e6 / 1000;
        }
        return median(ms);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String loadAvg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
