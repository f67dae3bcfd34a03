package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.tinykws.model.FloatModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FloatModelExtractorTest {

    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");

    /** Initializes the block and gives every BN non-trivial running statistics. */
    static void initRandom(Block block, NDManager manager, long seed) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 49, 10));
        Random r = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            Parameter.Type t = p.getValue().getType();
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (t) {
                    case RUNNING_VAR -> 0.2f + r.nextFloat() * 2f;
                    case GAMMA -> 0.5f + r.nextFloat();
                    case RUNNING_MEAN, BETA, BIAS -> (float) r.nextGaussian() * 0.3f;
                    default -> (float) r.nextGaussian() * (float) Math.sqrt(2.0 / Math.max(1, fanIn(a.getShape())));
                };
            }
            a.set(v);
        }
    }

    private static long fanIn(Shape s) {
        long f = 1;
        for (int i = 1; i < s.dimension(); i++) {
            f *= s.get(i);
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void extractedModelComputesTheSameLogitsAsDjl(Architecture arch) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = arch.build(LABELS.size());
            initRandom(block, manager, 7);
            FloatModel fm = FloatModelExtractor.extract(block, arch.id(), LABELS);
            assertEquals(arch.id(), fm.architecture());
            assertEquals(LABELS, fm.labels());

            Random r = new Random(3);
            for (int trial = 0; trial < 3; trial++) {
                float[] in = new float[490];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) r.nextGaussian() * 4f;
                }
                NDArray x = manager.create(in, new Shape(1, 1, 49, 10));
                float[] djl = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                float[] ref = ReferenceForward.logits(fm, in);
                assertEquals(LABELS.size(), djl.length);
                float scale = 0;
                for (float v : djl) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertArrayEquals(djl, ref, 1e-4f * Math.max(1, scale), "trial " + trial);
                // quantization's own float reference (softmax output) agrees too
                float[] probs = new dev.tinykws.quant.FloatInference(fm).infer(in);
                float[] djlProbs = dev.tinykws.quant.FloatInference.softmax(djl);
                assertArrayEquals(djlProbs, probs, 1e-5f, "FloatInference, trial " + trial);
            }
        }
    }

    @Test
    void dsCnnSHasTheHelloEdgeShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Architecture.DS_CNN_S.build(12);
            initRandom(block, manager, 1);
            FloatModel fm = FloatModelExtractor.extract(block, "ds-cnn-s", labels(12));
            List<FloatModel.Layer> l = fm.layers();
            assertEquals(1 + 8 + 1 + 1, l.size());
            FloatModel.Layer first = l.get(0);
            assertEquals(FloatModel.Op.CONV2D, first.op());
            assertEquals(List.of(10, 4, 2, 2, 5, 1, 64), List.of(first.kh(), first.kw(), first.strideH(),
                    first.strideW(), first.padH(), first.padW(), first.outChannels()));
            assertTrue(first.relu());
            assertEquals(null, first.bias());
            assertEquals(64, first.bn().gamma().length);
            assertEquals(FloatModel.Op.DWCONV2D, l.get(1).op());
            assertEquals(9 * 64, l.get(1).weights().length);
            assertEquals(FloatModel.Op.CONV2D, l.get(2).op());
            assertEquals(64 * 64, l.get(2).weights().length);
            FloatModel.Layer pool = l.get(9);
            assertEquals(FloatModel.Op.AVGPOOL, pool.op());
            assertEquals(List.of(25, 5), List.of(pool.kh(), pool.kw()));
            assertEquals(FloatModel.Op.FC, l.get(10).op());
            assertEquals(12 * 64, l.get(10).weights().length);

            ModelStats s = ModelStats.of(fm);
            // conv1 2560 + 4 × (576 + 4096) + FC 780, plus BN gamma/beta 9 × 128 and FC bias
            assertEquals(2560 + 4 * (576 + 4096) + 12 * 64 + 12 + 9 * 128, s.trainableParams());
            long macs = 25L * 5 * 64 * 40 + 4L * (25 * 5 * 64 * 9 + 25 * 5 * 64 * 64) + 64 * 12;
            assertEquals(macs, s.macs());
            assertEquals(25L * 5 * 64, s.maxActivation());
        }
    }

    @Test
    void labelCountMustMatchOutputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Architecture.TINY_CONV.build(3);
            initRandom(block, manager, 1);
            TrainingException e = assertThrows(TrainingException.class,
                    () -> FloatModelExtractor.extract(block, "tiny-conv", LABELS));
            assertTrue(e.getMessage().contains("3 outputs"), e.getMessage());
        }
    }

    @Test
    void uninitializedBlockIsRejected() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> FloatModelExtractor.extract(Architecture.DS_CNN_S.build(4), "ds-cnn-s", LABELS));
        assertTrue(e.getMessage().contains("uninitialized"), e.getMessage());
    }

    @Test
    void unknownArchitectureNamesTheChoices() {
        TrainingException e = assertThrows(TrainingException.class, () -> Architecture.parse("resnet"));
        assertTrue(e.getMessage().contains("ds-cnn-s") && e.getMessage().contains("tiny-conv"), e.getMessage());
    }

    static List<String> labels(int n) {
        List<String> l = new java.util.ArrayList<>(List.of("_silence_", "_unknown_"));
        for (int i = 2; i < n; i++) {
            l.add("w" + i);
        }
        return l;
    }

}
