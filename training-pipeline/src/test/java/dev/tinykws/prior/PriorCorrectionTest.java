package dev.tinykws.prior;

import dev.tinykws.features.FrontendConfig;
import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.Layer;
import dev.tinykws.quant.FloatInference;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.golden.NnGoldenWriter;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PriorCorrectionTest {

    static final double[] SHARES = {0.1, 0.6, 0.15, 0.15};

    @Test
    void foldAddsMinusLogShareToEveryLogit() {
        FloatModel m = TestModels.dsCnn(3);
        PriorCorrection pc = new PriorCorrection(m.labels(), SHARES);
        FloatInference a = new FloatInference(m);
        FloatInference b = new FloatInference(pc.fold(m));
        for (float[] f : TestModels.randomFeatures(5, 4)) {
            float[] la = a.logits(f);
            float[] lb = b.logits(f);
            float[] expected = pc.apply(la);
            for (int c = 0; c < la.length; c++) {
                assertEquals(la[c] - Math.log(SHARES[c]), lb[c], 1e-4, "class " + c);
                assertEquals(expected[c], lb[c], 1e-4);
            }
        }
        assertNotSame(m.layers().get(m.layers().size() - 1).bias(), pc.fold(m).layers().get(m.layers().size() - 1).bias());
    }

    /**
     * A crafted model whose logits are dominated by the final bias (0, 1.0, 0.5, 0.2): without the
     * correction {@code _unknown_} wins; with the training shares (0.1, 0.6, 0.15, 0.15) the offsets
     * (2.30, 0.51, 1.90, 1.90) make the corrected logits (2.30, 1.51, 2.40, 2.10): {@code yes} wins, in
     * float and in int8.
     */
    @Test
    void shiftsArgmaxFromUnknownToKeywordInFloatAndInt8() {
        FloatModel m = biasDominated();
        PriorCorrection pc = new PriorCorrection(m.labels(), SHARES);
        FloatModel folded = pc.fold(m);
        FrontendConfig fe = FrontendConfig.defaults();
        Int8Model before = NnGoldenWriter.goldenModel(m, fe);
        Int8Model after = NnGoldenWriter.goldenModel(folded, fe);
        for (float[] f : TestModels.randomFeatures(11, 5)) {
            assertEquals(1, argmax(new FloatInference(m).logits(f)), "float, uncorrected: _unknown_");
            assertEquals(2, argmax(new FloatInference(folded).logits(f)), "float, corrected: yes");
            assertEquals(1, argmax(before.infer(before.quantizeInput(f))), "int8, uncorrected: _unknown_");
            assertEquals(2, argmax(after.infer(after.quantizeInput(f))), "int8, corrected: yes");
        }
    }

    @Test
    void partialStrengthScalesTheOffsets() {
        List<String> labels = List.of("_silence_", "_unknown_", "yes", "no");
        PriorCorrection full = new PriorCorrection(labels, SHARES);
        PriorCorrection half = full.withStrength(0.5);
        for (int c = 0; c < SHARES.length; c++) {
            assertEquals(full.offsets()[c] / 2, half.offsets()[c], 1e-12);
        }
        assertEquals(0.5, half.toMetadata().get("strength"));
        assertArrayEquals(new double[4], full.withStrength(0).offsets(), 0);
        assertThrows(IllegalArgumentException.class, () -> full.withStrength(1.5));
    }

    @Test
    void sharesFromCountsAndMetadata() {
        List<String> labels = List.of("_silence_", "_unknown_", "yes", "no");
        PriorCorrection pc = PriorCorrection.fromCounts(labels, Map.of("_silence_", 10, "_unknown_", 60, "yes", 15,
                "no", 15));
        assertArrayEquals(SHARES, pc.shares(), 1e-12);
        Map<String, Object> meta = pc.toMetadata();
        assertEquals(true, meta.get("applied"));
        assertEquals(0.6, ((Map<?, ?>) meta.get("trainShares")).get("_unknown_"));
        assertEquals(false, PriorCorrection.notApplied(labels, Map.of("yes", 1)).get("applied"));
    }

    @Test
    void aClassWithoutTrainingSamplesGetsOffsetZero() {
        // --silence-percent 0: no _silence_ samples; packaging must not crash, and the class is not corrected
        FloatModel m = TestModels.dsCnn(1);
        List<String> labels = m.labels();
        PriorCorrection pc = PriorCorrection.fromCounts(labels, Map.of(labels.get(1), 3, labels.get(2), 1,
                labels.get(3), 1));
        double[] o = pc.offsets();
        assertEquals(0.0, o[0], 0);
        assertEquals(-Math.log(0.6), o[1], 1e-12);
        assertEquals(-Math.log(0.2), o[2], 1e-12);
        float[] f = TestModels.randomFeatures(1, 4).get(0);
        float[] before = new FloatInference(m).logits(f);
        float[] after = new FloatInference(pc.fold(m)).logits(f);
        assertEquals(before[0], after[0], 1e-5);
        assertEquals(before[1] + o[1], after[1], 1e-4);
        // the teacher's prior is the same rule: ln(share), 0 for a class without samples
        double[] l = PriorCorrection.logShares(new double[] {0, 3, 1, 1});
        for (int i = 0; i < l.length; i++) {
            assertEquals(-o[i], l[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> PriorCorrection.logShares(new double[] {0, 0}));
    }

    @Test
    void rejectsBadSharesAndWrongModels() {
        List<String> labels = List.of("_silence_", "_unknown_", "yes", "no");
        assertThrows(IllegalArgumentException.class,
                () -> new PriorCorrection(labels, new double[] {-0.1, 0.5, 0.3, 0.3}));
        assertThrows(IllegalArgumentException.class, () -> new PriorCorrection(labels, new double[] {0.5, 0.5}));
        PriorCorrection other = new PriorCorrection(List.of("a", "b", "c", "d"), SHARES);
        assertThrows(IllegalArgumentException.class, () -> other.fold(TestModels.dsCnn(1)));
    }

    /** The DS-CNN test model with its FC weights scaled by 1/100 and the bias set to (0, 1.0, 0.5, 0.2). */
    static FloatModel biasDominated() {
        FloatModel m = TestModels.dsCnn(7);
        List<Layer> layers = new ArrayList<>(m.layers());
        Layer fc = layers.get(layers.size() - 1);
        float[] w = fc.weights().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.01f;
        }
        layers.set(layers.size() - 1, new Layer(fc.op(), fc.kh(), fc.kw(), fc.strideH(), fc.strideW(), fc.padH(),
                fc.padW(), fc.outChannels(), false, w, new float[] {0f, 1.0f, 0.5f, 0.2f}, null));
        return new FloatModel(m.architecture(), m.inputH(), m.inputW(), m.labels(), layers);
    }

    static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[b]) {
                b = i;
            }
        }
        return b;
    }

    static int argmax(byte[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[b]) {
                b = i;
            }
        }
        return b;
    }
}
