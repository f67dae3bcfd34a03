package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.synth.ClipShaper;
import dev.tinykws.dataset.synth.Engines;
import dev.tinykws.dataset.synth.SynthOptions;
import dev.tinykws.dataset.synth.Synthesizer;
import dev.tinykws.dataset.synth.Tts;
import dev.tinykws.dataset.synth.WordLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tinykws dataset synth}. */
@Command(name = "synth", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the dataset has clips", "1:no clip could be made (no engine, a folder that cannot be written)",
                "2:usage error: unknown option, bad value, missing required option"},
        description = {"Synthesize a keyword dataset with text-to-speech engines.",
                "Every keyword by every synthetic speaker",
                "(engine x voice x variant x pitch/speed), unknown words (common words + near-misses of each",
                "keyword) by a sample of speakers, and white/pink/brown background noise.",
                "Engines: freetts (embedded, always available), espeak (espeak-ng), flite, festival when installed.",
                "Writes the clips into --out and dataset.json with everything needed to rebuild; resumable: clips already "
                        + "present are kept."})
public final class SynthCommand implements Callable<Integer> {

    /** Pitch/speed settings per base voice (each one a speaker). */
    public static final int DEFAULT_PER_VOICE = 3;
    /** espeak-ng variants per English voice. */
    public static final int DEFAULT_ESPEAK_VARIANTS = 3;

    @Option(names = "--keywords", split = ",", description = "Keywords, comma-separated (default: ${DEFAULT-VALUE}).",
            defaultValue = "yes,no,up,down,left,right,on,off,stop,go")
    List<String> keywords;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to create or complete.")
    Path out;

    @Option(names = "--engines", split = ",", description = "Engines to use: freetts, espeak, flite, festival (default: all available).")
    List<String> engines = new ArrayList<>();

    @Option(names = "--per-voice", defaultValue = "" + DEFAULT_PER_VOICE, description = "Pitch/speed settings per voice, each a speaker (default: ${DEFAULT-VALUE}).")
    int perVoice;

    @Option(names = "--espeak-variants", defaultValue = "" + DEFAULT_ESPEAK_VARIANTS, description = "Variants per English voice for espeak-ng, 1..~99 (default: ${DEFAULT-VALUE}).")
    int espeakVariants;

    @Option(names = "--unknown-speakers", defaultValue = "8", description = "Speakers per unknown word (default: ${DEFAULT-VALUE}).")
    int unknownSpeakers;

    @Option(names = "--common-words", defaultValue = "40", description = "Built-in common words used as unknown words, 0..40 (default: ${DEFAULT-VALUE}).")
    int commonWords;

    @Option(names = "--near-misses", defaultValue = "3", description = "Near-miss words per keyword, e.g. 'hey tony' for 'hey tiny' (default: ${DEFAULT-VALUE}).")
    int nearMisses;

    @Option(names = "--jobs", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer jobs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--placement", defaultValue = "centre", description = "Word position in the 1 s window: centre or random (default: ${DEFAULT-VALUE}).")
    String placement;

    @Option(names = "--max-compression", defaultValue = "1.35", description = "Longest utterance accepted, in seconds of speech per 1 s clip; longer ones are rejected, 1..this are time-compressed (default: ${DEFAULT-VALUE}).")
    double maxCompression;

    @Option(names = "--noise-length", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Length of each generated white/pink/brown noise file, whole seconds, 0s for none (default: ${DEFAULT-VALUE}).")
    Duration noiseLength;

    @Option(names = "--noise", description = "Folder of your own background recordings (WAV, any rate/channels) to convert into _background_noise_; repeatable.")
    List<Path> noiseDirs = new ArrayList<>();

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    boolean noProgress;

    @Option(names = "--list-engines", description = "Only print which engines are available and how many speakers each gives.")
    boolean listEngines;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (listEngines) {
            for (Tts t : Engines.all()) {
                int n = t.available() ? Synthesizer.speakers(List.of(t), perVoice, espeakVariants, seed).size() : 0;
                out.printf(Locale.ROOT, "%-9s %-11s %4d speakers  %s%n", t.name(), t.available() ? "available" : "missing",
                        n, t.version());
            }
            return 0;
        }
        SynthOptions o = options();
        Synthesizer.Report r;
        try {
            r = new Synthesizer(o).run();
        } catch (DatasetException e) {
            System.err.println("tinykws dataset synth: " + e.getMessage());
            return 1;
        }
        printReport(out, r);
        return r.made() + r.skipped() > 0 ? 0 : 1;
    }

    private Path out() {
        return out;
    }

    /** The synthesis these parsed options ask for (also used by {@code tinykws demo} for its --synth-arg values). */
    public SynthOptions options() {
        ClipShaper.Placement pl = switch (placement.toLowerCase(Locale.ROOT)) {
            case "centre", "center" -> ClipShaper.Placement.CENTRE;
            case "random" -> ClipShaper.Placement.RANDOM;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--placement must be centre or random, got " + placement);
        };
        List<String> kws = keywords.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        kws.forEach(WordLists::folderOf);
        return new SynthOptions(kws, out(), engines, perVoice, espeakVariants, unknownSpeakers,
                commonWords, nearMisses, jobs == null ? Runtime.getRuntime().availableProcessors() : jobs, seed, pl,
                maxCompression, (int) noiseLength.toSeconds(), noiseDirs, !noProgress);
    }

    /** Parses {@code tinykws dataset synth} arguments into options (picocli usage errors propagate). */
    public static SynthOptions parseOptions(String... args) {
        SynthCommand c = new SynthCommand();
        new picocli.CommandLine(c).parseArgs(args);
        return c.options();
    }

    /** Prints the per-engine table of a synthesis report. */
    public static void printReport(PrintStream out, Synthesizer.Report r) {
        out.printf(Locale.ROOT, "%-10s %8s %9s %9s %8s %9s%n", "engine", "speakers", "clips", "rejected", "seconds", "clips/s");
        for (Map.Entry<String, Integer> e : r.speakersPerEngine().entrySet()) {
            String k = e.getKey();
            int clips = r.clipsPerEngine().getOrDefault(k, 0);
            double s = r.engineSeconds().getOrDefault(k, 0.0);
            out.printf(Locale.ROOT, "%-10s %8d %9d %9d %8.1f %9s%n", k, e.getValue(), clips,
                    r.rejectedPerEngine().getOrDefault(k, 0), s, s > 0 ? String.format(Locale.ROOT, "%.1f", clips / s) : "-");
        }
        out.println();
        out.printf(Locale.ROOT, "%-24s %6s%n", "word", "clips");
        r.clipsPerWord().forEach((w, n) -> out.printf(Locale.ROOT, "%-24s %6d%n", w, n));
        out.printf(Locale.ROOT, "%ntotal: %d clips made, %d already present, %d rejected, %.1f s wall%n", r.made(),
                r.skipped(), r.rejected(), r.seconds());
        if (!r.missingEngines().isEmpty()) {
            out.println("engines not installed (skipped): " + String.join(", ", r.missingEngines()));
        }
        r.rejections().stream().limit(10).forEach(s -> out.println("rejected: " + s));
        if (r.rejections().size() > 10) {
            out.println("... " + (r.rejections().size() - 10) + " more rejections in dataset.json");
        }
    }
}
