package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.audio.AudioIO;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** A fake model for pipeline tests: "yes" when the window holds a loud event amid quiet (CMS'd c0 spread). */
public final class FakeModels {

    public static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes");

    private FakeModels() {
    }

    public static WindowScorer energyScorer(int numCoefficients) {
        return in -> {
            int min = 127;
            int max = -128;
            for (int i = 0; i < in.length; i += numCoefficients) {
                min = Math.min(min, in[i]);
                max = Math.max(max, in[i]);
            }
            return max - min >= 100 ? new byte[]{-128, -128, 127} : new byte[]{127, -128, -128};
        };
    }

    public static ModelRuntime runtime() {
        FrontendConfig f = FrontendConfig.defaults();
        return new ModelRuntime("fake", f, LABELS, DetectorConfig.defaults(), energyScorer(f.numCoefficients()), null);
    }

    /** The bundled espeak-ng "yes" clip (feature-extraction fixtures), 16 kHz. */
    public static float[] yesClip() {
        try (InputStream in = FakeModels.class.getResourceAsStream("/dev/tinykws/features/fixtures/yes_en-us.wav")) {
            if (in == null) {
                throw new IllegalStateException("fixture yes_en-us.wav missing from the classpath");
            }
            Path tmp = Files.createTempFile("yes", ".wav");
            try {
                Files.write(tmp, in.readAllBytes());
                return AudioIO.readMono16k(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quiet noise with the clip inserted at the given seconds. */
    public static float[] streamWith(float[] clip, double seconds, double... at) {
        SplittableRandom r = new SplittableRandom(5);
        float[] s = new float[(int) (seconds * 16000)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextGaussian() * 1e-3);
        }
        for (double a : at) {
            int p = (int) (a * 16000);
            for (int i = 0; i < clip.length && p + i < s.length; i++) {
                s[p + i] += clip[i];
            }
        }
        return s;
    }
}
