package dev.tinykws.detect;


import dev.tinykws.contract.DetectorConfig;

import java.util.List;

/**
 * What evaluation, detection and stream evaluation need from any model: a device model package
 * ({@link ModelRuntime}: MFCC + int8 CNN) or a host model package (the teacher: pretrained speech
 * embedding + head, DESIGN Contract 5). Scores are always reported as the int8 softmax convention
 * of SPEC §3 (scale 1/256, zero point -128), so the {@link Detector}, score traces, threshold
 * calibration and DET sweeps work the same for both.
 */
public interface ClipModel {

    /** Model name for reports. */
    String name();

    /** Labels: _silence_, _unknown_, keywords. */
    List<String> labels();

    /** Posterior smoothing settings; {@code strideFrames} counts the model's own frame hops. */
    DetectorConfig detector();

    /** Audio sample rate the model takes (16 kHz). */
    int sampleRate();

    ClipModel withDetector(DetectorConfig d);

    /** Clip classifier (one or more variants). Not necessarily thread-safe: one per thread. */
    ClipScorer clipScorer();

    /**
     * A streaming scorer over audio pushed in blocks of any size: every inference (due every
     * {@code detector().strideFrames()} frame hops) goes to {@code listener} with its {@code t_ms}.
     * Not thread-safe: one per stream.
     */
    AudioScorer audioScorer(InferenceListener listener);

    /**
     * Samples of stream the first inference needs; {@link AudioDetection} pads shorter input with silence to
     * this length so that it is still scored. Default: one 1-s clip.
     */
    default long minSamples() {
        return sampleRate();
    }

    /**
     * Silence {@link AudioDetection} puts before input shorter than {@link #minSamples()}, so that the short
     * input sits where the model scores a clip (timestamps are reported without it). Default 0: a device model
     * scores the newest second of its window.
     */
    default int shortInputLead() {
        return 0;
    }

    /**
     * Silence {@link AudioDetection} pushes after the end of every stream, so that its last audio is scored
     * too (a model that scores the middle of its window would otherwise never score the end). Default 0.
     */
    default long flushSamples() {
        return 0;
    }

    /** Audio in, inferences out (to the listener given to {@link #audioScorer}). */
    interface AudioScorer {
        /** Pushes 16 kHz mono samples in [-1, 1). */
        void push(float[] audio, int off, int len);

        /** Inferences run so far. */
        long inferences();

        /** Model frames (hops) seen so far. */
        long frames();
    }
}
