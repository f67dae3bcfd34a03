package dev.tinykws.quant;

import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QuantizerTest {

    static int argmax(float[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    static int argmax(byte[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    @Test
    void int8AgreesWithFloatOnDsCnn() {
        agreement(TestModels.dsCnn(1), Calibration.Options.minMax(), 0.9);
        agreement(TestModels.dsCnn(2), Calibration.Options.percentile(99.99), 0.9);
    }

    @Test
    void int8AgreesWithFloatOnTinyConv() {
        agreement(TestModels.tinyConv(5), Calibration.Options.minMax(), 0.9);
    }

    private void agreement(FloatModel m, Calibration.Options opt, double minTop1) {
        Int8Model q = Quantizer.quantize(m, TestModels.randomFeatures(100, 64), opt);
        FloatInference fi = new FloatInference(m);
        List<float[]> test = TestModels.randomFeatures(200, 100);
        int agree = 0;
        double err = 0, range = 0;
        Int8Layer lg = q.layers().get(q.layers().size() - 2);
        for (float[] f : test) {
            float[] logits = fi.logits(f);
            byte[] ql = q.logits(q.quantizeInput(f));
            if (argmax(logits) == argmax(q.infer(q.quantizeInput(f)))) agree++;
            for (int i = 0; i < logits.length; i++) {
                err += Math.abs((ql[i] - lg.outZp()) * lg.outScale() - logits[i]);
                range = Math.max(range, Math.abs(logits[i]));
            }
        }
        double mae = err / (test.size() * m.labels().size());
        assertTrue(agree >= minTop1 * test.size(), m.architecture() + " top-1 agreement " + agree + "/100");
        assertTrue(mae < 0.05 * range, m.architecture() + " logit MAE " + mae + " vs range " + range);
        System.out.printf("%s %s: top-1 agreement %d/100, logit MAE %.4f (max |logit| %.2f)%n",
                m.architecture(), opt.describe(), agree, mae, range);
    }

    @Test
    void dsCnnStructureAndParameters() {
        Int8Model q = Quantizer.quantize(TestModels.dsCnn(1), TestModels.randomFeatures(100, 16),
                Calibration.Options.minMax());
        assertEquals(12, q.layers().size());
        Int8Layer c0 = q.layers().get(0);
        assertEquals(List.of(49, 10, 1, 25, 5, 64, 5, 1), List.of(c0.inH(), c0.inW(), c0.inC(), c0.outH(), c0.outW(),
                c0.outC(), c0.padH(), c0.padW()));
        assertEquals(64, c0.multiplier().length);
        assertEquals(c0.outZp(), c0.actMin()); // ReLU
        for (Int8Layer l : q.layers()) {
            if (l.weights() != null) {
                for (byte b : l.weights()) assertTrue(b >= -127, "symmetric weights never use -128");
            }
            if (l.op() == Int8Op.CONV2D || l.op() == Int8Op.DWCONV2D) {
                // each channel's largest weight maps to +-127
                int ch = l.outC();
                int[] mx = new int[ch];
                for (int i = 0; i < l.weights().length; i++) {
                    int c = l.op() == Int8Op.DWCONV2D ? i % ch : i / (l.weights().length / ch);
                    mx[c] = Math.max(mx[c], Math.abs(l.weights()[i]));
                }
                for (int v : mx) assertEquals(127, v);
            }
        }
        Int8Layer pool = q.layers().get(9);
        assertEquals(Int8Op.AVGPOOL, pool.op());
        assertEquals(pool.inZp(), pool.outZp());
        assertEquals(pool.inScale(), pool.outScale());
        Int8Layer sm = q.layers().get(11);
        assertEquals(1 << 20, sm.lut()[0]);
        assertEquals(8000, q.maxTensorBytes());
        // DS-CNN-S MACs: 25*5*64*40 + 4*(25*5*64*9 + 25*5*64*64) + 25*5*64 + 64*4
        assertEquals(25 * 5 * 64 * 40 + 4 * (25 * 5 * 64 * 9 + 25 * 5 * 64 * 64) + 25 * 5 * 64 + 64 * 4, q.macs());
    }
}
