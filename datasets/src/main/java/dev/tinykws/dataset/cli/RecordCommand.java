package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.record.ClipPlayback;
import dev.tinykws.dataset.record.GuidedSession;
import dev.tinykws.dataset.record.Recorder;
import dev.tinykws.dataset.synth.WordLists;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.FileAudioSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws dataset record}. */
@Command(name = "record", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every clip asked for was saved", "1:fewer clips were saved (see the takes on stdout)",
                "2:usage error: unknown option, bad value, missing required option; also a microphone or --input "
                        + "that cannot be read"},
        description = {"Record keyword clips from the PC microphone (or a long WAV).",
                "Guided session with --keywords: the room background (--background), each keyword in turn "
                        + "(--count each), everyday non-keyword words (--other-words), re-takes until a take is good, "
                        + "instant playback, and counts per keyword for you and for everybody at the end.",
                "Reads the microphone (or --input FILE), prompts for each",
                "take, detects the utterance with an energy gate, writes the 1 s window around it as",
                "<out>/<keyword>/<speaker>_nohash_<n>.wav, and rejects silent, too short, too long, too quiet or clipped",
                "takes with a reason.",
                "Prints the takes and the counts per keyword."})
public final class RecordCommand implements Callable<Integer> {

    @Option(names = "--keyword", description = "The keyword to say, e.g. \"hey tiny\" (one keyword, no guidance).")
    String keyword;

    @Option(names = "--keywords", split = ",", paramLabel = "WORD",
            description = "Guided session over these keywords, e.g. \"hey tiny\",stop.")
    List<String> keywords;

    @Option(names = "--other-words", split = ",", paramLabel = "WORD",
            description = "Guided: everyday words that are NOT keywords, recorded into their own folders (training "
                    + "uses them as _unknown_) (default: hello,water,today,thanks,morning,music,later,maybe).")
    List<String> otherWords;

    @Option(names = "--other-count", defaultValue = "2",
            description = "Guided: clips per non-keyword word (default: ${DEFAULT-VALUE}; 0 = none).")
    int otherCount;

    @Option(names = "--background", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Guided: room background to record first, into _background_noise_/ (default: ${DEFAULT-VALUE}; 0s = none).")
    Duration background;

    @Option(names = "--no-playback", description = "Guided: do not play each saved take back.")
    boolean noPlayback;

    @Option(names = "--count", defaultValue = "30", description = "Clips to save (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder.")
    Path out;

    @Option(names = "--speaker", required = true, description = "Your speaker id: letters, digits, '-' (all your clips share it, so they stay in one split).")
    String speaker;

    @Option(names = "--input", paramLabel = "FILE", description = "Read this WAV (any rate/channels, resampled to 16 kHz mono on the fly) instead of the microphone.")
    Path input;

    @Option(names = "--timeout", defaultValue = "4s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to wait for speech before a take counts as silent (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--max-takes", paramLabel = "N",
            description = "Takes allowed: with --keywords per prompt, before the session moves on to the next one; "
                    + "with --keyword in all, then recording stops (default: 5 per prompt with --keywords, "
                    + "2 x --count + 10 with --keyword).")
    Integer maxTakes;

    @Override
    public Integer call() {
        if ((keyword == null) == (keywords == null || keywords.isEmpty())) {
            System.err.println("tinykws dataset record: pass either --keyword WORD or --keywords WORD,WORD,... (guided)");
            return 2;
        }
        if (keywords != null && !keywords.isEmpty()) {
            return guided();
        }
        try {
            Recorder r = new Recorder(keyword.strip(), WordLists.folderOf(keyword), speaker, out, timeout.toMillis() / 1000.0,
                    System.err::println);
            List<Recorder.Take> takes;
            if (input != null) {
                try (FileAudioSource file = new FileAudioSource(input)) {
                    takes = r.record(MicrophoneSupport.adapt(file), count, maxTakes());
                }
            } else {
                MicrophoneSupport.Opened mic = MicrophoneSupport.open();
                try {
                    System.err.println("recording from the default microphone; Ctrl-C to stop");
                    takes = r.record(mic.source(), count, maxTakes());
                } finally {
                    try {
                        mic.closer().close();
                    } catch (Exception e) {
                        System.err.println("closing the microphone: " + e.getMessage());
                    }
                }
            }
            long ok = takes.stream().filter(Recorder.Take::ok).count();
            System.out.printf(Locale.ROOT, "%d takes: %d saved, %d rejected%n", takes.size(), ok, takes.size() - ok);
            for (Recorder.Take t : takes) {
                System.out.printf(Locale.ROOT, "take %3d  %7.2f-%7.2f s  %s%n", t.number(), t.startS(), t.endS(),
                        t.ok() ? "saved " + t.file() : "rejected: " + t.rejected());
            }
            return ok >= count ? 0 : 1;
        } catch (DatasetException | FeatureException | IllegalArgumentException e) {
            System.err.println("tinykws dataset record: " + e.getMessage());
            return 2;
        }
    }

    private int guided() {
        try {
            double bg = background.toMillis() / 1000.0;
            GuidedSession.Plan plan = new GuidedSession.Plan(keywords.stream().map(String::strip).toList(), count,
                    otherWords == null ? GuidedSession.EVERYDAY : otherWords.stream().map(String::strip).toList(),
                    otherCount, bg, maxTakes == null ? 5 : maxTakes);
            GuidedSession.Playback play = noPlayback || input != null ? c -> { } : ClipPlayback.open(System.err::println);
            GuidedSession session = new GuidedSession(out, speaker, timeout.toMillis() / 1000.0, System.err::println,
                    play);
            GuidedSession.Summary s;
            if (input != null) {
                try (FileAudioSource file = new FileAudioSource(input)) {
                    s = session.run(MicrophoneSupport.adapt(file), plan);
                }
            } else {
                MicrophoneSupport.Opened mic = MicrophoneSupport.open();
                try {
                    System.err.println("recording from the default microphone; Ctrl-C to stop (saved clips stay)");
                    s = session.run(mic.source(), plan);
                } finally {
                    try {
                        mic.closer().close();
                    } catch (Exception e) {
                        System.err.println("closing the microphone: " + e.getMessage());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "saved %s; %d takes rejected and re-taken; %d prompts without a clip%s%n",
                    s.saved(), s.rejected(), s.missed(), s.background() == null ? "" : "; background " + s.background());
            System.out.printf(Locale.ROOT, "%-16s %8s %8s%n", "folder", speaker, "everyone");
            for (String f : s.allTotal().keySet()) {
                System.out.printf(Locale.ROOT, "%-16s %8d %8d%n", f, s.speakerTotal().get(f), s.allTotal().get(f));
            }
            return s.missed() == 0 ? 0 : 1;
        } catch (DatasetException | FeatureException | IllegalArgumentException e) {
            System.err.println("tinykws dataset record: " + e.getMessage());
            return 2;
        }
    }

    private int maxTakes() {
        return maxTakes == null ? 2 * count + 10 : maxTakes;
    }
}
