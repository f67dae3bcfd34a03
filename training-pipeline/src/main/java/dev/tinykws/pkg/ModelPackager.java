package dev.tinykws.pkg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.contract.Labels;
import dev.tinykws.contract.Version;
import dev.tinykws.export.CModelWriter;
import dev.tinykws.export.TfliteWriter;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.export.FrontendCWriter;
import dev.tinykws.model.FloatModel;
import dev.tinykws.quant.BnFolding;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.Quantizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quantizes a trained float model and writes a complete model package
 * (see {@link ModelPackage} for the layout).
 */
public final class ModelPackager {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPackager.class);

    /** metadata keys with a meaning of their own; everything else goes to model.json "metadata". */
    public static final String KEY_NAME = "name";
    public static final String KEY_DATASET_FINGERPRINT = "datasetFingerprint";
    public static final String KEY_METRICS = "metrics";
    /** "min-max" (default) or "percentile:99.99". */
    public static final String KEY_CALIBRATION = "calibration";

    private static final Set<String> KNOWN = Set.of(KEY_NAME, KEY_DATASET_FINGERPRINT, KEY_METRICS, KEY_CALIBRATION);

    private ModelPackager() { }

    /**
     * @param outDir              package folder (created; existing package files are replaced)
     * @param model               trained float model (BatchNorm folded here)
     * @param frontend            the frontend the model was trained with; its input quantization is
     *                            replaced by the one calibrated here
     * @param detector            detector defaults
     * @param calibrationFeatures representative float feature windows (inputH·inputW each, after CMS)
     * @param metadata            optional: name, datasetFingerprint, metrics, calibration; others kept verbatim
     */
    public static ModelPackage write(Path outDir, FloatModel model, FrontendConfig frontend, DetectorConfig detector,
                                     List<float[]> calibrationFeatures, Map<String, Object> metadata) {
        Map<String, Object> meta = metadata == null ? Map.of() : metadata;
        checkCompatible(model, frontend);
        if (calibrationFeatures == null || calibrationFeatures.isEmpty()) {
            throw new ModelPackageException("quantization needs calibration features: pass a representative subset"
                    + " of the training windows (a few hundred is plenty)");
        }
        Calibration.Options calib = calibrationOptions(meta.get(KEY_CALIBRATION));
        Int8Model int8;
        try {
            int8 = Quantizer.quantize(model, calibrationFeatures, calib);
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException("cannot quantize model " + model.architecture() + ": " + e.getMessage(), e);
        }
        FrontendConfig fe = frontend.withInputQuantization(int8.input().scale(), int8.input().zeroPoint());
        FloatModel folded = BnFolding.fold(model);
        String name = sanitize(String.valueOf(meta.getOrDefault(KEY_NAME, model.architecture())));
        String hash = ModelJson.contentHash(int8, fe.toJson());
        String id = name + "-" + hash.substring(0, 8);

        ObjectNode root = ModelJson.MAPPER.createObjectNode();
        root.put("format", ModelPackage.FORMAT);
        root.put("id", id);
        root.put("name", name);
        root.put("contentSha256", hash);
        root.put("toolVersion", toolVersion());
        root.put("created", Instant.now().toString());
        root.put("architecture", model.architecture());
        root.set("labels", ModelJson.MAPPER.valueToTree(model.labels()));
        try {
            root.set("frontend", ModelJson.MAPPER.readTree(fe.toJson()));
        } catch (IOException e) {
            throw new ModelPackageException("cannot embed the frontend config: " + e.getMessage(), e);
        }
        root.put("frontendHash", fe.hashHex());
        root.set("detector", ModelJson.detectorToJson(detector));
        root.set(KEY_DATASET_FINGERPRINT, ModelJson.MAPPER.valueToTree(meta.get(KEY_DATASET_FINGERPRINT)));
        root.set("metrics", ModelJson.MAPPER.valueToTree(meta.getOrDefault(KEY_METRICS, Map.of())));
        Map<String, Object> rest = new LinkedHashMap<>();
        meta.forEach((k, v) -> { if (!KNOWN.contains(k)) rest.put(k, v); });
        root.set("metadata", ModelJson.MAPPER.valueToTree(rest));
        ObjectNode q = ModelJson.int8ToJson(int8);
        ObjectNode c = q.putObject("calibration");
        c.put("method", calib.describe());
        c.put("windows", calibrationFeatures.size());
        root.set("quantization", q);
        root.set("float", ModelJson.floatToJson(folded));
        ObjectNode files = root.putObject("files");
        files.put("tflite", ModelPackage.TFLITE);
        files.set("c", ModelJson.MAPPER.valueToTree(List.of(ModelPackage.C_DIR + "/" + CModelWriter.HEADER,
                ModelPackage.C_DIR + "/" + CModelWriter.SOURCE, ModelPackage.C_DIR + "/" + FrontendCWriter.HEADER,
                ModelPackage.C_DIR + "/" + FrontendCWriter.SOURCE)));

        try {
            Files.createDirectories(outDir);
            Path cDir = outDir.resolve(ModelPackage.C_DIR);
            CModelWriter.write(int8, id, fe.hash(), detector, cDir);
            FrontendCWriter.write(fe, cDir);
            TfliteWriter.write(int8, outDir.resolve(ModelPackage.TFLITE));
        } catch (IOException | RuntimeException e) {
            throw new ModelPackageException("cannot write the model package into " + outDir + ": " + e.getMessage(), e);
        }
        ModelPackage.write(outDir, root);
        LOG.info("model package {} written to {} ({} parameters, {} MACs, {} bytes of int8 constants, input scale {}"
                + " zp {})", id, outDir, int8.paramCount(), int8.macs(), int8.constantBytes(), int8.input().scale(),
                int8.input().zeroPoint());
        return ModelPackage.read(outDir);
    }

    static void checkCompatible(FloatModel model, FrontendConfig fe) {
        if (fe.framesPerClip() != model.inputH() || fe.numCoefficients() != model.inputW()) {
            throw new ModelPackageException("model input " + model.inputH() + "x" + model.inputW()
                    + " does not match the frontend (" + fe.framesPerClip() + " frames x " + fe.numCoefficients()
                    + " coefficients): train the model with this frontend");
        }
        List<String> labels = model.labels();
        if (!Labels.isValidModelLabels(labels)) {
            throw new ModelPackageException("labels must be _silence_, _unknown_, then the keywords; got " + labels);
        }
    }

    static Calibration.Options calibrationOptions(Object v) {
        if (v == null || "min-max".equals(v)) {
            return Calibration.Options.minMax();
        }
        if (v instanceof Calibration.Options o) {
            return o;
        }
        String s = v.toString();
        if (s.startsWith("percentile:")) {
            try {
                return Calibration.Options.percentile(Double.parseDouble(s.substring("percentile:".length())));
            } catch (IllegalArgumentException e) {
                throw new ModelPackageException("bad calibration \"" + s + "\": " + e.getMessage(), e);
            }
        }
        throw new ModelPackageException("unknown calibration \"" + s + "\": use min-max or percentile:<p>, e.g. percentile:99.99");
    }

    private static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.isEmpty() ? "model" : s;
    }

    static String toolVersion() {
        return Version.VERSION;
    }
}
