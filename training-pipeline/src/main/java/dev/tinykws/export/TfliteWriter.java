package dev.tinykws.export;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Int8Op;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the int8 model as a TFLite flatbuffer (schema version 3, file identifier "TFL3"),
 * built field by field from the public TFLite schema with the flatbuffers runtime.
 *
 * <p>Conventions: int8 tensors with per-tensor asymmetric activations; conv weights OHWI with
 * per-channel scales on dimension 0; depthwise weights [1, kh, kw, C] per-channel on dimension
 * 3; FC weights [out, in] per-tensor; int32 biases with scale s_in·s_w. PyTorch padding that
 * TFLite SAME/VALID cannot express (the first DS-CNN conv pads 5 rows on both sides, SAME
 * would pad 4 before) becomes an explicit PAD op followed by a VALID conv. One subgraph;
 * buffer 0 is the empty buffer shared by all activation tensors.
 */
public final class TfliteWriter {

    // BuiltinOperator
    static final int OP_AVERAGE_POOL_2D = 1, OP_CONV_2D = 3, OP_DEPTHWISE_CONV_2D = 4, OP_FULLY_CONNECTED = 9,
            OP_RESHAPE = 22, OP_SOFTMAX = 25, OP_PAD = 34;
    // BuiltinOptions union
    static final byte OPT_CONV2D = 1, OPT_DEPTHWISE = 2, OPT_POOL2D = 5, OPT_FC = 8, OPT_SOFTMAX = 9,
            OPT_RESHAPE = 17, OPT_PAD = 22;
    static final byte TYPE_INT32 = 2, TYPE_INT8 = 9;
    static final byte PADDING_SAME = 0, PADDING_VALID = 1;
    static final byte ACT_NONE = 0, ACT_RELU = 1;

    private TfliteWriter() { }

    public static void write(Int8Model model, Path file) {
        try {
            Files.write(file, toBytes(model, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param exposeAllLayers if true, every layer output is a subgraph output (in layer order),
     *                        which lets another runtime be compared layer by layer
     */
    public static byte[] toBytes(Int8Model model, boolean exposeAllLayers) {
        return new Graph(model).build(0, model.layers().size(), exposeAllLayers);
    }

    /**
     * A model of layers {@code from} (inclusive) to {@code to} (exclusive) only; its input is
     * layer {@code from}'s input tensor. Used to compare runtimes one layer at a time.
     */
    public static byte[] toBytes(Int8Model model, int from, int to, boolean exposeAllLayers) {
        if (from < 0 || to > model.layers().size() || from >= to) {
            throw new IllegalArgumentException("bad layer range " + from + ".." + to);
        }
        return new Graph(model).build(from, to, exposeAllLayers);
    }

    private record Quant(float[] scales, long[] zeroPoints, int dim) { }

    private record Tensor(String name, int[] shape, byte type, int buffer, Quant q) { }

    private record Op(int code, int[] inputs, int[] outputs, byte optType, OptionsWriter options) { }

    @FunctionalInterface
    private interface OptionsWriter {
        int write(FlatBufferBuilder b);
    }

    private static final class Graph {
        final Int8Model model;
        final List<Tensor> tensors = new ArrayList<>();
        final List<byte[]> buffers = new ArrayList<>();
        final List<Op> ops = new ArrayList<>();
        final Map<Integer, Integer> opcodeIndex = new LinkedHashMap<>();
        final List<Integer> layerOutputs = new ArrayList<>();

        Graph(Int8Model model) {
            this.model = model;
            buffers.add(new byte[0]);
        }

        int activation(String name, int[] shape, float scale, int zp) {
            tensors.add(new Tensor(name, shape, TYPE_INT8, 0, new Quant(new float[] {scale}, new long[] {zp}, 0)));
            return tensors.size() - 1;
        }

        int constant(String name, int[] shape, byte type, byte[] data, Quant q) {
            buffers.add(data);
            tensors.add(new Tensor(name, shape, type, buffers.size() - 1, q));
            return tensors.size() - 1;
        }

        void op(int code, int[] in, int[] out, byte optType, OptionsWriter w) {
            opcodeIndex.putIfAbsent(code, opcodeIndex.size());
            ops.add(new Op(code, in, out, optType, w));
        }

        byte[] build(int from, int to, boolean exposeAll) {
            Int8Layer first = model.layers().get(from);
            boolean flat = first.op() == Int8Op.SOFTMAX;
            int[] inShape = from == 0 ? new int[] {1, model.inputH(), model.inputW(), 1}
                    : flat ? new int[] {1, first.inC()} : new int[] {1, first.inH(), first.inW(), first.inC()};
            int x = activation("input", inShape, from == 0 ? model.input().scale() : first.inScale(),
                    from == 0 ? model.input().zeroPoint() : first.inZp());
            int input = x;
            for (int i = from; i < to; i++) {
                Int8Layer l = model.layers().get(i);
                String n = "l" + i + "_" + l.op().name().toLowerCase();
                switch (l.op()) {
                    case CONV2D, DWCONV2D -> x = conv(n, x, l);
                    case AVGPOOL -> {
                        int y = activation(n, new int[] {1, l.outH(), l.outW(), l.outC()}, l.outScale(), l.outZp());
                        op(OP_AVERAGE_POOL_2D, new int[] {x}, new int[] {y}, OPT_POOL2D, b -> {
                            b.startTable(6);
                            b.addByte(0, PADDING_VALID, 0);
                            b.addInt(1, l.strideW(), 0);
                            b.addInt(2, l.strideH(), 0);
                            b.addInt(3, l.kW(), 0);
                            b.addInt(4, l.kH(), 0);
                            b.addByte(5, l.relu() ? ACT_RELU : ACT_NONE, 0);
                            return b.endTable();
                        });
                        x = y;
                    }
                    case FC -> {
                        if (!flat) {
                            int r = activation(n + "/flatten", new int[] {1, l.inC()}, l.inScale(), l.inZp());
                            int[] newShape = {1, l.inC()};
                            op(OP_RESHAPE, new int[] {x}, new int[] {r}, OPT_RESHAPE, b -> {
                                int v = intVector(b, newShape);
                                b.startTable(1);
                                b.addOffset(0, v, 0);
                                return b.endTable();
                            });
                            x = r;
                        }
                        int w = constant(n + "/weights", new int[] {l.outC(), l.inC()}, TYPE_INT8, l.weights(),
                                new Quant(l.weightScales(), new long[1], 0));
                        int bias = constant(n + "/bias", new int[] {l.outC()}, TYPE_INT32, int32Bytes(l.bias()),
                                new Quant(new float[] {l.inScale() * l.weightScales()[0]}, new long[1], 0));
                        int y = activation(n, new int[] {1, l.outC()}, l.outScale(), l.outZp());
                        op(OP_FULLY_CONNECTED, new int[] {x, w, bias}, new int[] {y}, OPT_FC, b -> {
                            b.startTable(4);
                            b.addByte(0, l.relu() ? ACT_RELU : ACT_NONE, 0);
                            return b.endTable();
                        });
                        x = y;
                    }
                    case SOFTMAX -> {
                        if (!flat) {
                            throw new IllegalStateException("softmax must follow a fully connected layer");
                        }
                        int y = activation(n, new int[] {1, l.outC()}, l.outScale(), l.outZp());
                        op(OP_SOFTMAX, new int[] {x}, new int[] {y}, OPT_SOFTMAX, b -> {
                            b.startTable(1);
                            b.addFloat(0, 1.0f, 0.0);
                            return b.endTable();
                        });
                        x = y;
                    }
                }
                flat = l.op() == Int8Op.FC || l.op() == Int8Op.SOFTMAX;
                layerOutputs.add(x);
            }
            int[] outputs = exposeAll ? layerOutputs.stream().mapToInt(Integer::intValue).toArray() : new int[] {x};
            return serialize(new int[] {input}, outputs);
        }

        int conv(String n, int x, Int8Layer l) {
            boolean dw = l.op() == Int8Op.DWCONV2D;
            byte padding;
            if (sameMatches(l.inH(), l.kH(), l.strideH(), l.padH(), l.outH())
                    && sameMatches(l.inW(), l.kW(), l.strideW(), l.padW(), l.outW())) {
                padding = PADDING_SAME;
            } else {
                padding = PADDING_VALID;
                if (l.padH() != 0 || l.padW() != 0) {
                    int[] pads = {0, 0, l.padH(), l.padH(), l.padW(), l.padW(), 0, 0};
                    int pt = constant(n + "/paddings", new int[] {4, 2}, TYPE_INT32, int32Bytes(pads), null);
                    int y = activation(n + "/pad", new int[] {1, l.inH() + 2 * l.padH(), l.inW() + 2 * l.padW(), l.inC()},
                            l.inScale(), l.inZp());
                    op(OP_PAD, new int[] {x, pt}, new int[] {y}, OPT_PAD, b -> {
                        b.startTable(0);
                        return b.endTable();
                    });
                    x = y;
                }
            }
            int[] wShape = dw ? new int[] {1, l.kH(), l.kW(), l.outC()} : new int[] {l.outC(), l.kH(), l.kW(), l.inC()};
            int w = constant(n + "/weights", wShape, TYPE_INT8, l.weights(),
                    new Quant(l.weightScales(), new long[l.outC()], dw ? 3 : 0));
            int bias = constant(n + "/bias", new int[] {l.outC()}, TYPE_INT32, int32Bytes(l.bias()),
                    new Quant(biasScales(l), new long[l.outC()], 0));
            int y = activation(n, new int[] {1, l.outH(), l.outW(), l.outC()}, l.outScale(), l.outZp());
            byte pad = padding;
            byte act = l.relu() ? ACT_RELU : ACT_NONE;
            if (dw) {
                op(OP_DEPTHWISE_CONV_2D, new int[] {x, w, bias}, new int[] {y}, OPT_DEPTHWISE, b -> {
                    b.startTable(7);
                    b.addByte(0, pad, 0);
                    b.addInt(1, l.strideW(), 0);
                    b.addInt(2, l.strideH(), 0);
                    b.addInt(3, 1, 0);          // depth_multiplier
                    b.addByte(4, act, 0);
                    b.addInt(5, 1, 1);
                    b.addInt(6, 1, 1);
                    return b.endTable();
                });
            } else {
                op(OP_CONV_2D, new int[] {x, w, bias}, new int[] {y}, OPT_CONV2D, b -> {
                    b.startTable(6);
                    b.addByte(0, pad, 0);
                    b.addInt(1, l.strideW(), 0);
                    b.addInt(2, l.strideH(), 0);
                    b.addByte(3, act, 0);
                    b.addInt(4, 1, 1);
                    b.addInt(5, 1, 1);
                    return b.endTable();
                });
            }
            return y;
        }

        byte[] serialize(int[] inputs, int[] outputs) {
            FlatBufferBuilder b = new FlatBufferBuilder(64 * 1024);
            // buffers
            int[] bufOffsets = new int[buffers.size()];
            for (int i = 0; i < buffers.size(); i++) {
                byte[] d = buffers.get(i);
                int data = 0;
                if (d.length > 0) {
                    b.startVector(1, d.length, 16);
                    for (int j = d.length - 1; j >= 0; j--) b.addByte(d[j]);
                    data = b.endVector();
                }
                b.startTable(3);
                if (data != 0) b.addOffset(0, data, 0);
                bufOffsets[i] = b.endTable();
            }
            // tensors
            int[] tOffsets = new int[tensors.size()];
            for (int i = 0; i < tensors.size(); i++) {
                Tensor t = tensors.get(i);
                int name = b.createString(t.name());
                int shape = intVector(b, t.shape());
                int q = 0;
                if (t.q() != null) {
                    b.startVector(4, t.q().scales().length, 4);
                    for (int j = t.q().scales().length - 1; j >= 0; j--) b.addFloat(t.q().scales()[j]);
                    int scales = b.endVector();
                    b.startVector(8, t.q().zeroPoints().length, 8);
                    for (int j = t.q().zeroPoints().length - 1; j >= 0; j--) b.addLong(t.q().zeroPoints()[j]);
                    int zps = b.endVector();
                    b.startTable(7);
                    b.addOffset(2, scales, 0);
                    b.addOffset(3, zps, 0);
                    b.addInt(6, t.q().dim(), 0);
                    q = b.endTable();
                }
                b.startTable(8);
                b.addOffset(0, shape, 0);
                b.addByte(1, t.type(), 0);
                b.addInt(2, t.buffer(), 0);
                b.addOffset(3, name, 0);
                if (q != 0) b.addOffset(4, q, 0);
                tOffsets[i] = b.endTable();
            }
            // operators
            int[] oOffsets = new int[ops.size()];
            for (int i = 0; i < ops.size(); i++) {
                Op o = ops.get(i);
                int in = intVector(b, o.inputs());
                int out = intVector(b, o.outputs());
                int opts = o.options().write(b);
                b.startTable(5);
                b.addInt(0, opcodeIndex.get(o.code()), 0);
                b.addOffset(1, in, 0);
                b.addOffset(2, out, 0);
                b.addByte(3, o.optType(), 0);
                b.addOffset(4, opts, 0);
                oOffsets[i] = b.endTable();
            }
            int tensorsVec = tableVector(b, tOffsets);
            int inVec = intVector(b, inputs);
            int outVec = intVector(b, outputs);
            int opsVec = tableVector(b, oOffsets);
            int sgName = b.createString("main");
            b.startTable(5);
            b.addOffset(0, tensorsVec, 0);
            b.addOffset(1, inVec, 0);
            b.addOffset(2, outVec, 0);
            b.addOffset(3, opsVec, 0);
            b.addOffset(4, sgName, 0);
            int subgraph = b.endTable();
            // operator codes
            int[] codeOffsets = new int[opcodeIndex.size()];
            int k = 0;
            for (int code : opcodeIndex.keySet()) {
                b.startTable(4);
                b.addByte(0, (byte) code, 0);       // deprecated_builtin_code (codes < 127)
                b.addInt(2, version(code), 1);
                b.addInt(3, code, 0);               // builtin_code
                codeOffsets[k++] = b.endTable();
            }
            int codesVec = tableVector(b, codeOffsets);
            int subgraphs = tableVector(b, new int[] {subgraph});
            int buffersVec = tableVector(b, bufOffsets);
            int desc = b.createString("TinyKWS int8 " + model.architecture() + " (labels " + String.join(",", model.labels()) + ")");
            b.startTable(5);
            b.addInt(0, 3, 0);
            b.addOffset(1, codesVec, 0);
            b.addOffset(2, subgraphs, 0);
            b.addOffset(3, desc, 0);
            b.addOffset(4, buffersVec, 0);
            int root = b.endTable();
            b.finish(root, "TFL3");
            return b.sizedByteArray();
        }
    }

    /** TFLite SAME padding gives the same output size and the same padding before. */
    static boolean sameMatches(int in, int k, int stride, int padBefore, int out) {
        int o = (in + stride - 1) / stride;
        int total = Math.max((o - 1) * stride + k - in, 0);
        return o == out && total / 2 == padBefore;
    }

    private static int version(int code) {
        return switch (code) {
            case OP_CONV_2D, OP_DEPTHWISE_CONV_2D -> 3;
            case OP_FULLY_CONNECTED -> 4;
            case OP_AVERAGE_POOL_2D, OP_SOFTMAX, OP_PAD -> 2;
            default -> 1;
        };
    }

    private static float[] biasScales(Int8Layer l) {
        float[] s = new float[l.outC()];
        for (int c = 0; c < s.length; c++) {
            float ws = l.weightScales().length == 1 ? l.weightScales()[0] : l.weightScales()[c];
            s[c] = l.inScale() * ws;
        }
        return s;
    }

    private static byte[] int32Bytes(int[] v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) bb.putInt(x);
        return bb.array();
    }

    private static int intVector(FlatBufferBuilder b, int[] v) {
        b.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) b.addInt(v[i]);
        return b.endVector();
    }

    private static int tableVector(FlatBufferBuilder b, int[] offsets) {
        b.startVector(4, offsets.length, 4);
        for (int i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
        return b.endVector();
    }
}
