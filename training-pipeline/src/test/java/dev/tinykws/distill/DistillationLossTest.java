package dev.tinykws.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tinykws.train.DjlRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DistillationLossTest {

    /**
     * Two samples, three classes, T = 2, alpha = 0.5. Sample 0 (hard weight 1, label 0): logits
     * (2, 0, 0), teacher (0.5, 0.25, 0.25). Sample 1 (a teacher-only input, hard weight 0): logits
     * (0, 0, 0), teacher uniform. By hand: log softmax((1, 0, 0)) = (1 − L, −L, −L) with
     * L = ln(e + 2) = 1.551444; soft_0 = −(0.5(1 − L) − 0.5L) = L − 0.5 = 1.051444; hard_0 = ln(e^2 + 2)
     * − 2 = 0.239540; soft_1 = ln 3 = 1.098612. Loss = ((0.5·4·1.051444 + 0.239540) + 0.5·4·1.098612) / 2.
     */
    @Test
    void matchesTheHandComputedValueInJavaAndDjl() {
        float[][] logits = {{2, 0, 0}, {0, 0, 0}};
        float[][] teacher = {{0.5f, 0.25f, 0.25f}, {1 / 3f, 1 / 3f, 1 / 3f}};
        float[] hw = {1, 0};
        double expected = ((0.5 * 4 * 1.051444 + 0.239540) + 0.5 * 4 * 1.098612) / 2;
        assertEquals(expected, DistillationLoss.value(logits, new int[] {0, 2}, teacher, hw, 2f, 0.5f), 1e-5);

        DjlRuntime.configure(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {2, 0, 0, 0, 0, 0}, new Shape(2, 3));
            float[] t = {0.5f, 0.25f, 0.25f, 1 / 3f, 1 / 3f, 1 / 3f};
            NDArray loss = DistillationLoss.evaluate(z, new long[] {0, 2}, t, hw, 2f, 0.5f);
            assertEquals(expected, loss.getFloat(), 1e-5);
        }
    }

    @Test
    void softTermIsSmallestWhenTheStudentMatchesTheTeacher() {
        float[][] teacher = {DistillationLoss.softmax(new float[] {1.5f, -0.5f, 0.2f}, 3)};
        double match = DistillationLoss.value(new float[][] {{1.5f, -0.5f, 0.2f}}, new int[] {0}, teacher,
                new float[] {0}, 3f, 1f);
        double off = DistillationLoss.value(new float[][] {{-1f, 2f, 0.2f}}, new int[] {0}, teacher,
                new float[] {0}, 3f, 1f);
        assertTrue(match < off, match + " vs " + off);
        float[] p = DistillationLoss.softmax(new float[] {1, 2, 3}, 1);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
        assertTrue(p[2] > p[1] && p[1] > p[0]);
    }
}
