package dev.tinykws.dataset.synth;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of {@code tinykws dataset synth}.
 *
 * @param keywords         keywords as spoken ("hey tiny"); folders are {@link WordLists#folderOf}
 * @param out              dataset folder
 * @param engines          engines to use; empty = every available engine
 * @param perVoice         pitch/speed settings per base voice (each one a speaker)
 * @param espeakVariants   espeak-ng variants per English voice (the plain voice counts as one)
 * @param unknownSpeakers  speakers per unknown word
 * @param commonWords      how many built-in common words to use as unknown words (0..40)
 * @param nearMisses       near-miss words per keyword
 * @param jobs             worker threads
 * @param seed             seed of every random choice
 * @param placement        where the word goes in the 1 s window
 * @param maxCompression   longest utterance accepted, as a multiple of 1 s (time-compressed)
 * @param noiseSeconds     length of each generated white/pink/brown noise file
 * @param noiseDirs        folders of user audio to convert into {@code _background_noise_}
 * @param progress         show a progress bar on stderr
 */
public record SynthOptions(List<String> keywords, Path out, List<String> engines, int perVoice, int espeakVariants,
                           int unknownSpeakers, int commonWords, int nearMisses, int jobs, long seed,
                           ClipShaper.Placement placement, double maxCompression, int noiseSeconds,
                           List<Path> noiseDirs, boolean progress) {

    public SynthOptions {
        keywords = List.copyOf(keywords);
        engines = List.copyOf(engines);
        noiseDirs = List.copyOf(noiseDirs);
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("give at least one keyword");
        }
        if (perVoice < 1 || espeakVariants < 1 || unknownSpeakers < 0 || commonWords < 0 || nearMisses < 0
                || jobs < 1 || noiseSeconds < 0) {
            throw new IllegalArgumentException("counts must be positive: " + this);
        }
    }

    /** The demo defaults for a keyword list and output folder. */
    public static SynthOptions defaults(List<String> keywords, Path out) {
        return new SynthOptions(keywords, out, List.of(), 3, 3, 8, WordLists.COMMON.size(), 3,
                Runtime.getRuntime().availableProcessors(), 1, ClipShaper.Placement.CENTRE, 1.35, 30,
                List.of(), false);
    }
}
