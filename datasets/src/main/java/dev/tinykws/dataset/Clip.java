package dev.tinykws.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled clip of a dataset.
 *
 * @param path    the WAV file (1 s, 16 kHz mono PCM16 in a valid dataset)
 * @param word    the folder name the clip lives in (e.g. {@code yes}, {@code hey_tiny})
 * @param speaker the speaker id: the file name without its {@code _nohash_...} suffix
 * @param split   which part of the dataset the clip belongs to
 */
public record Clip(Path path, String word, String speaker, Split split) {
    public Clip {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(split, "split");
    }
}
