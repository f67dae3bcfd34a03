package dev.tinykws.quant;

/**
 * TFLite's reference fixed-point requantization, exactly as docs/SPEC.md section 3 pins it
 * (double rounding: a rounding doubling high multiply, then a rounding right shift).
 * The C kernels in {@code kws_nn} implement the same functions bit for bit.
 */
public final class FixedPoint {

    private FixedPoint() { }

    /** A real multiplier {@code m ≈ multiplier · 2^(shift − 31)}. */
    public record QuantizedMultiplier(int multiplier, int shift) { }

    /** round(x) with halves away from zero (C's {@code round}); {@link Math#round} is not this. */
    public static double roundHalfAwayFromZero(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double a = Math.abs(x);
        double f = Math.floor(a);
        double r = (a - f) >= 0.5 ? f + 1 : f; // a - f is exact for doubles
        return Math.copySign(r, x);
    }

    /** Float32 variant: the fraction test is done in float so 2.5f rounds to 3 and -2.5f to -3. */
    public static float roundHalfAwayFromZero(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x)) {
            return x;
        }
        float a = Math.abs(x);
        float f = (float) Math.floor(a);
        float r = (a - f) >= 0.5f ? f + 1 : f;
        return Math.copySign(r, x);
    }

    /** Quantizes a non-negative real multiplier as TFLite's QuantizeMultiplier does. */
    public static QuantizedMultiplier quantizeMultiplier(double m) {
        if (m < 0 || Double.isNaN(m) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("multiplier must be finite and >= 0, got " + m);
        }
        if (m == 0) {
            return new QuantizedMultiplier(0, 0);
        }
        // frexp: m = q * 2^shift with 0.5 <= q < 1
        int shift = Math.getExponent(m) + 1;
        double q = m / Math.pow(2, shift);
        if (q < 0.5 || q >= 1) { // subnormal input: normalise by hand
            while (q < 0.5) { q *= 2; shift--; }
            while (q >= 1) { q /= 2; shift++; }
        }
        long qf = (long) roundHalfAwayFromZero(q * (double) (1L << 31));
        if (qf == (1L << 31)) {
            qf /= 2;
            shift++;
        }
        if (shift < -31) {
            shift = 0;
            qf = 0;
        }
        if (qf > Integer.MAX_VALUE) {
            throw new IllegalStateException("quantized multiplier overflow for " + m);
        }
        return new QuantizedMultiplier((int) qf, shift);
    }

    /** (a·b·2 + rounding) / 2^32 with saturation of the single overflow case. */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31)); // Java long division truncates toward zero, as C
    }

    /** Rounding arithmetic right shift by {@code exponent} (0..31), ties away from zero. */
    public static int roundingDivideByPOT(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException("exponent must be in 0..31, got " + exponent);
        }
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /** x · M · 2^(shift − 31), TFLite's MultiplyByQuantizedMultiplier. */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
    }

    public static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
