package dev.tinykws.dataset.check;

import java.nio.file.Path;

/** One issue of one file. */
public record Finding(Path path, String word, Issue issue, String message) {
}
