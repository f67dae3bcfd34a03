package dev.tinykws.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Int8Op;
import dev.tinykws.quant.QuantParams;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** (De)serialization of the int8 and float models inside model.json. */
final class ModelJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelJson() { }

    // ---- int8 -------------------------------------------------------------------------------

    static ObjectNode int8ToJson(Int8Model m) {
        ObjectNode q = MAPPER.createObjectNode();
        q.put("scheme", "tflite-int8: per-channel symmetric conv/depthwise weights, per-tensor symmetric FC "
                + "weights, per-tensor asymmetric activations, int32 bias, fixed-point multiplier+shift");
        q.put("architecture", m.architecture());
        q.put("inputH", m.inputH());
        q.put("inputW", m.inputW());
        // the input quantization is stored once, in "frontend" (inputScale / inputZeroPoint)
        ObjectNode s = q.putObject("summary");
        s.put("parameters", m.paramCount());
        s.put("macs", m.macs());
        s.put("constantBytes", m.constantBytes());
        s.put("maxTensorBytes", m.maxTensorBytes());
        ArrayNode layers = q.putArray("layers");
        for (Int8Layer l : m.layers()) {
            ObjectNode o = layers.addObject();
            o.put("op", l.op().name());
            ints(o.putArray("in"), l.inH(), l.inW(), l.inC());
            ints(o.putArray("out"), l.outH(), l.outW(), l.outC());
            ints(o.putArray("kernel"), l.kH(), l.kW());
            ints(o.putArray("stride"), l.strideH(), l.strideW());
            ints(o.putArray("padBefore"), l.padH(), l.padW());
            o.put("inScale", l.inScale());
            o.put("inZeroPoint", l.inZp());
            o.put("outScale", l.outScale());
            o.put("outZeroPoint", l.outZp());
            o.put("actMin", l.actMin());
            o.put("actMax", l.actMax());
            o.put("relu", l.relu());
            if (l.weightScales() != null) {
                ArrayNode a = o.putArray("weightScales");
                for (float f : l.weightScales()) a.add(f);
            }
            if (l.multiplier() != null) ints(o.putArray("multiplier"), l.multiplier());
            if (l.shift() != null) ints(o.putArray("shift"), l.shift());
            if (l.bias() != null) ints(o.putArray("bias"), l.bias());
            if (l.weights() != null) o.put("weights", Base64.getEncoder().encodeToString(l.weights()));
            if (l.lut() != null) ints(o.putArray("lut"), l.lut());
        }
        return q;
    }

    /**
     * @param input the input quantization: the frontend's inputScale / inputZeroPoint (packages written
     *              before it was stored once also hold it under "quantization.input"; the caller checks both agree)
     */
    /** The legacy "quantization.input" of packages written before the frontend held it alone, or null. */
    static QuantParams legacyInput(JsonNode q) {
        JsonNode in = q.get("input");
        return in == null ? null : new QuantParams((float) req(in, "scale").asDouble(), req(in, "zeroPoint").asInt());
    }

    static Int8Model int8FromJson(JsonNode q, List<String> labels, QuantParams input) {
        List<Int8Layer> layers = new ArrayList<>();
        for (JsonNode o : req(q, "layers")) {
            int[] in = intArray(req(o, "in")), out = intArray(req(o, "out")), k = intArray(req(o, "kernel")),
                    st = intArray(req(o, "stride")), pad = intArray(req(o, "padBefore"));
            float[] ws = null;
            if (o.has("weightScales")) {
                ws = new float[o.get("weightScales").size()];
                for (int i = 0; i < ws.length; i++) ws[i] = (float) o.get("weightScales").get(i).asDouble();
            }
            layers.add(new Int8Layer(Int8Op.valueOf(req(o, "op").asText()), in[0], in[1], in[2], out[0], out[1], out[2],
                    k[0], k[1], st[0], st[1], pad[0], pad[1], req(o, "inZeroPoint").asInt(), req(o, "outZeroPoint").asInt(),
                    req(o, "actMin").asInt(), req(o, "actMax").asInt(), (float) req(o, "inScale").asDouble(),
                    (float) req(o, "outScale").asDouble(), o.path("relu").asBoolean(),
                    o.has("weights") ? Base64.getDecoder().decode(o.get("weights").asText()) : null, ws,
                    o.has("bias") ? intArray(o.get("bias")) : null,
                    o.has("multiplier") ? intArray(o.get("multiplier")) : null,
                    o.has("shift") ? intArray(o.get("shift")) : null,
                    o.has("lut") ? intArray(o.get("lut")) : null));
        }
        return new Int8Model(req(q, "architecture").asText(), req(q, "inputH").asInt(), req(q, "inputW").asInt(),
                input, labels, layers);
    }

    // ---- float ------------------------------------------------------------------------------

    static ObjectNode floatToJson(FloatModel m) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("note", "BatchNorm folded; weights are base64 of little-endian float32 in the FloatModel layouts");
        f.put("architecture", m.architecture());
        f.put("inputH", m.inputH());
        f.put("inputW", m.inputW());
        ArrayNode layers = f.putArray("layers");
        for (FloatModel.Layer l : m.layers()) {
            if (l.bn() != null) {
                throw new IllegalArgumentException("fold BatchNorm before storing the float model");
            }
            ObjectNode o = layers.addObject();
            o.put("op", l.op().name());
            ints(o.putArray("kernel"), l.kh(), l.kw());
            ints(o.putArray("stride"), l.strideH(), l.strideW());
            ints(o.putArray("pad"), l.padH(), l.padW());
            o.put("outChannels", l.outChannels());
            o.put("relu", l.relu());
            if (l.weights() != null) o.put("weights", floats(l.weights()));
            if (l.bias() != null) o.put("bias", floats(l.bias()));
        }
        return f;
    }

    static FloatModel floatFromJson(JsonNode f, List<String> labels) {
        List<FloatModel.Layer> layers = new ArrayList<>();
        for (JsonNode o : req(f, "layers")) {
            int[] k = intArray(req(o, "kernel")), st = intArray(req(o, "stride")), pad = intArray(req(o, "pad"));
            layers.add(new FloatModel.Layer(FloatModel.Op.valueOf(req(o, "op").asText()), k[0], k[1], st[0], st[1],
                    pad[0], pad[1], req(o, "outChannels").asInt(), o.path("relu").asBoolean(),
                    o.has("weights") ? floats(o.get("weights").asText()) : null,
                    o.has("bias") ? floats(o.get("bias").asText()) : null, null));
        }
        return new FloatModel(req(f, "architecture").asText(), req(f, "inputH").asInt(), req(f, "inputW").asInt(),
                labels, layers);
    }

    // ---- detector ---------------------------------------------------------------------------

    static ObjectNode detectorToJson(DetectorConfig d) {
        return MAPPER.valueToTree(d);
    }

    static DetectorConfig detectorFromJson(JsonNode d) {
        return new DetectorConfig(req(d, "averageWindowMs").asInt(), req(d, "threshold").asDouble(),
                req(d, "suppressionMs").asInt(), req(d, "minCount").asInt(), req(d, "strideFrames").asInt());
    }

    // ---- content hash -----------------------------------------------------------------------

    /** SHA-256 (hex) over the labels, the frontend JSON and every integer/scale of the int8 model. */
    static String contentHash(Int8Model m, String frontendJson) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(frontendJson);
            out.writeUTF(String.join("\n", m.labels()));
            out.writeUTF(m.architecture());
            out.writeFloat(m.input().scale());
            out.writeInt(m.input().zeroPoint());
            for (Int8Layer l : m.layers()) {
                out.writeUTF(l.op().name());
                for (int v : new int[] {l.inH(), l.inW(), l.inC(), l.outH(), l.outW(), l.outC(), l.kH(), l.kW(),
                        l.strideH(), l.strideW(), l.padH(), l.padW(), l.inZp(), l.outZp(), l.actMin(), l.actMax()}) {
                    out.writeInt(v);
                }
                out.writeFloat(l.inScale());
                out.writeFloat(l.outScale());
                out.writeBoolean(l.relu());
                if (l.weights() != null) out.write(l.weights());
                for (int[] a : new int[][] {l.bias(), l.multiplier(), l.shift(), l.lut()}) {
                    if (a != null) for (int v : a) out.writeInt(v);
                }
                if (l.weightScales() != null) for (float v : l.weightScales()) out.writeFloat(v);
            }
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }

    private static void ints(ArrayNode a, int... v) {
        for (int x : v) a.add(x);
    }

    private static int[] intArray(JsonNode a) {
        if (!a.isArray()) {
            throw new IllegalArgumentException("expected an array, got " + a.getNodeType());
        }
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("expected int32 values, got " + a.get(i));
            }
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static String floats(float[] f) {
        ByteBuffer bb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : f) bb.putFloat(x);
        return Base64.getEncoder().encodeToString(bb.array());
    }

    private static float[] floats(String b64) {
        byte[] b = Base64.getDecoder().decode(b64);
        if (b.length % 4 != 0) {
            throw new IllegalArgumentException("float data length " + b.length + " is not a multiple of 4");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.length / 4];
        for (int i = 0; i < f.length; i++) f[i] = bb.getFloat();
        return f;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
