package dev.tinykws.teacher;

import java.util.List;
import java.util.Objects;

/**
 * The teacher: the frozen {@link SpeechEmbedding} plus a trained {@link TeacherHead}, with the
 * class-prior correction applied to every score: {@code logits - ln(share of the class in
 * training)} (the training mix is 30% {@code _unknown_} and 10% {@code _silence_}, real use ≈ even),
 * recorded in the host model package. Thread-safe.
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

    /** ln of each class's share; shares must be positive (they are normalized here). */
    public static float[] logPrior(double[] shares) {
        double sum = 0;
        for (double s : shares) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("class shares must be > 0");
            }
            sum += s;
        }
        float[] l = new float[shares.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.log(shares[i] / sum);
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

    /** Prior-corrected soft targets at a temperature (for distillation), from features. */
    public float[] softTargets(float[] features, double temperature) {
        return TeacherHead.softmax(logits(features), temperature);
    }
}
