package dev.tinykws.train;

import dev.tinykws.features.audio.AudioIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes tiny synthetic datasets in the Speech Commands layout for tests: every "word" is a
 * tone pattern of its own (per-speaker pitch offset, random onset, noise), speakers s0..s(n-1),
 * the last two speakers listed as validation and test, and two background recordings.
 */
final class TinyDatasets {

    private TinyDatasets() { }

    static Path write(Path root, List<String> words, int speakers, int clipsPerSpeaker, boolean background)
            throws IOException {
        Random r = new Random(5);
        List<String> val = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            Path dir = Files.createDirectories(root.resolve(words.get(w)));
            for (int s = 0; s < speakers; s++) {
                for (int k = 0; k < clipsPerSpeaker; k++) {
                    String name = "s" + s + "_nohash_" + k + ".wav";
                    AudioIO.writeWav16(dir.resolve(name), word(w, 1 + 0.03 * s, r), 16000);
                    String rel = words.get(w) + "/" + name;
                    if (s == speakers - 2) {
                        val.add(rel);
                    } else if (s == speakers - 1) {
                        test.add(rel);
                    }
                }
            }
        }
        Files.write(root.resolve("validation_list.txt"), val);
        Files.write(root.resolve("testing_list.txt"), test);
        if (background) {
            Path bg = Files.createDirectories(root.resolve("_background_noise_"));
            for (int b = 0; b < 2; b++) {
                float[] x = new float[16000 * 12];
                float brown = 0;
                for (int i = 0; i < x.length; i++) {
                    brown = 0.98f * brown + (float) r.nextGaussian() * 0.02f;
                    x[i] = b == 0 ? (float) r.nextGaussian() * 0.05f : brown;
                }
                AudioIO.writeWav16(bg.resolve("noise" + b + ".wav"), x, 16000);
            }
        }
        return root;
    }

    /** Word {@code w}: two tones (frequencies depend on w) in sequence, 0.5 s total, at a random onset. */
    static float[] word(int w, double pitch, Random r) {
        float[] x = new float[16000];
        double f1 = (300 + 250 * w) * pitch;
        double f2 = (1800 - 200 * w) * pitch;
        int onset = 2000 + r.nextInt(4000);
        for (int i = 0; i < 8000; i++) {
            double t = i / 16000.0;
            double f = i < 4000 ? f1 : f2;
            double env = Math.sin(Math.PI * i / 8000.0);
            x[onset + i] = (float) (0.4 * env * Math.sin(2 * Math.PI * f * t));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) r.nextGaussian() * 0.003f;
        }
        return x;
    }
}
