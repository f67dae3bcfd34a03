package dev.tinykws.detect.golden;

import dev.tinykws.contract.Labels;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.Detector;

import java.util.ArrayList;
import java.util.List;

/**
 * One detector test scenario: integer settings, a sequence of inferences {@code (t_ms, p[])}
 * and (computed by the Java {@link Detector}) the expected detections.
 *
 * <p>Label 0 is {@code _silence_}, label 1 {@code _unknown_}, labels 2.. are keywords.
 */
public record DetectorScenario(String name, String description, int averageWindowMs, int thresholdQ,
                               int suppressionMs, int minCount, int numLabels,
                               long[] tMs, int[][] scores) {

    public static final int SILENCE_INDEX = 0;
    public static final int UNKNOWN_INDEX = 1;

    public DetectorScenario {
        if (tMs.length != scores.length || tMs.length == 0) {
            throw new IllegalArgumentException(name + ": need one score row per time, at least one step");
        }
        for (int[] row : scores) {
            if (row.length != numLabels) {
                throw new IllegalArgumentException(name + ": score row has " + row.length + " labels, expected " + numLabels);
            }
        }
    }

    /** Labels used for this scenario: _silence_, _unknown_, kw2, kw3, ... */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        labels.add(Labels.SILENCE);
        labels.add(Labels.UNKNOWN);
        for (int i = 2; i < numLabels; i++) {
            labels.add("kw" + i);
        }
        return labels;
    }

    public Detector newDetector() {
        return new Detector(averageWindowMs, thresholdQ, suppressionMs, minCount, labels(), SILENCE_INDEX, UNKNOWN_INDEX);
    }

    /** Runs the reference detector over the steps. */
    public List<Detection> expectedDetections() {
        Detector d = newDetector();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < tMs.length; i++) {
            d.process(tMs[i], scores[i]).ifPresent(out::add);
        }
        return out;
    }
}
