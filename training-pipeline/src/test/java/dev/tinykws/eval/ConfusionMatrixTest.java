package dev.tinykws.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {

    /**
     * true\pred  sil unk yes no
     * _silence_    0   0   0  0   (no support)
     * _unknown_    0   8   1  1
     * yes          0   2   6  0
     * no           0   1   1  4
     */
    static ConfusionMatrix handMade() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("_silence_", "_unknown_", "yes", "no"));
        int[][] counts = {{0, 0, 0, 0}, {0, 8, 1, 1}, {0, 2, 6, 0}, {0, 1, 1, 4}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < counts[r][c]; k++) {
                    m.add(r, c);
                }
            }
        }
        return m;
    }

    @Test
    void metricsMatchHandComputation() {
        ConfusionMatrix m = handMade();
        assertEquals(24, m.total());
        assertEquals(18, m.correct());
        assertEquals(0.75, m.accuracy(), 1e-12);
        // yes: predicted 8 (1+6+1), correct 6, support 8
        assertEquals(6.0 / 8, m.precision(2), 1e-12);
        assertEquals(6.0 / 8, m.recall(2), 1e-12);
        assertEquals(0.75, m.f1(2), 1e-12);
        // no: predicted 5, correct 4, support 6 -> P 0.8, R 0.6667, F1 = 2*0.8*0.6667/1.4667 = 0.72727
        assertEquals(0.8, m.precision(3), 1e-12);
        assertEquals(4.0 / 6, m.recall(3), 1e-12);
        assertEquals(2 * 0.8 * (4.0 / 6) / (0.8 + 4.0 / 6), m.f1(3), 1e-12);
        // unknown: predicted 11, correct 8, support 10
        assertEquals(8.0 / 11, m.precision(1), 1e-12);
        assertEquals(0.8, m.recall(1), 1e-12);
        // silence: no support, never predicted
        assertTrue(Double.isNaN(m.recall(0)));
        assertTrue(Double.isNaN(m.precision(0)));
        assertTrue(Double.isNaN(m.f1(0)));
        double f1u = 2 * (8.0 / 11) * 0.8 / (8.0 / 11 + 0.8);
        assertEquals((f1u + 0.75 + m.f1(3)) / 3, m.macroF1(), 1e-12);
    }

    @Test
    void textShowsOnlyRowsWithSupport() {
        String text = handMade().toText();
        assertEquals(4, text.lines().count(), text); // header + 3 rows
        assertFalse(text.lines().skip(1).anyMatch(l -> l.startsWith("_silence_")));
        assertTrue(text.lines().anyMatch(l -> l.startsWith("yes") && l.matches("yes\\s+0\\s+2\\s+6\\s+0")), text);
    }

    @Test
    void f1IsZeroWhenNothingIsRight() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b"));
        m.add(0, 1);
        assertEquals(0, m.f1(0));
        assertEquals(0, m.accuracy());
    }
}
