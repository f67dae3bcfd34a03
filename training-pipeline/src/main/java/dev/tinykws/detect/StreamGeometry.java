package dev.tinykws.detect;

/**
 * The numbers of the frontend that streaming detection needs (a projection of the
 * FrontendConfig, SPEC §2 and §4).
 *
 * @param sampleRate      Hz
 * @param windowSamples   analysis window
 * @param hopSamples      frame hop
 * @param framesPerClip   frames per model input (49)
 * @param numCoefficients MFCC coefficients per frame (10)
 * @param cms             cepstral mean subtraction over the model window
 * @param inputScale      int8 input scale
 * @param inputZeroPoint  int8 input zero point
 */
public record StreamGeometry(int sampleRate, int windowSamples, int hopSamples, int framesPerClip,
                             int numCoefficients, boolean cms, float inputScale, int inputZeroPoint) {

    public StreamGeometry {
        if (sampleRate <= 0 || windowSamples <= 0 || hopSamples <= 0 || framesPerClip <= 0 || numCoefficients <= 0
                || !(inputScale > 0)) {
            throw new IllegalArgumentException("invalid stream geometry: rate " + sampleRate + ", window " + windowSamples
                    + ", hop " + hopSamples + ", frames " + framesPerClip + ", coefficients " + numCoefficients
                    + ", input scale " + inputScale);
        }
    }

    /** End of frame {@code k} in ms: {@code (k*hop + window)*1000/sampleRate} (integer division). */
    public long frameEndMs(long k) {
        return (k * hopSamples + windowSamples) * 1000L / sampleRate;
    }

    /** Whether an inference runs after frame {@code k} (SPEC §4). */
    public boolean inferenceAfter(long k, int strideFrames) {
        return k + 1 >= framesPerClip && (k + 1 - framesPerClip) % strideFrames == 0;
    }

    /** Number of frames in a stream of {@code samples} samples (no padding). */
    public long framesIn(long samples) {
        return samples < windowSamples ? 0 : 1 + (samples - windowSamples) / hopSamples;
    }

    public int featureCount() {
        return framesPerClip * numCoefficients;
    }
}
