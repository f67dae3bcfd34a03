package dev.tinykws.teacher;

import dev.tinykws.prior.PriorCorrection;

import java.util.List;
import java.util.Objects;

/**
 * The teacher: the frozen {@link SpeechEmbedding} plus a trained {@link TeacherHead}, with the
 * class-prior correction applied to every score: {@code logits - ln(share of the class in
 * training)} (with the default {@code --silence-percent 10 --unknown-percent 50} the training mix is ≈ 31%
 * {@code _unknown_} and 6.25% {@code _silence_}, real use ≈ even), recorded in the host model package.
 * Distillation uses the raw head logits ({@link #rawLogits}), not these corrected scores. Thread-safe.
 *
 * @param labels      labels in the head's output order (_silence_, _unknown_, keywords)
 * @param head        the classifier head
 * @param logPrior    ln(training share) per label, subtracted from the logits; zeros = no correction
 * @param embedding   the shared speech embedding
 */
public record TeacherModel(List<String> labels, TeacherHead head, float[] logPrior, SpeechEmbedding embedding) {

    public TeacherModel {
        labels = List.copyOf(labels);
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(embedding, "embedding");
        if (head.outputs() != labels.size() || logPrior.length != labels.size()) {
            throw new IllegalArgumentException("head has " + head.outputs() + " outputs and " + logPrior.length
                    + " priors for " + labels.size() + " labels");
        }
    }

    /**
     * ln of each class's share (shares or counts, normalized here); 0 for a class without training samples
     * ({@link PriorCorrection#logShares}, the device model's rule).
     */
    public static float[] logPrior(double[] shares) {
        double[] d = PriorCorrection.logShares(shares);
        float[] l = new float[d.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) d[i];
        }
        return l;
    }

    /** The 288 embedding features of a 1-s clip ([-1, 1) floats, 16,000 samples). */
    public float[] features(float[] clip) {
        return embedding.clipFeatures(clip);
    }

    /** Head logits of features, raw (no prior correction). */
    public float[] rawLogits(float[] features) {
        return head.logits(features);
    }

    /** Head logits of features minus ln(training share): the scores every teacher output uses. */
    public float[] logits(float[] features) {
        float[] y = head.logits(features);
        for (int i = 0; i < y.length; i++) {
            y[i] -= logPrior[i];
        }
        return y;
    }

    /** Prior-corrected class probabilities of features. */
    public float[] probabilitiesOfFeatures(float[] features) {
        return TeacherHead.softmax(logits(features), 1.0);
    }

    /** Prior-corrected class probabilities of a 1-s clip. */
    public float[] probabilities(float[] clip) {
        return probabilitiesOfFeatures(features(clip));
    }

    /** Prior-corrected class probabilities of many clips (embedding calls batched). */
    public float[][] probabilities(List<float[]> clips) {
        float[][] f = embedding.clipFeatures(clips);
        float[][] p = new float[f.length][];
        for (int i = 0; i < f.length; i++) {
            p[i] = probabilitiesOfFeatures(f[i]);
        }
        return p;
    }
}
