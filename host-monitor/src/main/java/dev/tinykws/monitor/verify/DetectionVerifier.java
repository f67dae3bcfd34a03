package dev.tinykws.monitor.verify;

/**
 * A host-side second stage: re-scores the audio of a device detection with a bigger model (the
 * teacher). Implementations live outside host-monitor (the {@code tinykws} CLI wires the teacher in),
 * so host-monitor never depends on the training pipeline. Must be thread-safe.
 */
public interface DetectionVerifier {

    /** Name for logs (e.g. the teacher package id). */
    String name();

    /**
     * The verifier's probability (0..1) that {@code window} — 1 s of 16 kHz mono audio in [-1, 1) — is
     * the keyword {@code keyword}; 0 when the verifier does not know the keyword.
     */
    double score(String keyword, float[] window);
}
