package dev.tinykws.features.golden;

import dev.tinykws.features.FeatureException;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.features.mfcc.ClipFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FrontendGoldenWriterTest {

    @TempDir
    Path dir;

    private final FrontendConfig cfg = FrontendConfig.defaults();

    @Test
    void writesTablesAndGoldenHeaderWithTheContractDeclarations() throws Exception {
        List<Path> out = FrontendGoldenWriter.write(cfg, dir.resolve("out"));
        assertEquals(List.of("kws_frontend_data.h", "kws_frontend_data.c", "golden_frontend.h"),
                out.stream().map(p -> p.getFileName().toString()).toList());
        String g = Files.readString(out.get(2));
        int n = Fixtures.NAMES.size();
        assertTrue(g.contains("#define GOLDEN_FE_NUM_CASES " + n + "\n"));
        assertTrue(g.contains("#define GOLDEN_FE_NUM_SAMPLES 16000\n"));
        assertTrue(g.contains("static const int16_t golden_fe_samples[" + n + "][16000] = {"));
        assertTrue(g.contains("static const float golden_fe_mfcc[" + n + "][KWS_FE_FRAMES * KWS_FE_NUM_COEFFS] = { /* raw, no CMS, [t][k] */"));
        assertTrue(g.contains("static const float golden_fe_features[" + n + "][KWS_FE_FRAMES * KWS_FE_NUM_COEFFS] = { /* after CMS */"));
        assertTrue(g.contains("static const int8_t golden_fe_int8[" + n + "][KWS_FE_FRAMES * KWS_FE_NUM_COEFFS] = {"));
        assertTrue(g.contains("#include \"kws_frontend_data.h\""));
        for (String name : Fixtures.NAMES) {
            assertTrue(g.contains(name), name);
        }
    }

    @Test
    void casesAreComputedFromThePcm16Samples() {
        Path wav = Fixtures.copyTo(dir).get(0);
        float[] x = AudioIO.readMono16k(wav);
        FrontendGoldenWriter.Case c = FrontendGoldenWriter.compute(cfg, "yes", x);
        assertEquals(16000, c.pcm16().length);
        for (int i = 0; i < 16000; i++) {
            assertEquals(x[i], c.pcm16()[i] / 32768f, 0f);
        }
        ClipFeatures cf = new ClipFeatures(cfg);
        assertArrayEquals(cf.rawMfcc(x), c.mfcc());
        assertArrayEquals(cf.extract(x), c.features());
        assertArrayEquals(cf.quantize(cf.extract(x)), c.int8());
        // the int8 features use the range: not all at the rails, not all at the zero point
        int rails = 0;
        int distinct = (int) java.util.stream.IntStream.range(0, c.int8().length).map(i -> c.int8()[i]).distinct().count();
        for (byte b : c.int8()) {
            if (b == 127 || b == -128) {
                rails++;
            }
        }
        assertTrue(rails < c.int8().length / 50, "rails " + rails);
        assertTrue(distinct > 40, "distinct " + distinct);
    }

    @Test
    void emptyListIsAnError() {
        assertThrows(FeatureException.class, () -> FrontendGoldenWriter.write(cfg, List.of(), dir));
    }
}
