package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BnFoldingTest {

    @Test
    void foldedModelComputesTheSameFunction() {
        FloatModel m = TestModels.dsCnn(3);
        FloatModel folded = BnFolding.fold(m);
        assertTrue(folded.layers().stream().allMatch(l -> l.bn() == null));
        assertNotNull(m.layers().get(0).bn());
        FloatInference a = new FloatInference(m);
        FloatInference b = new FloatInference(folded);
        for (float[] f : TestModels.randomFeatures(11, 5)) {
            float[][] x = a.inferAllLayers(f);
            float[][] y = b.inferAllLayers(f);
            for (int l = 0; l < x.length; l++) {
                double mx = 1e-3;
                for (float v : x[l]) mx = Math.max(mx, Math.abs(v));
                for (int i = 0; i < x[l].length; i++) {
                    assertEquals(x[l][i], y[l][i], 1e-4 * mx, "layer " + l + " index " + i);
                }
            }
        }
    }

    @Test
    void foldsDepthwiseAndPointwiseByHand() {
        // one 1x1 conv with two output channels over one input channel, BN per channel
        FloatModel.BatchNorm bn = new FloatModel.BatchNorm(new float[] {2, 1}, new float[] {1, -1},
                new float[] {0.5f, 0}, new float[] {3, 0}, 1);
        FloatModel m = new FloatModel("t", 1, 1, List.of("a", "b"), List.of(
                new FloatModel.Layer(FloatModel.Op.CONV2D, 1, 1, 1, 1, 0, 0, 2, false,
                        new float[] {4, -2}, new float[] {1, 0}, bn)));
        FloatModel.Layer f = BnFolding.fold(m).layers().get(0);
        // a = gamma / sqrt(var + eps): 2/2 = 1, 1/1 = 1; b' = a(b - mean) + beta
        assertArrayEquals(new float[] {4, -2}, f.weights(), 1e-6f);
        assertArrayEquals(new float[] {1.5f, -1}, f.bias(), 1e-6f);
        FloatModel.BatchNorm bn2 = new FloatModel.BatchNorm(new float[] {1, 3}, new float[] {0, 0},
                new float[] {0, 0}, new float[] {3, 3}, 1);
        FloatModel dw = new FloatModel("t", 1, 1, List.of("a", "b"), List.of(
                new FloatModel.Layer(FloatModel.Op.CONV2D, 1, 1, 1, 1, 0, 0, 2, false,
                        new float[] {1, 1}, null, null),
                new FloatModel.Layer(FloatModel.Op.DWCONV2D, 1, 1, 1, 1, 0, 0, 2, false,
                        new float[] {10, 10}, null, bn2)));
        FloatModel.Layer g = BnFolding.fold(dw).layers().get(1);
        assertArrayEquals(new float[] {5, 15}, g.weights(), 1e-5f); // [kh][kw][c]: scaled per channel
    }
}
