package dev.tinykws.quant;

import org.junit.jupiter.api.Test;

import static dev.tinykws.quant.FixedPoint.*;
import static org.junit.jupiter.api.Assertions.*;

class FixedPointTest {

    private static final int MIN = Integer.MIN_VALUE;
    private static final int MAX = Integer.MAX_VALUE;

    @Test
    void roundsHalfAwayFromZero() {
        assertEquals(3.0, roundHalfAwayFromZero(2.5));
        assertEquals(-3.0, roundHalfAwayFromZero(-2.5));
        assertEquals(-1.0, roundHalfAwayFromZero(-0.5));
        assertEquals(0.0, roundHalfAwayFromZero(0.49999999999999994));
        assertEquals(3f, roundHalfAwayFromZero(2.5f));
        assertEquals(-3f, roundHalfAwayFromZero(-2.5f));
        assertEquals(-2f, roundHalfAwayFromZero(-2.4999998f));
    }

    @Test
    void quantizeMultiplierGoldenValues() {
        assertEquals(new QuantizedMultiplier(0, 0), quantizeMultiplier(0));
        assertEquals(new QuantizedMultiplier(1 << 30, 0), quantizeMultiplier(0.5));
        assertEquals(new QuantizedMultiplier(1 << 30, 1), quantizeMultiplier(1.0));
        assertEquals(new QuantizedMultiplier(1610612736, 0), quantizeMultiplier(0.75));
        // 0.3 = 0.6 * 2^-1; 0.6 * 2^31 = 1288490188.8
        assertEquals(new QuantizedMultiplier(1288490189, -1), quantizeMultiplier(0.3));
        // q * 2^31 rounds up to 2^31: halve and bump the shift
        assertEquals(new QuantizedMultiplier(1 << 30, 1), quantizeMultiplier(1 - Math.pow(2, -40)));
        // too small: flushed to zero
        assertEquals(new QuantizedMultiplier(0, 0), quantizeMultiplier(Math.pow(2, -40)));
        assertEquals(new QuantizedMultiplier(1 << 30, -30), quantizeMultiplier(Math.pow(2, -31)));
        assertThrows(IllegalArgumentException.class, () -> quantizeMultiplier(-1));
    }

    @Test
    void saturatingRoundingDoublingHighMul() {
        assertEquals(MAX, FixedPoint.saturatingRoundingDoublingHighMul(MIN, MIN));
        assertEquals(1 << 29, FixedPoint.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30));
        assertEquals(1, FixedPoint.saturatingRoundingDoublingHighMul(1, 1 << 30));   // +0.5 -> 1
        assertEquals(0, FixedPoint.saturatingRoundingDoublingHighMul(-1, 1 << 30));  // -0.5 -> 0
        assertEquals(2, FixedPoint.saturatingRoundingDoublingHighMul(3, 1 << 30));   // +1.5 -> 2
        assertEquals(-1, FixedPoint.saturatingRoundingDoublingHighMul(-3, 1 << 30)); // -1.5 -> -1
        assertEquals(-(1 << 30), FixedPoint.saturatingRoundingDoublingHighMul(MIN, 1 << 30));
        assertEquals(MIN + 1, FixedPoint.saturatingRoundingDoublingHighMul(MIN, MAX));
    }

    @Test
    void roundingDivideByPowerOfTwo() {
        assertEquals(3, roundingDivideByPOT(5, 1));    // 2.5 -> 3
        assertEquals(-3, roundingDivideByPOT(-5, 1));  // -2.5 -> -3
        assertEquals(-1, roundingDivideByPOT(-3, 2));  // -0.75 -> -1
        assertEquals(0, roundingDivideByPOT(-1, 2));   // -0.25 -> 0
        assertEquals(7, roundingDivideByPOT(7, 0));
        assertEquals(-1, roundingDivideByPOT(MIN, 31));
        assertEquals(1, roundingDivideByPOT(MAX, 31));
        assertEquals(0, roundingDivideByPOT(1 << 29, 31)); // 0.25 -> 0
        assertThrows(IllegalArgumentException.class, () -> roundingDivideByPOT(1, 32));
    }

    @Test
    void multiplyByQuantizedMultiplier() {
        assertEquals(50, FixedPoint.multiplyByQuantizedMultiplier(100, 1 << 30, 0));
        assertEquals(1, FixedPoint.multiplyByQuantizedMultiplier(3, 1 << 30, -1));   // 0.75 -> 1
        // double rounding: 5 * 0.25 = 1.25, but 2.5 -> 3 then 1.5 -> 2
        assertEquals(2, FixedPoint.multiplyByQuantizedMultiplier(5, 1 << 30, -1));
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplier(-5, 1 << 30, -1)); // -2.5 -> -2, -1.0
        assertEquals(2000, FixedPoint.multiplyByQuantizedMultiplier(1000, 1 << 30, 2)); // m = 2
        assertEquals(MAX, FixedPoint.multiplyByQuantizedMultiplier(MIN, MIN, 0));
        assertEquals(-(1 << 30), FixedPoint.multiplyByQuantizedMultiplier(MIN, 1 << 30, 0));
        assertEquals(-(1 << 20), FixedPoint.multiplyByQuantizedMultiplier(MIN, 1 << 30, -10));
        assertEquals(0, FixedPoint.multiplyByQuantizedMultiplier(123456, 0, 0));
        // a typical conv multiplier: 0.0123 * 1000 = 12.3 -> 12
        QuantizedMultiplier m = quantizeMultiplier(0.0123);
        assertEquals(12, FixedPoint.multiplyByQuantizedMultiplier(1000, m.multiplier(), m.shift()));
        assertEquals(-12, FixedPoint.multiplyByQuantizedMultiplier(-1000, m.multiplier(), m.shift()));
    }

    @Test
    void quantParamsFromRange() {
        QuantParams relu = QuantParams.fromRange(0, 2.55);
        assertEquals(-128, relu.zeroPoint());
        assertEquals(0.01f, relu.scale(), 1e-7);
        QuantParams sym = QuantParams.fromRange(-1, 1);
        assertEquals(-1, sym.zeroPoint()); // -128 + 127.5 = -0.5 -> -1 (half away from zero)
        QuantParams positiveOnly = QuantParams.fromRange(1, 3); // widened to contain 0
        assertEquals(-128, positiveOnly.zeroPoint());
        assertEquals((byte) 127, relu.quantize(100f));
        assertEquals((byte) -128, relu.quantize(-100f));
        // 0.025 / 0.01 = 2.5 in float32 -> 2.4999998? check the float path explicitly
        QuantParams half = new QuantParams(0.5f, 0);
        assertEquals((byte) 3, half.quantize(1.25f));   // 2.5 -> 3
        assertEquals((byte) -3, half.quantize(-1.25f)); // -2.5 -> -3
    }
}
