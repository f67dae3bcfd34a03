package dev.tinykws.model;

import java.util.List;

/**
 * A trained float network in plain Java: the hand-off between DJL training
 * ({@code dev.tinykws.train}) and quantization/export ({@code dev.tinykws.quant}).
 *
 * <p>Tensors are NHWC with H = time frames, W = cepstral coefficients, C = channels
 * (docs/SPEC.md section 3). A softmax follows the last layer implicitly.
 *
 * @param architecture name of the architecture function that built it (e.g. "ds-cnn-s")
 * @param inputH       frames per model input (49)
 * @param inputW       coefficients per frame (10)
 * @param labels       class labels: "_silence_", "_unknown_", then keywords
 * @param layers       layers in execution order
 */
public record FloatModel(String architecture, int inputH, int inputW, List<String> labels, List<Layer> layers) {

    public FloatModel {
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
    }

    /** Operations the int8 runtime supports. */
    public enum Op { CONV2D, DWCONV2D, AVGPOOL, FC }

    /** BatchNorm parameters, folded into the preceding conv before quantization. */
    public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] var, float eps) { }

    /**
     * One layer.
     *
     * @param op          operation
     * @param kh          kernel height (AVGPOOL: window height; FC: 1)
     * @param kw          kernel width
     * @param strideH     stride in H
     * @param strideW     stride in W
     * @param padH        zero padding before (top) and after (bottom), PyTorch-style symmetric
     * @param padW        zero padding left and right
     * @param outChannels output channels (DWCONV2D and AVGPOOL: equal to input channels)
     * @param relu        ReLU after the (BN-folded) layer
     * @param weights     CONV2D [out][kh][kw][in]; DWCONV2D [kh][kw][c]; FC [out][in]; else null
     * @param bias        [out] or null
     * @param bn          BatchNorm following the layer, or null
     */
    public record Layer(Op op, int kh, int kw, int strideH, int strideW, int padH, int padW,
                        int outChannels, boolean relu, float[] weights, float[] bias, BatchNorm bn) { }
}
