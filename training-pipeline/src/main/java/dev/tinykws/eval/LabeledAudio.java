package dev.tinykws.eval;

import java.nio.file.Path;

/** One clip to evaluate: its file and its dataset word folder. */
public record LabeledAudio(Path path, String word) {
}
