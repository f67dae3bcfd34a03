package dev.tinykws.teacher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechEmbeddingTest {

    /** Feature indices checked against the golden values (mean, max and std parts). */
    static final int[] GOLDEN_INDEX = {0, 7, 50, 95, 96, 130, 191, 192, 240, 287};

    static SpeechEmbedding emb;

    @BeforeAll
    static void load() {
        emb = SpeechEmbedding.load();
    }

    @AfterAll
    static void close() {
        emb.close();
    }

    /** A fixed, vowel-like 1-s clip: a 140 Hz harmonic series under a syllable envelope (no RNG). */
    static float[] goldenClip() {
        float[] x = new float[SpeechEmbedding.CLIP_SAMPLES];
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            double env = Math.max(0, Math.sin(Math.PI * (t - 0.2) / 0.6));
            double f0 = 140 + 30 * t;
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                double formant = Math.exp(-Math.pow((h * f0 - 700) / 400, 2)) + 0.5 * Math.exp(-Math.pow((h * f0 - 1200) / 300, 2));
                v += formant * Math.sin(2 * Math.PI * h * f0 * t);
            }
            x[i] = (float) (0.2 * env * (t > 0.2 && t < 0.8 ? 1 : 0) * v);
        }
        return x;
    }

    @Test
    void goldenFeaturesAreStable() {
        float[] f = emb.clipFeatures(goldenClip());
        assertEquals(SpeechEmbedding.FEATURE_DIM, f.length);
        // Computed once with ONNX Runtime 1.29.0 on x86-64 (this test's first run); ONNX Runtime's CPU
        // kernels may round differently on other CPUs, so the tolerance is 5e-3 absolute
        // (values are 2..40; a changed model file, scaling, dither or pooling moves them by far more).
        float[] expected = GOLDEN;
        float[] got = new float[GOLDEN_INDEX.length];
        for (int i = 0; i < got.length; i++) {
            got[i] = f[GOLDEN_INDEX[i]];
        }
        assertArrayEquals(expected, got, 5e-3f);
        double norm = 0;
        for (float v : f) {
            norm += v * v;
        }
        assertEquals(GOLDEN_NORM, Math.sqrt(norm), 1e-2);
    }

    static final float[] GOLDEN = {-5.059376f, -5.302158f, -9.667807f, 20.50252f, 7.6393414f, 2.162034f,
        40.173176f, 4.944381f, 6.4083977f, 8.267609f};
    static final double GOLDEN_NORM = 229.23884;

    @Test
    void clipGivesSixteenEmbeddingsAnd288Features() {
        assertEquals(16, SpeechEmbedding.EMBEDDINGS_PER_CLIP);
        float[][] e = emb.clipEmbeddings(goldenClip());
        assertEquals(16, e.length);
        assertEquals(96, e[0].length);
        assertEquals(197, emb.melInt16(SpeechEmbedding.context(goldenClip())).length);
        float[] f = emb.clipFeatures(goldenClip());
        float[] pooled = SpeechEmbedding.pool(e, 0, 16);
        assertArrayEquals(pooled, f, 0f);
        for (int d = 0; d < 96; d++) {
            assertTrue(f[96 + d] >= f[d], "max >= mean");
            assertTrue(f[192 + d] >= 0, "std >= 0");
        }
    }

    @Test
    void batchEqualsSingleAndIsDeterministic() {
        float[] a = goldenClip();
        float[] b = new float[16000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (0.1 * Math.sin(i * 0.05));
        }
        float[][] batch = emb.clipFeatures(List.of(a, b, a, b, a));
        assertArrayEquals(emb.clipFeatures(a), batch[0], 1e-5f);
        assertArrayEquals(emb.clipFeatures(b), batch[1], 1e-5f);
        assertArrayEquals(batch[0], batch[4], 0f);
    }

    @Test
    void streamingDoesNotDependOnChunkSizes() {
        float[] audio = new float[40000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.1 * Math.sin(i * 0.031) * Math.sin(i * 0.0007));
        }
        float[][] whole = emb.embeddingsOfAudio(audio);
        assertEquals(21, whole.length);
        assertEquals(21, EmbeddingStream.embeddingCount(40000));
        for (int chunk : new int[]{1, 1234, 40000}) {
            EmbeddingStream s = new EmbeddingStream(emb);
            int got = 0;
            for (int i = 0; i < audio.length; i += chunk) {
                for (float[] e : s.accept(audio, i, Math.min(chunk, audio.length - i))) {
                    assertArrayEquals(whole[got], e, 0f, "embedding " + got + " with chunks of " + chunk);
                    got++;
                }
            }
            assertEquals(whole.length, got);
            assertEquals(whole.length, s.embeddings());
        }
    }

    @Test
    void melFloorIsRelativeToTheLoudestInputValue() {
        // documents the 80 dB floor (top_db) that makes mel depend on the span of one call
        float[] quiet = new float[1120];
        float[] loud = new float[1120];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = 0;
            loud[i] = i < 800 ? 0 : (float) (20000 * Math.sin(i * 0.2));
        }
        float q = emb.melInt16(quiet)[0][5];
        float l = emb.melInt16(loud)[0][5];
        assertTrue(l > q + 1, "frame 0 is floored relative to the loud frame 3: " + q + " vs " + l);
    }

    @Test
    void rejectsWrongClipLengthAndBadPooling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emb.clipFeatures(new float[8000]));
        assertTrue(e.getMessage().contains("16000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpeechEmbedding.pool(new float[3][96], 2, 2));
        assertEquals(0, emb.melInt16(new float[100]).length);
    }
}
