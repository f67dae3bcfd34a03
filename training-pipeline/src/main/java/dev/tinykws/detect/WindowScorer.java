package dev.tinykws.detect;

/**
 * Scores one model input window: int8 features {@code [framesPerClip][numCoefficients]}
 * in, the int8 softmax (scale 1/256, zero point -128) out, one value per label. The int8
 * reference model ({@code Int8Model::infer}) is one; tests use fakes.
 */
@FunctionalInterface
public interface WindowScorer {
    byte[] score(byte[] int8Features);
}
