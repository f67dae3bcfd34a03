package dev.tinykws.eval.stream;

import java.util.function.Supplier;

/** A clip available to the stream builder: word, where it came from, and a lazy loader (16 kHz mono). */
public record AudioSample(String word, String source, Supplier<float[]> audio) {
}
