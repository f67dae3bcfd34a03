package dev.tinykws.quant;

/**
 * Per-tensor asymmetric int8 quantization: {@code real = scale · (q − zeroPoint)}.
 *
 * @param scale     float32 scale, &gt; 0
 * @param zeroPoint −128..127
 */
public record QuantParams(float scale, int zeroPoint) {

    public QuantParams {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        if (zeroPoint < -128 || zeroPoint > 127) {
            throw new IllegalArgumentException("zero point must be in -128..127, got " + zeroPoint);
        }
    }

    /**
     * TFLite-style parameters for a real range: the range is widened to contain 0, then
     * {@code scale = (max − min)/255}, {@code zp = clamp(round(−128 − min/scale), −128, 127)}.
     */
    public static QuantParams fromRange(double min, double max) {
        double lo = Math.min(min, 0);
        double hi = Math.max(max, 0);
        if (hi - lo < 1e-8) {
            hi = lo + 1e-8 * 255; // degenerate (all-zero) tensor
        }
        float scale = (float) ((hi - lo) / 255.0);
        double zp = FixedPoint.roundHalfAwayFromZero(-128.0 - lo / scale);
        return new QuantParams(scale, (int) Math.max(-128, Math.min(127, zp)));
    }

    /** Quantizes one value (float32 division, round half away from zero, clamp), SPEC section 2 step 7. */
    public byte quantize(float x) {
        float r = FixedPoint.roundHalfAwayFromZero(x / scale);
        long q = (long) r + zeroPoint;
        return (byte) Math.max(-128, Math.min(127, q));
    }

    public float dequantize(int q) {
        return scale * (q - zeroPoint);
    }
}
