package dev.tinykws.eval;

/** A clip left out of an evaluation, and why. */
public record SkippedClip(String path, String reason) {
}
