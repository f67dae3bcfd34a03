package dev.tinykws.quant;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Hand-computed kernel cases: padding skipped, rounding of pooling and softmax, saturation. */
class Int8KernelTest {

    private static Int8Layer conv(int inZp, int outZp, int actMin, int bias, int[] mult, int[] shift) {
        // 2x2x1 input, 3x3 kernel of ones, pad 1 -> 2x2x1 output
        byte[] w = new byte[9];
        java.util.Arrays.fill(w, (byte) 1);
        return new Int8Layer(Int8Op.CONV2D, 2, 2, 1, 2, 2, 1, 3, 3, 1, 1, 1, 1, inZp, outZp, actMin, 127,
                1f, 1f, false, w, new float[] {1}, new int[] {bias}, mult, shift, null);
    }

    @Test
    void convSkipsPaddedPositions() {
        Int8Layer l = conv(1, -5, -128, 1, new int[] {1 << 30}, new int[] {1});
        byte[] y = Int8Model.conv2d(new byte[] {3, 3, 3, 3}, l);
        // every output sees the 4 real inputs: (3-1)*4 + 1 = 9, *1.0, -5 = 4
        assertArrayEquals(new byte[] {4, 4, 4, 4}, y);
    }

    @Test
    void convSaturatesAndAppliesRelu() {
        Int8Layer l = conv(0, 0, -128, 0, new int[] {1 << 30}, new int[] {1});
        assertArrayEquals(new byte[] {127, 127, 127, 127}, Int8Model.conv2d(new byte[] {127, 127, 127, 127}, l));
        assertArrayEquals(new byte[] {-128, -128, -128, -128},
                Int8Model.conv2d(new byte[] {-128, -128, -128, -128}, l));
        Int8Layer relu = conv(0, -20, -20, 0, new int[] {1 << 30}, new int[] {1});
        assertArrayEquals(new byte[] {-20, -20, -20, -20}, Int8Model.conv2d(new byte[] {-9, -9, -9, -9}, relu));
    }

    @Test
    void depthwiseUsesPerChannelMultipliers() {
        // 1x1x2 input, 1x1 kernel, channel 0 multiplier 0.5, channel 1 multiplier 0.25 (double rounding)
        Int8Layer l = new Int8Layer(Int8Op.DWCONV2D, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 0, 0, 0, 0, -128, 127,
                1f, 1f, false, new byte[] {1, 1}, new float[] {1, 1}, new int[] {0, 0},
                new int[] {1 << 30, 1 << 30}, new int[] {0, -1}, null);
        assertArrayEquals(new byte[] {3, 2}, Int8Model.dwconv2d(new byte[] {5, 5}, l)); // 2.5->3; 1.25->2
        assertArrayEquals(new byte[] {-2, -1}, Int8Model.dwconv2d(new byte[] {-5, -5}, l)); // -2.5->-2; -1.25->-1
    }

    @Test
    void averagePoolRoundsHalfAwayFromZero() {
        Int8Layer l = new Int8Layer(Int8Op.AVGPOOL, 2, 1, 1, 1, 1, 1, 2, 1, 2, 1, 0, 0, 0, 0, -128, 127,
                1f, 1f, false, null, null, null, null, null, null);
        assertArrayEquals(new byte[] {2}, Int8Model.avgpool(new byte[] {1, 2}, l));
        assertArrayEquals(new byte[] {-2}, Int8Model.avgpool(new byte[] {-1, -2}, l));
        assertArrayEquals(new byte[] {-128}, Int8Model.avgpool(new byte[] {-128, -128}, l));
        assertArrayEquals(new byte[] {0}, Int8Model.avgpool(new byte[] {1, -1}, l));
    }

    @Test
    void fullyConnectedUsesOneMultiplier() {
        Int8Layer l = new Int8Layer(Int8Op.FC, 1, 1, 3, 1, 1, 2, 1, 1, 1, 1, 0, 0, 2, 10, -128, 127,
                1f, 1f, false, new byte[] {1, 2, 3, -1, -1, -1}, new float[] {1}, new int[] {4, -4},
                new int[] {1 << 30}, new int[] {0}, null);
        // x - zp = {1, 0, -2}: row0 1 - 6 + 4 = -1 -> -0.5 -> 0 (SRDHM rounds -0.5 toward zero) + 10
        // row1 -1 + 2 - 4 = -3 -> -1.5 -> -1 + 10 = 9
        assertArrayEquals(new byte[] {10, 9}, Int8Model.fullyConnected(new byte[] {3, 2, 0}, l));
    }

    @Test
    void tableSoftmax() {
        int[] lut = Int8Model.softmaxLut(0.1f);
        Int8Layer l = new Int8Layer(Int8Op.SOFTMAX, 1, 1, 4, 1, 1, 4, 1, 1, 1, 1, 0, 0, 0, -128, -128, 127,
                0.1f, 1f / 256, false, null, null, null, null, null, lut);
        // equal logits: (2^20*256 + 2^21) / 2^22 = 64.5 -> 64; -128 -> -64
        assertArrayEquals(new byte[] {-64, -64, -64, -64}, Int8Model.softmax(new byte[] {7, 7, 7, 7}, l));
        // one dominant logit: d = 255 for the others, LUT ~ 2^20 e^-25.5 = 0
        byte[] y = Int8Model.softmax(new byte[] {127, -128, -128, -128}, l);
        assertArrayEquals(new byte[] {127, -128, -128, -128}, y); // 256 - 128 clamped to 127
        assertEquals(1 << 20, lut[0]);
        assertEquals(Math.round((1 << 20) * Math.exp(-0.1f * 10.0)), lut[10]);
        Int8Model m = new Int8Model("t", 1, 4, new QuantParams(0.1f, 0), List.of("a", "b", "c", "d"), List.of(l));
        assertArrayEquals(y, m.infer(new byte[] {127, -128, -128, -128}));
    }
}
