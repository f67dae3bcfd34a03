package dev.tinykws.features;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class FrontendConfigTest {

    @Test
    void defaultsMatchSpec() {
        FrontendConfig c = FrontendConfig.defaults();
        assertEquals(16000, c.sampleRate());
        assertEquals(640, c.windowSamples());
        assertEquals(320, c.hopSamples());
        assertEquals(16000, c.clipSamples());
        assertEquals(1024, c.fftSize());
        assertEquals(513, c.numBins());
        assertEquals("hann", c.window());
        assertEquals(40, c.melBands());
        assertEquals(20.0, c.melLowHz());
        assertEquals(4000.0, c.melHighHz());
        assertEquals("htk", c.melFormula());
        assertEquals(1e-6, c.logFloor());
        assertEquals(10, c.numCoefficients());
        assertEquals(49, c.framesPerClip());
        assertEquals(1 + (16000 - 640) / 320, c.framesPerClip());
        assertTrue(c.cepstralMeanSubtraction());
        assertEquals(490, c.featureCount());
    }

    @Test
    void canonicalJsonIsSortedWithoutWhitespace() {
        String json = FrontendConfig.defaults().toJson();
        assertEquals("{\"cepstralMeanSubtraction\":true,\"fftSize\":1024,\"framesPerClip\":49,\"hopMs\":20,"
                + "\"inputScale\":0.32,\"inputZeroPoint\":-32,\"logFloor\":1.0E-6,\"melBands\":40,\"melFormula\":\"htk\","
                + "\"melHighHz\":4000.0,\"melLowHz\":20.0,\"numCoefficients\":10,\"sampleRate\":16000,\"window\":\"hann\","
                + "\"windowMs\":40}", json);
    }

    @Test
    void jsonRoundTripIsExactAndOrderInsensitive() {
        FrontendConfig c = FrontendConfig.defaults().withInputQuantization(0.123456789f, 7);
        assertEquals(c, FrontendConfig.fromJson(c.toJson()));
        String reordered = "{ \"windowMs\": 40, \"window\": \"hann\", \"sampleRate\": 16000, \"numCoefficients\": 10,"
                + " \"melLowHz\": 20, \"melHighHz\": 4000, \"melFormula\": \"htk\", \"melBands\": 40, \"logFloor\": 1e-6,"
                + " \"inputZeroPoint\": -32, \"inputScale\": 0.32, \"hopMs\": 20, \"framesPerClip\": 49, \"fftSize\": 1024,"
                + " \"cepstralMeanSubtraction\": true }";
        FrontendConfig parsed = FrontendConfig.fromJson(reordered);
        assertEquals(FrontendConfig.defaults(), parsed);
        assertEquals(FrontendConfig.defaults().hash(), parsed.hash());
    }

    @Test
    void hashIsFnv1aOfCanonicalJson() {
        assertEquals(0x811c9dc5, FrontendConfig.fnv1a32(new byte[0]));
        assertEquals(0xe40c292c, FrontendConfig.fnv1a32("a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0xbf9cf968, FrontendConfig.fnv1a32("foobar".getBytes(StandardCharsets.UTF_8)));
        FrontendConfig c = FrontendConfig.defaults();
        assertEquals(FrontendConfig.fnv1a32(c.toJson().getBytes(StandardCharsets.UTF_8)), c.hash());
        assertEquals(String.format("%08x", c.hash()), c.hashHex());
        assertEquals(8, c.hashHex().length());
        assertNotEquals(c.hash(), c.withInputQuantization(0.5f, 0).hash());
    }

    @Test
    void withInputQuantizationChangesOnlyThoseFields() {
        FrontendConfig c = FrontendConfig.defaults().withInputQuantization(0.25f, 3);
        assertEquals(0.25f, c.inputScale());
        assertEquals(3, c.inputZeroPoint());
        assertEquals(FrontendConfig.defaults(), c.withInputQuantization(FrontendConfig.DEFAULT_INPUT_SCALE,
                FrontendConfig.DEFAULT_INPUT_ZERO_POINT));
    }

    @Test
    void invalidValuesAreRejectedWithClearMessages() {
        assertMessage("fftSize must be a power of two", () -> with("fftSize", 1000));
        assertMessage("fftSize (512) must be >= window samples (640)", () -> with("fftSize", 512));
        assertMessage("must be <= Nyquist", () -> with("melHighHz", 9000.0));
        assertMessage("melHighHz (10.0) must be > melLowHz (20.0)", () -> with("melHighHz", 10.0));
        assertMessage("window must be \"hann\" or \"hamming\"", () -> with("window", "blackman"));
        assertMessage("numCoefficients must be 1..melBands", () -> with("numCoefficients", 41));
        assertMessage("framesPerClip must be 1..49", () -> with("framesPerClip", 50));
        assertMessage("inputScale must be a finite float > 0", () -> with("inputScale", 0.0f));
        assertMessage("inputZeroPoint must be -128..127", () -> with("inputZeroPoint", 128));
        assertMessage("not a whole number of samples", () -> FrontendConfig.fromJson(FrontendConfig.defaults().toJson()
                .replace("\"sampleRate\":16000", "\"sampleRate\":22050").replace("\"windowMs\":40", "\"windowMs\":33")));
        assertMessage("logFloor must be a positive float", () -> with("logFloor", 0.0));
        assertMessage("melFormula must be \"htk\"", () -> with("melFormula", "slaney"));
    }

    @Test
    void fromJsonReportsMissingUnknownAndMalformed() {
        String full = FrontendConfig.defaults().toJson();
        FeatureException missing = assertThrows(FeatureException.class,
                () -> FrontendConfig.fromJson(full.replace("\"fftSize\":1024,", "")));
        assertTrue(missing.getMessage().contains("fftSize"), missing.getMessage());
        FeatureException unknown = assertThrows(FeatureException.class,
                () -> FrontendConfig.fromJson(full.replace("{", "{\"bogus\":1,")));
        assertTrue(unknown.getMessage().contains("bogus"), unknown.getMessage());
        FeatureException invalid = assertThrows(FeatureException.class,
                () -> FrontendConfig.fromJson(full.replace("\"fftSize\":1024", "\"fftSize\":1000")));
        assertTrue(invalid.getMessage().contains("power of two"), invalid.getMessage());
        assertThrows(FeatureException.class, () -> FrontendConfig.fromJson("{not json"));
        assertThrows(FeatureException.class, () -> FrontendConfig.fromJson(""));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        FeatureException ex = assertThrows(FeatureException.class, e);
        assertTrue(ex.getMessage().contains(expected), "message '" + ex.getMessage() + "' lacks '" + expected + "'");
    }

    /** The defaults with one field replaced through JSON-free reflection on the canonical constructor. */
    private static FrontendConfig with(String field, Object value) {
        FrontendConfig d = FrontendConfig.defaults();
        var comps = FrontendConfig.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        try {
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                args[i] = comps[i].getName().equals(field) ? value : comps[i].getAccessor().invoke(d);
            }
            return FrontendConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
