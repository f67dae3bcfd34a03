package dev.tinykws.golden;

import dev.tinykws.detect.golden.DetectorGoldenWriter;
import dev.tinykws.features.golden.FrontendGoldenWriter;
import dev.tinykws.quant.golden.NnGoldenWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Regenerates every file the firmware tests compare against, from the Java side:
 * the frontend tables and golden MFCC/int8 features of the bundled fixtures, the int8 test
 * model (C source) with every layer's output for a set of inputs, and the detector scenarios.
 * The one golden-vector generator: test scope, run by the firmware Maven module (generate-test-resources)
 * before {@code make check}.
 */
public final class GoldenMain {

    private GoldenMain() {
    }

    /** Writes all golden files into {@code outDir} and returns their paths. */
    public static List<Path> writeAll(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        // The test model uses the default FrontendConfig, so the frontend tables written by both
        // writers are identical and KWS_MODEL_FRONTEND_HASH == KWS_FRONTEND_HASH.
        written.addAll(NnGoldenWriter.write(outDir));
        written.addAll(FrontendGoldenWriter.write(outDir));
        written.add(DetectorGoldenWriter.write(outDir));
        return written;
    }

    /** {@code GoldenMain --out DIR}; does not call System.exit (it runs inside Maven). */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !"--out".equals(args[0])) {
            throw new IllegalArgumentException("usage: GoldenMain --out DIR");
        }
        for (Path p : writeAll(Path.of(args[1]))) {
            System.out.println("wrote " + p);
        }
    }
}
