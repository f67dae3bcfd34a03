package dev.tinykws.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FeaturesCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new TinyKws());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void extractPrintsAReadableTable() {
        Path wav = Fixtures.copyTo(dir).get(0);
        assertEquals(0, run("features", "extract", wav.toString(), "--features"));
        String s = out.toString();
        assertTrue(s.contains("WAV PCM 16-bit 16000 Hz mono"), s);
        assertTrue(s.contains("MFCC (raw, no CMS), 49 frames x 10 coefficients"), s);
        assertTrue(s.contains("model input features (after CMS)"), s);
        assertTrue(s.contains("frontend " + FrontendConfig.defaults().hashHex()), s);
        assertTrue(s.lines().anyMatch(l -> l.startsWith("  48   960 ")), s);
    }

    @Test
    void extractJsonHasAllMatrices() throws Exception {
        Path wav = Fixtures.copyTo(dir).get(1);
        assertEquals(0, run("features", "extract", wav.toString(), "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(49, j.get("mfcc").size());
        assertEquals(10, j.get("mfcc").get(0).size());
        assertEquals(49, j.get("features").size());
        assertEquals(49, j.get("int8").size());
        assertEquals(FrontendConfig.defaults().hashHex(), j.get("frontendHash").asText());
        assertEquals(FrontendConfig.defaults(), FrontendConfig.fromJson(j.get("frontend").toString()));
    }

    @Test
    void badFileIsOneLineOnStderrAndExitCode1() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.wav"), "not audio");
        assertEquals(1, run("features", "extract", bad.toString()));
        assertTrue(err.toString().contains("is not a WAV file"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void cHeaderWritesItsFiles() throws Exception {
        FrontendConfig c = FrontendConfig.defaults().withInputQuantization(0.25f, 1);
        Path json = Files.writeString(dir.resolve("fe.json"), "{\"frontend\":" + c.toJson() + "}");
        assertEquals(0, run("features", "c-header", "--out", dir.resolve("c").toString(), "--config", json.toString()));
        assertTrue(Files.readString(dir.resolve("c/kws_frontend_data.h")).contains("0x" + c.hashHex() + "u"));
        // golden vectors are test-scope tooling (GoldenMain), not a command any more
        assertEquals(2, run("features", "golden", "--out", dir.resolve("g").toString()));
    }
}
