package dev.tinykws.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.export.CModelWriter;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Int8Op;
import dev.tinykws.quant.QuantParams;
import dev.tinykws.quant.TensorShape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A model package folder (docs/quantization.md "Model package"): {@code model.json} (labels,
 * FrontendConfig, architecture, every quantization parameter and the int8 and folded float
 * weights, detector settings, metrics, dataset fingerprint, tool version, id),
 * {@code model.tflite}, and {@code c/} with the generated C for the firmware.
 *
 * <p>{@link #load(Path)} validates everything it reads (structure, shapes, and a SHA-256 of
 * the int8 content against the id) and throws {@link ModelPackageException} otherwise.
 */
public final class ModelPackage {

    public static final String MODEL_JSON = "model.json";
    public static final String TFLITE = "model.tflite";
    public static final String C_DIR = "c";
    public static final String FORMAT = "tinykws-model/1";

    private final Path dir;
    private final ObjectNode json;
    private final String id;
    private final FrontendConfig frontend;
    private final List<String> labels;
    private final Int8Model int8;
    private final FloatModel floatModel;
    private DetectorConfig detector;

    private ModelPackage(Path dir, ObjectNode json, String id, FrontendConfig frontend, List<String> labels,
                         Int8Model int8, FloatModel floatModel, DetectorConfig detector) {
        this.dir = dir;
        this.json = json;
        this.id = id;
        this.frontend = frontend;
        this.labels = labels;
        this.int8 = int8;
        this.floatModel = floatModel;
        this.detector = detector;
    }

    /**
     * Marker file of a package whose training run has not finished it yet (written before packaging,
     * removed after threshold calibration and metrics): {@link #load} refuses such a package.
     */
    public static final String INCOMPLETE = "INCOMPLETE";

    /** Marks {@code dir} as a package being written: {@link #load} refuses it until {@link #markComplete}. */
    public static void markIncomplete(Path dir, String why) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(INCOMPLETE), why + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelPackageException("cannot write " + dir.resolve(INCOMPLETE) + ": " + e.getMessage(), e);
        }
    }

    /** Removes the {@link #INCOMPLETE} marker: the package may be used. */
    public static void markComplete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(INCOMPLETE));
        } catch (IOException e) {
            throw new ModelPackageException("cannot remove " + dir.resolve(INCOMPLETE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates a package written by {@link ModelPackager}.
     *
     * @throws ModelPackageException also for a package marked {@link #INCOMPLETE}, naming {@code --resume}
     */
    public static ModelPackage load(Path dir) {
        Path marker = dir.resolve(INCOMPLETE);
        if (Files.exists(marker)) {
            String why;
            try {
                why = Files.readString(marker, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                why = "";
            }
            throw new ModelPackageException("model package " + dir + " is incomplete" + (why.isEmpty() ? "" : ": " + why)
                    + " — its threshold and metrics were never measured, so it is not used; finish it with"
                    + " `tinykws train --resume --out " + dir + "` (and the same --data and options)");
        }
        return read(dir);
    }

    /** {@link #load} without the {@link #INCOMPLETE} check (for the packager itself). */
    static ModelPackage read(Path dir) {
        Path file = dir.resolve(MODEL_JSON);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelPackageException(file + " is not a model.json: it is not UTF-8 text (binary data?);"
                    + " point to a model package folder written by `tinykws train`", e);
        } catch (NoSuchFileException e) {
            throw new ModelPackageException("no model package at " + dir + ": " + MODEL_JSON
                    + " is missing (create one with `tinykws train` or ModelPackager.write)", e);
        } catch (IOException e) {
            throw new ModelPackageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = ModelJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelPackageException(file + " is not valid JSON (" + e.getOriginalMessage()
                    + "); the package is corrupt: re-export it", e);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new ModelPackageException(file + " does not hold a JSON object; the package is corrupt");
        }
        try {
            String format = ModelJson.req(obj, "format").asText();
            if (!FORMAT.equals(format)) {
                throw new ModelPackageException(file + " has format \"" + format + "\", this tool reads \""
                        + FORMAT + "\"");
            }
            List<String> labels = new ArrayList<>();
            for (JsonNode l : ModelJson.req(obj, "labels")) labels.add(l.asText());
            FrontendConfig frontend = FrontendConfig.fromJson(ModelJson.req(obj, "frontend").toString());
            DetectorConfig detector = ModelJson.detectorFromJson(ModelJson.req(obj, "detector"));
            JsonNode quantization = ModelJson.req(obj, "quantization");
            Int8Model int8 = ModelJson.int8FromJson(quantization, labels,
                    new QuantParams(frontend.inputScale(), frontend.inputZeroPoint()));
            QuantParams legacy = ModelJson.legacyInput(quantization);
            FloatModel fm = ModelJson.floatFromJson(ModelJson.req(obj, "float"), labels);
            validate(int8);
            TensorShape.infer(fm);
            if (legacy != null && (legacy.scale() != frontend.inputScale() || legacy.zeroPoint() != frontend.inputZeroPoint())) {
                throw new ModelPackageException(file + ": the frontend's input quantization (" + frontend.inputScale()
                        + ", " + frontend.inputZeroPoint() + ") differs from the model's (" + legacy.scale()
                        + ", " + legacy.zeroPoint() + "); the package is corrupt: re-export it");
            }
            String id = ModelJson.req(obj, "id").asText();
            String hash = ModelJson.contentHash(int8, frontend.toJson());
            String stored = ModelJson.req(obj, "contentSha256").asText();
            if (!hash.equals(stored) || !id.endsWith("-" + hash.substring(0, 8))) {
                throw new ModelPackageException(file + ": the stored weights and quantization parameters do not match"
                        + " the model id " + id + " (content hash " + hash.substring(0, 8)
                        + "); the file was edited or is corrupt: re-export the package");
            }
            return new ModelPackage(dir, obj, id, frontend, List.copyOf(labels), int8, fm, detector);
        } catch (ModelPackageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelPackageException(file + " is corrupt or incomplete: " + e.getMessage()
                    + "; re-export the package", e);
        }
    }

    /** Shape and length checks so that a corrupt file can never index out of bounds later. */
    static void validate(Int8Model m) {
        int h = m.inputH(), w = m.inputW(), c = 1;
        for (int i = 0; i < m.layers().size(); i++) {
            Int8Layer l = m.layers().get(i);
            String where = "layer " + i + " (" + l.op() + ")";
            if (l.inH() * l.inW() * l.inC() != h * w * c) {
                throw new IllegalArgumentException(where + ": input " + l.inH() + "x" + l.inW() + "x" + l.inC()
                        + " does not follow the previous output " + h + "x" + w + "x" + c);
            }
            int perChannel = l.op() == Int8Op.FC ? 1 : l.outC();
            switch (l.op()) {
                case CONV2D -> len(where, "weights", l.weights(), (long) l.outC() * l.kH() * l.kW() * l.inC());
                case DWCONV2D -> len(where, "weights", l.weights(), (long) l.kH() * l.kW() * l.inC());
                case FC -> len(where, "weights", l.weights(), (long) l.outC() * l.inC());
                case SOFTMAX -> len(where, "lut", l.lut(), 256);
                case AVGPOOL -> { }
            }
            if (l.op() == Int8Op.CONV2D || l.op() == Int8Op.DWCONV2D || l.op() == Int8Op.FC) {
                len(where, "bias", l.bias(), l.outC());
                len(where, "multiplier", l.multiplier(), perChannel);
                len(where, "shift", l.shift(), perChannel);
                len(where, "weightScales", l.weightScales(), perChannel);
                int oh = TensorShape.outDim(l.inH(), l.kH(), l.strideH(), l.padH());
                int ow = TensorShape.outDim(l.inW(), l.kW(), l.strideW(), l.padW());
                if (l.op() != Int8Op.FC && (oh != l.outH() || ow != l.outW())) {
                    throw new IllegalArgumentException(where + ": output " + l.outH() + "x" + l.outW()
                            + " does not match kernel/stride/padding (" + oh + "x" + ow + ")");
                }
            }
            if (l.actMin() < -128 || l.actMax() > 127 || l.actMin() > l.actMax()) {
                throw new IllegalArgumentException(where + ": bad activation range " + l.actMin() + ".." + l.actMax());
            }
            h = l.outH();
            w = l.outW();
            c = l.outC();
        }
    }

    private static void len(String where, String what, Object array, long expected) {
        long n = array == null ? -1 : java.lang.reflect.Array.getLength(array);
        if (n != expected) {
            throw new IllegalArgumentException(where + ": expected " + expected + " " + what + ", got "
                    + (n < 0 ? "none" : n));
        }
    }

    /**
     * The FrontendConfig of a model.json text (its {@code "frontend"} object) or of a bare FrontendConfig
     * JSON: the one reader of model.json's layout for tools that need only the frontend (no weights are
     * loaded or checked). Use {@link #load} for a whole package.
     *
     * @throws ModelPackageException when the text is not JSON
     */
    public static FrontendConfig frontendOf(String json) {
        JsonNode node;
        try {
            node = ModelJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelPackageException("frontend config is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node != null && !node.has("sampleRate")) {
            for (String key : List.of("frontend", "frontendConfig")) {
                if (node.has(key)) {
                    return FrontendConfig.fromJson(node.get(key).toString());
                }
            }
        }
        return FrontendConfig.fromJson(json);
    }

    public Path dir() {
        return dir;
    }

    /** Model id: name + "-" + the first 8 hex digits of the content SHA-256. */
    public String id() {
        return id;
    }

    /** The frontend with this model's input quantization. */
    public FrontendConfig frontend() {
        return frontend;
    }

    public List<String> labels() {
        return labels;
    }

    public DetectorConfig detector() {
        return detector;
    }

    public Int8Model int8() {
        return int8;
    }

    /** The float model with BatchNorm folded. */
    public FloatModel floatModel() {
        return floatModel;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(ModelJson.MAPPER.convertValue(json.path("metrics"), Map.class));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(ModelJson.MAPPER.convertValue(json.path("metadata"), Map.class));
    }

    public Path tflite() {
        return dir.resolve(TFLITE);
    }

    public Path cDir() {
        return dir.resolve(C_DIR);
    }

    /** Merges {@code metrics} into model.json's "metrics" (existing keys are replaced) and rewrites it. */
    public synchronized void updateMetrics(Map<String, Object> metrics) {
        ObjectNode m = json.get("metrics") instanceof ObjectNode o ? o : json.putObject("metrics");
        m.setAll((ObjectNode) ModelJson.MAPPER.valueToTree(metrics));
        save();
    }

    /** Replaces the detector settings in model.json and the KWS_DET_* constants of the generated C header. */
    public synchronized void updateDetector(DetectorConfig d) {
        this.detector = d;
        json.set("detector", ModelJson.detectorToJson(d));
        save();
        writeCHeader(cDir(), int8, id, frontend, d);
    }

    static void writeCHeader(Path cDir, Int8Model int8, String id, FrontendConfig frontend, DetectorConfig d) {
        try {
            Files.createDirectories(cDir);
            Files.writeString(cDir.resolve(CModelWriter.HEADER), CModelWriter.header(int8, id, frontend.hash(), d),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelPackageException("cannot write " + cDir.resolve(CModelWriter.HEADER) + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        write(dir, json);
    }

    static void write(Path dir, ObjectNode json) {
        Path file = dir.resolve(MODEL_JSON);
        Path tmp = dir.resolve(MODEL_JSON + ".tmp");
        try {
            Files.writeString(tmp, ModelJson.MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelPackageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
