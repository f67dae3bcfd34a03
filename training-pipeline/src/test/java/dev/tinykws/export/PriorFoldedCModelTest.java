package dev.tinykws.export;

import dev.tinykws.model.FloatModel;
import dev.tinykws.prior.PriorCorrection;
import dev.tinykws.quant.golden.NnGoldenWriter;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A model with the class-prior correction folded into its final bias is an ordinary model for the
 * exporter: the generated C plus the independent C kernels reproduce every layer of the Java int8
 * reference bit for bit, and only the final layer's constants differ from the uncorrected model.
 */
class PriorFoldedCModelTest {

    @Test
    void priorFoldedModelStaysBitExactInC(@TempDir Path dir) throws Exception {
        CModelCompileTest.requireGcc();
        FloatModel m = TestModels.dsCnn(NnGoldenWriter.SEED);
        FloatModel folded = new PriorCorrection(m.labels(), new double[] {0.1, 0.6, 0.15, 0.15}).fold(m);
        NnGoldenWriter.write(dir.resolve("plain"), m, "golden-plain");
        NnGoldenWriter.write(dir.resolve("prior"), folded, "golden-prior");
        CModelCompileTest.compileAndCheck(dir.resolve("prior"));
        assertNotEquals(Files.readString(dir.resolve("plain/golden_nn.h")),
                Files.readString(dir.resolve("prior/golden_nn.h")), "the correction changes the outputs");
    }
}
