package dev.tinykws.quant.golden;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.export.CModelWriter;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.export.FrontendCWriter;
import dev.tinykws.quant.Calibration;
import dev.tinykws.quant.Int8Layer;
import dev.tinykws.quant.Int8Model;
import dev.tinykws.quant.QuantParams;
import dev.tinykws.quant.Quantizer;
import dev.tinykws.quant.BnFolding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Golden vectors for the firmware's int8 kernels ({@code kws_nn}): a deterministic
 * DS-CNN-S-shaped test model as generated C plus {@code golden_nn.h} holding, for several
 * inputs, the output of every layer computed by the Java reference {@link Int8Model}.
 * The C runner must reproduce every byte.
 *
 * <p>The test model uses the default frontend's input quantization
 * ({@link FrontendConfig#defaults()}), so its {@code KWS_MODEL_FRONTEND_HASH} equals the
 * {@code KWS_FRONTEND_HASH} of the default frontend C written next to it.
 */
public final class NnGoldenWriter {

    private static final Logger LOG = LoggerFactory.getLogger(NnGoldenWriter.class);

    public static final String GOLDEN_HEADER = "golden_nn.h";
    public static final long SEED = 20240601L;
    public static final String MODEL_ID = "golden-ds-cnn-s";

    private NnGoldenWriter() { }

    /** Writes kws_model_data.h/.c, kws_frontend_data.h/.c and golden_nn.h for the DS-CNN-S test model. */
    public static List<Path> write(Path outDir) {
        return write(outDir, TestModels.dsCnn(SEED), MODEL_ID);
    }

    /**
     * The same for any float model (e.g. {@code TestModels.tinyConv(seed)}, whose FC reads a
     * flattened 24×5×8 map), quantized with the default frontend's input quantization.
     */
    public static List<Path> write(Path outDir, dev.tinykws.model.FloatModel floatModel, String modelId) {
        FrontendConfig fe = FrontendConfig.defaults();
        Int8Model model = goldenModel(floatModel, fe);
        List<byte[]> cases = cases(model, SEED);
        try {
            Files.createDirectories(outDir);
            List<Path> files = new ArrayList<>(CModelWriter.write(model, modelId, fe.hash(), DetectorConfig.defaults(), outDir));
            files.addAll(FrontendCWriter.write(fe, outDir));
            Path g = outDir.resolve(GOLDEN_HEADER);
            Files.writeString(g, goldenHeader(model, cases), StandardCharsets.UTF_8);
            files.add(g);
            LOG.info("NN golden vectors: {} cases, {} layers, written to {}", cases.size(), model.layers().size(), outDir);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write NN golden vectors into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The golden DS-CNN-S model quantized with the frontend's input quantization. */
    public static Int8Model goldenModel(FrontendConfig fe) {
        return goldenModel(TestModels.dsCnn(SEED), fe);
    }

    /** {@code model} quantized with the frontend's input quantization and seeded calibration windows. */
    public static Int8Model goldenModel(dev.tinykws.model.FloatModel model, FrontendConfig fe) {
        var folded = BnFolding.fold(model);
        var ranges = Calibration.calibrate(folded, TestModels.randomFeatures(SEED + 1, 48), Calibration.Options.minMax());
        return Quantizer.quantize(folded, ranges, new QuantParams(fe.inputScale(), fe.inputZeroPoint()));
    }

    /**
     * Inputs: realistic feature windows, then cases that stress rounding and saturation:
     * all 127, all −128, all zero-point, a ±127/−128 checkerboard, uniform random bytes, and a
     * window scaled ×4 so most inputs saturate.
     */
    public static List<byte[]> cases(Int8Model m, long seed) {
        int n = m.inputH() * m.inputW();
        List<byte[]> cases = new ArrayList<>();
        List<float[]> feats = TestModels.randomFeatures(seed + 2, 3);
        for (float[] f : feats) cases.add(m.quantizeInput(f));
        byte[] hi = new byte[n];
        Arrays.fill(hi, (byte) 127);
        cases.add(hi);
        byte[] lo = new byte[n];
        Arrays.fill(lo, (byte) -128);
        cases.add(lo);
        byte[] zp = new byte[n];
        Arrays.fill(zp, (byte) m.input().zeroPoint());
        cases.add(zp);
        byte[] checker = new byte[n];
        for (int i = 0; i < n; i++) checker[i] = (byte) (((i / m.inputW()) + i) % 2 == 0 ? 127 : -128);
        cases.add(checker);
        byte[] noise = new byte[n];
        new Random(seed + 3).nextBytes(noise);
        cases.add(noise);
        float[] loud = feats.get(0).clone();
        for (int i = 0; i < n; i++) loud[i] *= 4;
        cases.add(m.quantizeInput(loud));
        return cases;
    }

    /** golden_nn.h for {@code cases} (see the class comment for the exact declarations). */
    public static String goldenHeader(Int8Model m, List<byte[]> cases) {
        int nl = m.layers().size();
        List<byte[][]> outs = new ArrayList<>();
        for (byte[] c : cases) outs.add(m.inferAllLayers(c));
        StringBuilder sb = new StringBuilder();
        sb.append("/* Generated by TinyKWS (dev.tinykws.quant.golden.NnGoldenWriter, seed ").append(SEED)
                .append("). Do not edit: regenerate.\n")
                .append(" * Inputs and the output of every layer of the model in kws_model_data.h, computed by the\n")
                .append(" * Java int8 reference (dev.tinykws.quant.Int8Model); the C kernels must match bit for bit.\n")
                .append(" * Cases: 0-2 feature windows, 3 all 127, 4 all -128, 5 all zero point, 6 checkerboard,\n")
                .append(" * 7 random bytes, 8 a window x4 (saturating). */\n");
        sb.append("#ifndef GOLDEN_NN_H\n#define GOLDEN_NN_H\n\n#include <stdint.h>\n#include \"kws_model_data.h\"\n\n");
        sb.append("#define GOLDEN_NN_NUM_CASES ").append(cases.size()).append("\n\n");
        sb.append("static const int8_t golden_nn_input[").append(cases.size())
                .append("][KWS_MODEL_INPUT_H*KWS_MODEL_INPUT_W] = {\n");
        for (byte[] c : cases) appendRow(sb, c);
        sb.append("};\n\n");
        for (int l = 0; l < nl; l++) {
            Int8Layer layer = m.layers().get(l);
            sb.append("/* layer ").append(l).append(": ").append(layer.op()).append(' ').append(layer.outH()).append('x')
                    .append(layer.outW()).append('x').append(layer.outC()).append(" */\n");
            sb.append("static const int8_t golden_nn_out_L").append(l).append('[').append(cases.size()).append("][")
                    .append(layer.outSize()).append("] = {\n");
            for (byte[][] o : outs) appendRow(sb, o[l]);
            sb.append("};\n\n");
        }
        sb.append("static const int8_t *const golden_nn_outputs[KWS_MODEL_NUM_LAYERS] = {");
        for (int l = 0; l < nl; l++) sb.append(l == 0 ? "" : ",").append("\n    &golden_nn_out_L").append(l).append("[0][0]");
        sb.append("\n};\n\n");
        sb.append("static const int32_t golden_nn_out_size[KWS_MODEL_NUM_LAYERS] = {");
        for (int l = 0; l < nl; l++) sb.append(l == 0 ? " " : ", ").append(m.layers().get(l).outSize());
        sb.append(" };\n\n#endif /* GOLDEN_NN_H */\n");
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, byte[] row) {
        sb.append("    {");
        for (int i = 0; i < row.length; i++) {
            sb.append(i % 32 == 0 ? "\n        " : " ").append(row[i]).append(i + 1 < row.length ? "," : "");
        }
        sb.append("\n    },\n");
    }

    /** Command-line entry: {@code NnGoldenWriter <outDir> [ds-cnn|tiny-conv]}. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !List.of("ds-cnn", "tiny-conv").contains(args[1]))) {
            System.err.println("usage: NnGoldenWriter <outDir> [ds-cnn|tiny-conv]");
            System.exit(2);
        }
        if (args.length == 2 && args[1].equals("tiny-conv")) {
            write(Path.of(args[0]), TestModels.tinyConv(SEED), "golden-tiny-conv");
        } else {
            write(Path.of(args[0]));
        }
    }
}
