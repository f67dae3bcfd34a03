package dev.tinykws.quant;

/**
 * One int8 layer, a superset of the C {@code kws_layer_t}: the integer parameters the kernels
 * use plus the float scales they came from (needed by the .tflite exporter and model.json).
 *
 * @param op            operation
 * @param inH           input height (time)
 * @param inW           input width
 * @param inC           input channels (FC: the flattened input length, with inH = inW = 1)
 * @param outH          output height
 * @param outW          output width
 * @param outC          output channels
 * @param kH            kernel/window height (FC, SOFTMAX: 1)
 * @param kW            kernel/window width
 * @param strideH       stride in H
 * @param strideW       stride in W
 * @param padH          zero padding before (top); PyTorch-symmetric, so also after
 * @param padW          zero padding before (left) and after (right)
 * @param inZp          input zero point
 * @param outZp         output zero point
 * @param actMin        output clamp low
 * @param actMax        output clamp high
 * @param inScale       input scale
 * @param outScale      output scale
 * @param relu          ReLU fused (actMin = outZp)
 * @param weights       CONV [outC][kH][kW][inC]; DW [kH][kW][C]; FC [outC][inC]; else null
 * @param weightScales  per output channel (CONV, DW) or one (FC); else null
 * @param bias          int32 bias [outC] (scale inScale·weightScale[c]) or null
 * @param multiplier    requantization multipliers ([outC] CONV/DW, [1] FC) or null
 * @param shift         requantization shifts, same length as multiplier
 * @param lut           SOFTMAX: 256 exp entries; else null
 */
public record Int8Layer(Int8Op op, int inH, int inW, int inC, int outH, int outW, int outC,
                        int kH, int kW, int strideH, int strideW, int padH, int padW,
                        int inZp, int outZp, int actMin, int actMax, float inScale, float outScale, boolean relu,
                        byte[] weights, float[] weightScales, int[] bias, int[] multiplier, int[] shift, int[] lut) {

    public int inSize() {
        return inH * inW * inC;
    }

    public int outSize() {
        return outH * outW * outC;
    }

    /** Multiply-accumulates of one inference of this layer. */
    public long macs() {
        return switch (op) {
            case CONV2D -> (long) outSize() * kH * kW * inC;
            case DWCONV2D -> (long) outSize() * kH * kW;
            case FC -> (long) outC * inC;
            case AVGPOOL -> (long) outSize() * kH * kW;
            case SOFTMAX -> 0;
        };
    }

    public int paramCount() {
        return (weights == null ? 0 : weights.length) + (bias == null ? 0 : bias.length);
    }
}
