package dev.tinykws.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.Layer;
import dev.tinykws.model.FloatModel.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trained DJL block into the plain-Java {@link FloatModel} hand-off format.
 *
 * <p>Walks the (nested) {@link SequentialBlock} in execution order and tracks the activation
 * shape. PyTorch weights are transposed to the SPEC layouts: CONV2D OIHW → [out][kh][kw][in],
 * depthwise [c][1][kh][kw] → [kh][kw][c], FC [out][in] (when the FC follows a flatten of a
 * spatial map, its input columns are permuted from PyTorch's C·H·W order to NHWC's H·W·C).
 * BatchNorm gamma/beta/running mean/running variance are attached to the preceding conv,
 * ReLU sets the preceding layer's {@code relu} flag, dropout is dropped.
 */
public final class FloatModelExtractor {

    private FloatModelExtractor() { }

    /** Extracts the model's block with the default frontend's input (49×10). */
    public static FloatModel extract(Model model, String architecture, List<String> labels) {
        return extract(model.getBlock(), architecture, labels);
    }

    /** Extracts a trained block with the default frontend's input (49×10). */
    public static FloatModel extract(Block block, String architecture, List<String> labels) {
        FrontendConfig f = FrontendConfig.defaults();
        return extract(block, architecture, labels, f.framesPerClip(), f.numCoefficients());
    }

    /**
     * Extracts a trained block.
     *
     * @param block        an initialized block built by {@link KwsModels}
     * @param architecture name stored in the FloatModel
     * @param labels       class labels, one per output
     * @param inputH       frames (H) of the NCHW input [N, 1, H, W]
     * @param inputW       coefficients (W)
     */
    public static FloatModel extract(Block block, String architecture, List<String> labels, int inputH, int inputW) {
        if (!block.isInitialized()) {
            throw new TrainingException("cannot extract an uninitialized block: train it or load a checkpoint first");
        }
        Walker w = new Walker(inputH, inputW);
        w.walk(block);
        if (w.layers.isEmpty() || w.layers.get(w.layers.size() - 1).op() != Op.FC) {
            throw new TrainingException("the network must end with a fully connected layer");
        }
        int outputs = w.layers.get(w.layers.size() - 1).outChannels();
        if (outputs != labels.size()) {
            throw new TrainingException("the network has " + outputs + " outputs but " + labels.size()
                    + " labels were given: " + labels);
        }
        return new FloatModel(architecture, inputH, inputW, labels, w.layers);
    }

    /** Mutable walk state: current NCHW activation shape (C, H, W), layers so far. */
    private static final class Walker {
        final List<Layer> layers = new ArrayList<>();
        int c = 1;
        int h;
        int w;
        /** true once a flatten turned the map into a vector whose NCHW order still matters. */
        boolean flattenedSpatial;
        int flatC;
        int flatH;
        int flatW;

        Walker(int h, int w) {
            this.h = h;
            this.w = w;
        }

        void walk(Block block) {
            if (block instanceof SequentialBlock) {
                for (Pair<String, Block> child : block.getChildren()) {
                    walk(child.getValue());
                }
            } else if (block instanceof Conv2d conv) {
                conv(conv);
            } else if (block instanceof BatchNorm bn) {
                batchNorm(bn);
            } else if (block instanceof Linear linear) {
                linear(linear);
            } else if (block instanceof Dropout) {
                // identity at inference
            } else if (block instanceof LambdaBlock lambda) {
                lambda(lambda);
            } else {
                throw new TrainingException("cannot extract block of type " + block.getClass().getSimpleName()
                        + ": only Conv2d, BatchNorm, Linear, Dropout and the KwsModels lambdas are supported");
            }
        }

        private void conv(Conv2d conv) {
            requireNotFlat("Conv2d");
            Shape k = conv.getKernelShape();
            Shape s = conv.getStride();
            Shape p = conv.getPadding();
            Shape d = conv.getDilation();
            if (d.get(0) != 1 || d.get(1) != 1) {
                throw new TrainingException("dilated convolutions are not supported: " + d);
            }
            int kh = (int) k.get(0);
            int kw = (int) k.get(1);
            int sh = (int) s.get(0);
            int sw = (int) s.get(1);
            int ph = (int) p.get(0);
            int pw = (int) p.get(1);
            int out = conv.getFilters();
            int groups = conv.getGroups();
            float[] wt = param(conv, Parameter.Type.WEIGHT, "weight");
            float[] bias = conv.isIncludeBias() ? param(conv, Parameter.Type.BIAS, "bias") : null;
            Op op;
            float[] weights;
            if (groups == 1) {
                op = Op.CONV2D;
                expectLength(wt, (long) out * c * kh * kw, "conv weight");
                weights = new float[wt.length];
                // OIHW -> [out][kh][kw][in]
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < c; i++) {
                        for (int y = 0; y < kh; y++) {
                            for (int x = 0; x < kw; x++) {
                                weights[((o * kh + y) * kw + x) * c + i] = wt[((o * c + i) * kh + y) * kw + x];
                            }
                        }
                    }
                }
            } else if (groups == c && out == c) {
                op = Op.DWCONV2D;
                expectLength(wt, (long) c * kh * kw, "depthwise weight");
                weights = new float[wt.length];
                // [c][1][kh][kw] -> [kh][kw][c]
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < kh; y++) {
                        for (int x = 0; x < kw; x++) {
                            weights[(y * kw + x) * c + ch] = wt[(ch * kh + y) * kw + x];
                        }
                    }
                }
            } else {
                throw new TrainingException("grouped convolution with " + groups + " groups on " + c
                        + " channels is not supported (only plain or depthwise with multiplier 1)");
            }
            layers.add(new Layer(op, kh, kw, sh, sw, ph, pw, out, false, weights, bias, null));
            h = (h + 2 * ph - kh) / sh + 1;
            w = (w + 2 * pw - kw) / sw + 1;
            c = out;
            if (h < 1 || w < 1) {
                throw new TrainingException("convolution " + kh + "x" + kw + " leaves an empty output");
            }
        }

        private void batchNorm(BatchNorm bn) {
            Layer prev = last("BatchNorm");
            if ((prev.op() != Op.CONV2D && prev.op() != Op.DWCONV2D) || prev.bn() != null || prev.relu()) {
                throw new TrainingException("BatchNorm must directly follow a convolution (found after "
                        + prev.op() + (prev.relu() ? "+ReLU" : "") + ")");
            }
            float[] gamma = param(bn, Parameter.Type.GAMMA, "gamma");
            float[] beta = param(bn, Parameter.Type.BETA, "beta");
            float[] mean = param(bn, Parameter.Type.RUNNING_MEAN, "runningMean");
            float[] var = param(bn, Parameter.Type.RUNNING_VAR, "runningVar");
            for (float[] a : new float[][] {gamma, beta, mean, var}) {
                expectLength(a, prev.outChannels(), "BatchNorm parameter");
            }
            replaceLast(new Layer(prev.op(), prev.kh(), prev.kw(), prev.strideH(), prev.strideW(), prev.padH(),
                    prev.padW(), prev.outChannels(), false, prev.weights(), prev.bias(),
                    new FloatModel.BatchNorm(gamma, beta, mean, var, KwsModels.BN_EPS)));
        }

        private void lambda(LambdaBlock lambda) {
            String name = lambda.getName();
            if (KwsModels.RELU.equalsIgnoreCase(name)) {
                Layer prev = last("ReLU");
                if (prev.relu() || prev.op() == Op.AVGPOOL) {
                    throw new TrainingException("ReLU after " + prev.op() + " is not supported");
                }
                replaceLast(new Layer(prev.op(), prev.kh(), prev.kw(), prev.strideH(), prev.strideW(), prev.padH(),
                        prev.padW(), prev.outChannels(), true, prev.weights(), prev.bias(), prev.bn()));
            } else if (KwsModels.GLOBAL_AVG_POOL.equals(name)) {
                requireNotFlat("global average pooling");
                layers.add(new Layer(Op.AVGPOOL, h, w, h, w, 0, 0, c, false, null, null, null));
                h = 1;
                w = 1;
            } else if (KwsModels.FLATTEN.equals(name)) {
                if (!flattenedSpatial) {
                    flattenedSpatial = true;
                    flatC = c;
                    flatH = h;
                    flatW = w;
                }
            } else {
                throw new TrainingException("cannot extract lambda block '" + name + "'");
            }
        }

        private void linear(Linear linear) {
            float[] wt = param(linear, Parameter.Type.WEIGHT, "weight");
            float[] bias = param(linear, Parameter.Type.BIAS, "bias");
            int out = bias.length;
            int in = flattenedSpatial ? flatC * flatH * flatW : c * h * w;
            expectLength(wt, (long) out * in, "linear weight");
            float[] weights = wt.clone();
            int hh = flattenedSpatial ? flatH : h;
            int ww = flattenedSpatial ? flatW : w;
            int cc = flattenedSpatial ? flatC : c;
            if (hh * ww > 1) {
                // PyTorch flattens NCHW as (c, y, x); our NHWC tensors flatten as (y, x, c).
                for (int o = 0; o < out; o++) {
                    for (int ch = 0; ch < cc; ch++) {
                        for (int y = 0; y < hh; y++) {
                            for (int x = 0; x < ww; x++) {
                                weights[o * in + (y * ww + x) * cc + ch] = wt[o * in + (ch * hh + y) * ww + x];
                            }
                        }
                    }
                }
            }
            layers.add(new Layer(Op.FC, 1, 1, 1, 1, 0, 0, out, false, weights, bias, null));
            c = out;
            h = 1;
            w = 1;
            flattenedSpatial = false;
        }

        private void requireNotFlat(String what) {
            if (flattenedSpatial) {
                throw new TrainingException(what + " after a flatten is not supported");
            }
        }

        private Layer last(String what) {
            if (layers.isEmpty()) {
                throw new TrainingException(what + " cannot be the first block");
            }
            return layers.get(layers.size() - 1);
        }

        private void replaceLast(Layer layer) {
            layers.set(layers.size() - 1, layer);
        }

        private static float[] param(Block block, Parameter.Type type, String name) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                Parameter param = p.getValue();
                if (param.getType() == type || p.getKey().equals(name)) {
                    if (!param.isInitialized()) {
                        throw new TrainingException("parameter " + name + " of " + block.getClass().getSimpleName()
                                + " is not initialized");
                    }
                    return param.getArray().toFloatArray();
                }
            }
            throw new TrainingException(block.getClass().getSimpleName() + " has no parameter " + name);
        }

        private static void expectLength(float[] a, long expected, String what) {
            if (a.length != expected) {
                throw new TrainingException(what + " has " + a.length + " values, expected " + expected);
            }
        }
    }
}
