package dev.tinykws.train;

import java.util.Random;

/** Tiny learnable feature sets: one random 49×10 template per class plus noise. */
final class SyntheticFeatures {

    private SyntheticFeatures() { }

    static LabeledFeatures make(int n, int classes, long templateSeed, long noiseSeed) {
        Random t = new Random(templateSeed);
        float[][] templates = new float[classes][490];
        for (float[] tpl : templates) {
            for (int i = 0; i < tpl.length; i++) {
                tpl[i] = (float) t.nextGaussian();
            }
        }
        Random r = new Random(noiseSeed);
        float[] f = new float[n * 490];
        int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            int c = s % classes;
            labels[s] = c;
            for (int i = 0; i < 490; i++) {
                f[s * 490 + i] = templates[c][i] + (float) r.nextGaussian() * 0.8f;
            }
        }
        return new LabeledFeatures(f, labels, 49, 10);
    }
}
