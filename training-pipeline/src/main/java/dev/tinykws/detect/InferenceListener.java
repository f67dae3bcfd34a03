package dev.tinykws.detect;

/** Receives every inference of a stream: its time and the int8 softmax output. */
@FunctionalInterface
public interface InferenceListener {
    void onInference(long tMs, byte[] int8Scores);
}
