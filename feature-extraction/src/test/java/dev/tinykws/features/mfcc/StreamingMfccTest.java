package dev.tinykws.features.mfcc;

import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.ArrayAudioSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StreamingMfccTest {

    private static final FrontendConfig CFG = FrontendConfig.defaults();

    @Property(tries = 40)
    void streamingEqualsBatchForRandomBlockSizes(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                 @ForAll @IntRange(min = 0, max = 6000) int length,
                                                 @ForAll @IntRange(min = 1, max = 2000) int maxBlock) {
        Random r = new Random(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.2);
        }
        float[][] batch = new Mfcc(CFG).frames(x);

        List<float[]> got = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        StreamingMfcc s = new StreamingMfcc(CFG, (i, c) -> {
            idx.add(i);
            got.add(c);
        });
        int p = 0;
        while (p < length) {
            int n = Math.min(length - p, 1 + r.nextInt(maxBlock));
            if (r.nextInt(10) == 0) {
                s.push(x, p, 0); // empty pushes are harmless
            }
            s.push(x, p, n);
            p += n;
        }
        assertEquals(batch.length, got.size());
        assertEquals(batch.length, s.framesEmitted());
        assertEquals(length, s.samplesPushed());
        for (int f = 0; f < batch.length; f++) {
            assertEquals((long) f, idx.get(f));
            assertArrayEquals(batch[f], got.get(f), "frame " + f + " must be bit-identical");
        }
    }

    @Property(tries = 10)
    void pushAllFromASourceEqualsBatch(@ForAll @IntRange(min = 1, max = 999) int block) {
        float[] x = MfccTest.tone(700, 0.4, 4000);
        float[][] batch = new Mfcc(CFG).frames(x);
        List<float[]> got = new ArrayList<>();
        StreamingMfcc s = new StreamingMfcc(CFG, (i, c) -> got.add(c));
        assertEquals(4000, s.pushAll(new ArrayAudioSource(x), block));
        assertEquals(batch.length, got.size());
        for (int f = 0; f < batch.length; f++) {
            assertArrayEquals(batch[f], got.get(f));
        }
        s.reset();
        assertEquals(0, s.framesEmitted());
    }
}
