package dev.tinykws.detect;

import java.util.List;

/**
 * Classifies one 16 kHz clip with one or more model variants (e.g. "float" and "int8")
 * sharing the feature extraction. Tests use fakes.
 */
public interface ClipScorer {

    /** Variant names, in the order of {@link #classify}'s result. */
    List<String> variants();

    /** The predicted label index per variant (argmax, lowest index wins ties). */
    int[] classify(float[] audio16k);

    /** Argmax with the lowest index winning ties. */
    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Argmax of int8 values with the lowest index winning ties. */
    static int argmax(byte[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
