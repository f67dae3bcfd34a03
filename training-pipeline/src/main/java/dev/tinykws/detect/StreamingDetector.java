package dev.tinykws.detect;

import dev.tinykws.features.mfcc.ClipFeatures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streaming detection from MFCC frames (SPEC §2.6, §4): keeps the last {@code framesPerClip}
 * raw frames, and after frame k when an inference is due ({@code k+1 >= framesPerClip},
 * {@code (k+1-framesPerClip) % strideFrames == 0}) builds the model window oldest-first,
 * applies cepstral mean subtraction over it, quantizes to int8, scores it and feeds the
 * softmax to the {@link Detector} at {@code t_ms = (k*hop + window)*1000/sampleRate}.
 *
 * <p>Feed frames with {@link #onFrame(long, float[])} (the {@code StreamingMfcc} listener
 * signature). Not thread-safe.
 */
public final class StreamingDetector {

    private final StreamGeometry geometry;
    private final int strideFrames;
    private final WindowScorer scorer;
    private final Detector detector;
    private final Consumer<Detection> onDetection;
    private final List<InferenceListener> inferenceListeners = new ArrayList<>();

    private final float[][] ring;
    private final float[] window;
    private long nextFrame;
    private long inferences;

    /**
     * @param detector    posterior smoothing; {@code null} to only score (listeners still get every inference)
     * @param onDetection receives detections (may be {@code null} when detector is null)
     */
    public StreamingDetector(StreamGeometry geometry, int strideFrames, WindowScorer scorer, Detector detector,
                             Consumer<Detection> onDetection) {
        if (strideFrames < 1) {
            throw new IllegalArgumentException("strideFrames must be >= 1, got " + strideFrames);
        }
        this.geometry = Objects.requireNonNull(geometry);
        this.strideFrames = strideFrames;
        this.scorer = Objects.requireNonNull(scorer);
        this.detector = detector;
        this.onDetection = onDetection == null ? d -> { } : onDetection;
        this.ring = new float[geometry.framesPerClip()][geometry.numCoefficients()];
        this.window = new float[geometry.featureCount()];
    }

    public StreamingDetector addInferenceListener(InferenceListener l) {
        inferenceListeners.add(Objects.requireNonNull(l));
        return this;
    }

    public StreamGeometry geometry() {
        return geometry;
    }

    /** Inferences run so far. */
    public long inferences() {
        return inferences;
    }

    /** Frames received so far. */
    public long frames() {
        return nextFrame;
    }

    /**
     * One MFCC frame (raw, without CMS). Frames must arrive in order starting at 0.
     */
    public void onFrame(long frameIndex, float[] coeffs) {
        if (frameIndex != nextFrame) {
            throw new IllegalStateException("frame " + frameIndex + " arrived, expected " + nextFrame);
        }
        int nc = geometry.numCoefficients();
        if (coeffs.length < nc) {
            throw new IllegalArgumentException("frame has " + coeffs.length + " coefficients, expected " + nc);
        }
        int fpc = geometry.framesPerClip();
        System.arraycopy(coeffs, 0, ring[(int) (frameIndex % fpc)], 0, nc);
        nextFrame++;
        if (!geometry.inferenceAfter(frameIndex, strideFrames)) {
            return;
        }
        // window oldest first: frames k-fpc+1 .. k
        long first = frameIndex - fpc + 1;
        for (int t = 0; t < fpc; t++) {
            System.arraycopy(ring[(int) ((first + t) % fpc)], 0, window, t * nc, nc);
        }
        if (geometry.cms()) {
            ClipFeatures.applyCms(window, fpc, nc);
        }
        byte[] input = ClipFeatures.quantize(window, geometry.inputScale(), geometry.inputZeroPoint());
        byte[] scores = scorer.score(input);
        inferences++;
        long tMs = geometry.frameEndMs(frameIndex);
        for (InferenceListener l : inferenceListeners) {
            l.onInference(tMs, scores);
        }
        if (detector != null) {
            detector.processInt8(tMs, scores).ifPresent(onDetection);
        }
    }
}
