package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.record.Recorder;
import dev.tinykws.dataset.synth.WordLists;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.FileAudioSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws dataset record}. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record keyword clips from the PC microphone (or a long WAV).",
                "Reads the microphone (or --input FILE), prompts for each",
                "take, detects the utterance with an energy gate, saves the 1 s window around it as",
                "<out>/<keyword>/<speaker>_nohash_<n>.wav, and rejects silent, clipped or too-long takes with a reason.",
                "Exit code: 0 when --count clips were saved, 1 otherwise."})
public final class RecordCommand implements Callable<Integer> {

    @Option(names = "--keyword", required = true, description = "The keyword to say, e.g. \"hey tiny\".")
    String keyword;

    @Option(names = "--count", defaultValue = "30", description = "Clips to save (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, description = "Dataset folder.")
    Path out;

    @Option(names = "--speaker", required = true, description = "Your speaker id: letters, digits, '-' (all your clips share it, so they stay in one split).")
    String speaker;

    @Option(names = "--input", description = "Read this WAV (any rate/channels, resampled to 16 kHz mono on the fly) instead of the microphone.")
    Path input;

    @Option(names = "--timeout", defaultValue = "4", description = "Seconds to wait for speech before a take counts as silent (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--max-takes", description = "Stop after this many takes (default: 2 x count + 10).")
    Integer maxTakes;

    @Override
    public Integer call() {
        try {
            Recorder r = new Recorder(keyword.strip(), WordLists.folderOf(keyword), speaker, out, timeout,
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

    private int maxTakes() {
        return maxTakes == null ? 2 * count + 10 : maxTakes;
    }
}
