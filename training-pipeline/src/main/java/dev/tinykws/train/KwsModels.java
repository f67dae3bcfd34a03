package dev.tinykws.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The keyword-spotting networks, as plain functions returning a DJL {@link Block}.
 *
 * <p>Every network takes NCHW input {@code [N, 1, 49, 10]} (H = time frames, W = MFCC
 * coefficients) and returns logits {@code [N, classes]}; the softmax lives in the loss and in
 * the int8 runtime. Convolutions have no bias and are followed by BatchNorm so that BN folds
 * cleanly into them. Only the block kinds that {@link FloatModelExtractor} understands are
 * used: {@code Conv2d} (plain or depthwise), {@code BatchNorm}, the lambda blocks named
 * {@value #RELU}, {@value #GLOBAL_AVG_POOL} and {@value #FLATTEN}, {@code Dropout}, {@code Linear}.
 */
public final class KwsModels {

    /** Name of the ReLU lambda block. */
    public static final String RELU = "relu";
    /** Name of the global average pooling lambda block (output [N, C]). */
    public static final String GLOBAL_AVG_POOL = "global_avg_pool";
    /** Name of the flatten lambda block (NCHW order, as PyTorch flattens). */
    public static final String FLATTEN = "flatten";
    /** BatchNorm epsilon, also written into the extracted FloatModel. */
    public static final float BN_EPS = 1e-5f;

    private KwsModels() { }

    /**
     * DS-CNN-S (Hello Edge, Zhang et al. 2017): conv 10×4 stride 2 (padding 5×1 → 25×5), 64
     * channels; four depthwise-separable blocks (DW 3×3 + BN + ReLU, PW 1×1 + BN + ReLU);
     * global average pooling; fully connected.
     */
    public static Block dsCnnS(int classes) {
        return dsCnn(classes, 64, 4);
    }

    /** The DS-CNN family with a given width and number of depthwise-separable blocks. */
    public static Block dsCnn(int classes, int channels, int dsBlocks) {
        requireClasses(classes);
        SequentialBlock net = new SequentialBlock();
        net.add(conv(channels, 10, 4, 2, 2, 5, 1, 1)).add(bn()).add(relu());
        for (int i = 0; i < dsBlocks; i++) {
            net.add(conv(channels, 3, 3, 1, 1, 1, 1, channels)).add(bn()).add(relu());
            net.add(conv(channels, 1, 1, 1, 1, 0, 0, 1)).add(bn()).add(relu());
        }
        net.add(globalAvgPool());
        net.add(Linear.builder().setUnits(classes).optBias(true).build());
        return net;
    }

    /**
     * The micro_speech "tiny_conv" idea on a 49×10 input: conv 10×8 stride 2 (padding 5×3 →
     * 25×5), 8 channels, BN, ReLU, dropout 0.5 (training only), fully connected over the
     * flattened 25×5×8 map.
     */
    public static Block tinyConv(int classes) {
        requireClasses(classes);
        SequentialBlock net = new SequentialBlock();
        net.add(conv(8, 10, 8, 2, 2, 5, 3, 1)).add(bn()).add(relu());
        net.add(Dropout.builder().optRate(0.5f).build());
        net.add(flatten());
        net.add(Linear.builder().setUnits(classes).optBias(true).build());
        return net;
    }

    static Block conv(int filters, int kh, int kw, int sh, int sw, int ph, int pw, int groups) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kh, kw))
                .optStride(new Shape(sh, sw))
                .optPadding(new Shape(ph, pw))
                .optGroups(groups)
                .optBias(false)
                .build();
    }

    static Block bn() {
        return BatchNorm.builder().optEpsilon(BN_EPS).build();
    }

    static Block relu() {
        return new LambdaBlock(list -> new NDList(Activation.relu(list.singletonOrThrow())), RELU);
    }

    static Block globalAvgPool() {
        return new LambdaBlock(list -> {
            var x = list.singletonOrThrow();
            var pooled = Pool.globalAvgPool2d(x);
            return new NDList(pooled.reshape(x.getShape().get(0), x.getShape().get(1)));
        }, GLOBAL_AVG_POOL);
    }

    static Block flatten() {
        return new LambdaBlock(list -> {
            var x = list.singletonOrThrow();
            return new NDList(x.reshape(x.getShape().get(0), -1));
        }, FLATTEN);
    }

    private static void requireClasses(int classes) {
        if (classes < 2) {
            throw new TrainingException("a classifier needs at least 2 classes, got " + classes);
        }
    }
}
