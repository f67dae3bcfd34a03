package dev.tinykws.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tinykws.contract.ClipFormat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The single source of truth for the audio frontend (SPEC §2). Stored in every model
 * package; the firmware receives it only through generated C ({@code kws_frontend_data.h}).
 *
 * <p>{@link #toJson()} is canonical (properties sorted alphabetically, no whitespace) and
 * {@link #hash()} is FNV-1a 32 over its UTF-8 bytes.
 *
 * @param sampleRate              Hz (16000)
 * @param windowMs                analysis window in ms (40 → 640 samples)
 * @param hopMs                   frame hop in ms (20 → 320 samples)
 * @param fftSize                 power of two ≥ window samples; window zero-padded at the end (1024)
 * @param window                  {@code hann} (periodic) or {@code hamming} (periodic)
 * @param melBands                number of triangular mel filters (40)
 * @param melLowHz                lower edge of the first filter (20)
 * @param melHighHz               upper edge of the last filter (4000)
 * @param melFormula              {@code htk}: mel(f) = 2595·log10(1 + f/700)
 * @param logFloor                L = ln(max(E, logFloor)) (1e-6)
 * @param numCoefficients         DCT-II outputs c0..c(n-1) (10)
 * @param framesPerClip           frames per model input (49)
 * @param cepstralMeanSubtraction subtract the per-coefficient mean over the model window
 * @param inputScale              int8 input quantization scale (&gt; 0)
 * @param inputZeroPoint          int8 input zero point (−128..127)
 */
public record FrontendConfig(
        int sampleRate,
        int windowMs,
        int hopMs,
        int fftSize,
        String window,
        int melBands,
        double melLowHz,
        double melHighHz,
        String melFormula,
        double logFloor,
        int numCoefficients,
        int framesPerClip,
        boolean cepstralMeanSubtraction,
        float inputScale,
        int inputZeroPoint) {

    /**
     * Default int8 input quantization, measured on CMS features of espeak-ng speech
     * (see docs/frontend.md, "Default input quantization"). Training re-calibrates per model.
     */
    public static final float DEFAULT_INPUT_SCALE = 0.32f;
    public static final int DEFAULT_INPUT_ZERO_POINT = -32;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public FrontendConfig {
        require(sampleRate >= 1000 && sampleRate <= 192_000,
                "sampleRate must be 1000..192000 Hz, got " + sampleRate);
        require(windowMs > 0, "windowMs must be > 0, got " + windowMs);
        require(hopMs > 0, "hopMs must be > 0, got " + hopMs);
        require((long) windowMs * sampleRate % 1000 == 0,
                "windowMs " + windowMs + " at " + sampleRate + " Hz is not a whole number of samples");
        require((long) hopMs * sampleRate % 1000 == 0,
                "hopMs " + hopMs + " at " + sampleRate + " Hz is not a whole number of samples");
        require(hopMs <= windowMs, "hopMs (" + hopMs + ") must not exceed windowMs (" + windowMs + ")");
        int win = (int) ((long) windowMs * sampleRate / 1000);
        require(fftSize > 0 && Integer.bitCount(fftSize) == 1,
                "fftSize must be a power of two, got " + fftSize);
        require(fftSize >= win, "fftSize (" + fftSize + ") must be >= window samples (" + win + ")");
        require(fftSize <= 65536, "fftSize must be <= 65536, got " + fftSize);
        require("hann".equals(window) || "hamming".equals(window),
                "window must be \"hann\" or \"hamming\", got " + quote(window));
        require(melBands >= 1 && melBands <= 256, "melBands must be 1..256, got " + melBands);
        require(Double.isFinite(melLowHz) && melLowHz >= 0, "melLowHz must be >= 0, got " + melLowHz);
        require(Double.isFinite(melHighHz) && melHighHz > melLowHz,
                "melHighHz (" + melHighHz + ") must be > melLowHz (" + melLowHz + ")");
        require(melHighHz <= sampleRate / 2.0,
                "melHighHz (" + melHighHz + ") must be <= Nyquist (" + sampleRate / 2.0 + ")");
        require("htk".equals(melFormula), "melFormula must be \"htk\", got " + quote(melFormula));
        require(Double.isFinite(logFloor) && logFloor > 0 && (float) logFloor > 0,
                "logFloor must be a positive float, got " + logFloor);
        require(numCoefficients >= 1 && numCoefficients <= melBands,
                "numCoefficients must be 1..melBands (" + melBands + "), got " + numCoefficients);
        int hop = (int) ((long) hopMs * sampleRate / 1000);
        int maxFrames = sampleRate < win ? 0 : 1 + (sampleRate - win) / hop;
        require(framesPerClip >= 1 && framesPerClip <= maxFrames,
                "framesPerClip must be 1.." + maxFrames + " (frames that fit in a 1 s clip), got " + framesPerClip);
        require(Float.isFinite(inputScale) && inputScale > 0, "inputScale must be a finite float > 0, got " + inputScale);
        require(inputZeroPoint >= -128 && inputZeroPoint <= 127,
                "inputZeroPoint must be -128..127, got " + inputZeroPoint);
    }

    /** SPEC §2 defaults: 16 kHz, 40 ms / 20 ms, FFT 1024, Hann, 40 mel 20–4000 Hz, 10 MFCC, 49 frames, CMS. */
    public static FrontendConfig defaults() {
        return new FrontendConfig(ClipFormat.SAMPLE_RATE_HZ, 40, 20, 1024, "hann", 40, 20.0, 4000.0, "htk", 1e-6,
                10, 49, true, DEFAULT_INPUT_SCALE, DEFAULT_INPUT_ZERO_POINT);
    }

    /** Window length in samples (640 by default). */
    public int windowSamples() {
        return (int) ((long) windowMs * sampleRate / 1000);
    }

    /** Hop length in samples (320 by default). */
    public int hopSamples() {
        return (int) ((long) hopMs * sampleRate / 1000);
    }

    /** Samples in one clip of {@link ClipFormat#CLIP_MS} (16000 by default). */
    public int clipSamples() {
        return (int) ((long) sampleRate * ClipFormat.CLIP_MS / 1000);
    }

    /** Spectrum bins of the real FFT: fftSize/2 + 1. */
    public int numBins() {
        return fftSize / 2 + 1;
    }

    /** Number of floats of one model input: framesPerClip × numCoefficients. */
    public int featureCount() {
        return framesPerClip * numCoefficients;
    }

    /** A copy with another int8 input quantization (what calibration produces). */
    public FrontendConfig withInputQuantization(float scale, int zeroPoint) {
        return new FrontendConfig(sampleRate, windowMs, hopMs, fftSize, window, melBands, melLowHz, melHighHz,
                melFormula, logFloor, numCoefficients, framesPerClip, cepstralMeanSubtraction, scale, zeroPoint);
    }

    /** Canonical JSON: properties sorted alphabetically, no whitespace. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new FeatureException("cannot serialize FrontendConfig: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON written by {@link #toJson()} (any property order/whitespace); every field is required. */
    public static FrontendConfig fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new FeatureException("FrontendConfig JSON is empty");
        }
        try {
            return JSON.readValue(json, FrontendConfig.class);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause();
            while (c != null) {
                if (c instanceof FeatureException fe) {
                    throw new FeatureException("invalid FrontendConfig JSON: " + fe.getMessage(), fe);
                }
                c = c.getCause();
            }
            throw new FeatureException("invalid FrontendConfig JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** FNV-1a 32-bit over the UTF-8 bytes of {@link #toJson()}. */
    public int hash() {
        return fnv1a32(toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #hash()} as 8 lowercase hex digits. */
    public String hashHex() {
        return String.format(Locale.ROOT, "%08x", hash());
    }

    /** FNV-1a 32-bit (offset basis 0x811c9dc5, prime 0x01000193). */
    public static int fnv1a32(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        return h;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new FeatureException("FrontendConfig: " + message);
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
