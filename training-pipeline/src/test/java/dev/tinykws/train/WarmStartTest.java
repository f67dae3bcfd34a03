package dev.tinykws.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.pkg.ModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path base;

    @BeforeAll
    static void trainBase() throws IOException {
        data = TinyDatasets.write(tmp.resolve("data"), List.of("yes", "no", "cat", "dog"), 6, 3, true);
        base = tmp.resolve("base");
        TrainOptions o = new TrainOptions(data, List.of("yes", "no"), base, Architecture.TINY_CONV, 2, 16, 3e-3f, 7,
                false, false, 0, 2, 10, 10, 0, 0.5, false);
        PackageStep.run(o, TrainPipeline.run(o));
    }

    static Block fresh(int classes, NDManager m) {
        Block b = Architecture.TINY_CONV.build(classes);
        b.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 49, 10));
        return b;
    }

    static float[] param(Block b, int i) {
        return b.getParameters().get(i).getValue().getArray().toFloatArray();
    }

    @Test
    void copiesEveryLayerAndTheOutputRowsOfSharedLabels() {
        WarmStart w = WarmStart.open(base, Architecture.TINY_CONV, FrontendConfig.defaults());
        assertEquals(List.of("_silence_", "_unknown_", "yes", "no"), w.baseLabels());
        assertEquals(ModelPackage.load(base).id(), w.baseId());
        try (NDManager m = NDManager.newBaseManager()) {
            Block same = fresh(4, m);
            assertEquals(4, w.apply(same, w.baseLabels()));

            List<String> labels = List.of("_silence_", "_unknown_", "no", "cat", "yes");
            Block other = fresh(5, m);
            int n = other.getParameters().size();
            float[] before = param(other, n - 2);
            assertEquals(4, w.apply(other, labels));
            for (int i = 0; i < n - 2; i++) {
                assertArrayEquals(param(same, i), param(other, i), "parameter " + i);
            }
            float[] ws = param(same, n - 2);
            float[] wd = param(other, n - 2);
            int in = ws.length / 4;
            int[] fromRow = {0, 1, 3, -1, 2};
            for (int j = 0; j < 5; j++) {
                float[] got = Arrays.copyOfRange(wd, j * in, (j + 1) * in);
                float[] want = fromRow[j] < 0 ? Arrays.copyOfRange(before, j * in, (j + 1) * in)
                        : Arrays.copyOfRange(ws, fromRow[j] * in, (fromRow[j] + 1) * in);
                assertArrayEquals(want, got, "row " + labels.get(j));
            }
            assertEquals(param(same, n - 1)[3], param(other, n - 1)[2]);
            assertEquals(0f, param(other, n - 1)[3]); // new label: fresh (zero) bias
        }
    }

    @Test
    void refusesAnotherArchitectureOrAPackageWithoutCheckpoint() throws IOException {
        TrainingException arch = assertThrows(TrainingException.class,
                () -> WarmStart.open(base, Architecture.DS_CNN_S, FrontendConfig.defaults()));
        assertTrue(arch.getMessage().contains("--arch tiny-conv"), arch.getMessage());
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(base.resolve("model.json"), bare.resolve("model.json"));
        TrainingException none = assertThrows(TrainingException.class,
                () -> WarmStart.open(bare, Architecture.TINY_CONV, FrontendConfig.defaults()));
        assertTrue(none.getMessage().contains("no float checkpoint"), none.getMessage());
        TrainingException missing = assertThrows(TrainingException.class,
                () -> WarmStart.open(tmp.resolve("nothing"), Architecture.TINY_CONV, FrontendConfig.defaults()));
        assertTrue(missing.getMessage().startsWith("--init"), missing.getMessage());
    }

    @Test
    void fineTunesToANewKeywordSet() {
        Path out = tmp.resolve("tuned");
        TrainOptions o = new TrainOptions(data, List.of("yes", "cat"), out, Architecture.TINY_CONV, 1, 16, 1e-3f, 7,
                false, false, 0, 2, 10, 10, 0, 0.5, false);
        TrainPipeline.Outcome r = TrainPipeline.run(o, null, Adaptation.defaults().withInit(base));
        assertEquals(List.of("_silence_", "_unknown_", "yes", "cat"), r.labels());
        assertEquals(1, r.history().size());
        assertFalse(r.realCounts().isEmpty());
    }
}
