package dev.tinykws.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThresholdTest {

    @Test
    void q8FormIsClampedRoundOfTimes256() {
        assertEquals(179, Threshold.of(0.70).q());   // round(179.2)
        assertEquals(255, Threshold.of(1.0).q());    // clamped
        assertEquals(0, Threshold.of(0.0).q());
        assertEquals(128, Threshold.of(0.5).q());
        assertEquals(0.69921875, Threshold.ofQ(179).probability());
    }

    @Test
    void everyQ8LevelRoundTrips() {
        for (int q = 0; q <= 255; q++) {
            assertEquals(q, Threshold.ofQ(q).q(), "q " + q);
        }
    }

    @Test
    void protocolTextHasThreeDecimals() {
        assertEquals("0.700", Threshold.of(0.7).text());
        assertEquals("0.850", Threshold.of(0.85).text());
        assertEquals(850, Threshold.of(0.85).milli());
        assertEquals("1.000", Threshold.of(1).text());
        assertEquals(Threshold.of(0.852), Threshold.parse("0.852"));
        assertThrows(IllegalArgumentException.class, () -> Threshold.parse("0.85"));
        assertThrows(IllegalArgumentException.class, () -> Threshold.parse("1.001"));
        assertThrows(IllegalArgumentException.class, () -> Threshold.of(1.5));
        assertThrows(IllegalArgumentException.class, () -> Threshold.of(Double.NaN));
    }

    @Test
    void scoresPrintAsTheFirmwarePrintsThem() {
        // SPEC section 4: milli = (q*1000 + 128) / 256
        assertEquals(0, Threshold.milliOfQ(0));
        assertEquals(500, Threshold.milliOfQ(128));
        assertEquals(996, Threshold.milliOfQ(255));
        assertEquals("0.996", Threshold.textOfQ(255));
        assertEquals("0.004", Threshold.textOfQ(1));
        assertThrows(IllegalArgumentException.class, () -> Threshold.milliOfQ(256));
    }

    @Test
    void theFirmwaresThreshConversionInvertsTheScoreText() {
        // a threshold sent as the text of a Q8 level comes back as that level: (milli*256+500)/1000
        for (int q = 0; q <= 255; q++) {
            assertEquals(q, Threshold.qOfMilli(Threshold.milliOfQ(q)), "q " + q);
        }
        assertEquals(255, Threshold.qOfMilli(1000));
        assertThrows(IllegalArgumentException.class, () -> Threshold.qOfMilli(1001));
    }
}
