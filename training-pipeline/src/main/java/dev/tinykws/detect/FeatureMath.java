package dev.tinykws.detect;

/**
 * CMS and int8 quantization of a model window, exactly as SPEC §2.6–2.7 and the frontend's
 * {@code ClipFeatures} (float accumulation over t in order, mean = sum / frames; round half
 * away from zero of the float32 quotient).
 */
final class FeatureMath {

    private FeatureMath() {
    }

    static void applyCms(float[] f, int frames, int coeffs) {
        for (int k = 0; k < coeffs; k++) {
            float sum = 0f;
            for (int t = 0; t < frames; t++) {
                sum += f[t * coeffs + k];
            }
            float mean = sum / frames;
            for (int t = 0; t < frames; t++) {
                f[t * coeffs + k] -= mean;
            }
        }
    }

    static byte[] quantize(float[] f, float scale, int zeroPoint) {
        byte[] q = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            float v = f[i] / scale;
            long r;
            if (Float.isNaN(v)) {
                r = 0;
            } else {
                double a = Math.floor(Math.abs((double) v) + 0.5);
                r = (long) Math.copySign(a, v);
            }
            long x = r + zeroPoint;
            q[i] = (byte) Math.max(-128, Math.min(127, x));
        }
        return q;
    }
}
