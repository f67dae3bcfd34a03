package dev.tinykws.prior;

import dev.tinykws.model.FloatModel;
import dev.tinykws.model.FloatModel.Layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class-prior correction (docs/real-voices.md): training sees its classes in shares that real use
 * does not have (by default ≈ 31 % {@code _unknown_}, 6 % {@code _silence_} and 6 % per keyword,
 * while a real evaluation set has ≈ 1/12 each). Subtracting {@code log(share)} from every class's
 * logit turns the network's posteriors into ones for equal class priors, which is the
 * "balanced" decision rule.
 *
 * <p>For a deployed model the correction is folded into the final FC layer's float bias before
 * quantization: the int8 kernels, the bit-exact Java reference and the firmware need no change and
 * get the correction as ordinary generated constants, and every consumer of the package (float and
 * int8 clip scoring, the streaming detector, threshold calibration) applies it.
 *
 * <p>A class without training samples (share 0, e.g. {@code --silence-percent 0}) has no prior to correct:
 * its offset is 0. This is the one implementation of the rule; the teacher's prior
 * ({@code dev.tinykws.teacher.TeacherModel#logPrior}) uses {@link #logShares} too.
 *
 * @param labels class labels in model order
 * @param shares   share of each class among the training samples (each &gt;= 0, summing to 1)
 * @param strength λ: the offsets are {@code −λ·log(share)}; 1 = the full correction, 0 = none
 */
public record PriorCorrection(List<String> labels, double[] shares, double strength) {

    /** The key under which the correction is recorded in model.json's metadata. */
    public static final String METADATA_KEY = "priorCorrection";

    public PriorCorrection {
        labels = List.copyOf(labels);
        shares = shares.clone();
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("prior correction strength must be in [0, 1], got " + strength);
        }
        if (labels.size() != shares.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + shares.length + " class shares");
        }
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            if (!(shares[i] >= 0) || Double.isInfinite(shares[i])) {
                throw new IllegalArgumentException("class '" + labels.get(i) + "' has share " + shares[i]
                        + "; shares must be finite and >= 0");
            }
            sum += shares[i];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("class shares sum to " + sum + ", not 1");
        }
    }

    /** The full correction (λ = 1). */
    public PriorCorrection(List<String> labels, double[] shares) {
        this(labels, shares, 1.0);
    }

    /** The same shares at strength λ. */
    public PriorCorrection withStrength(double lambda) {
        return new PriorCorrection(labels, shares, lambda);
    }

    /** Shares from per-class sample counts (in label order). */
    public static PriorCorrection fromCounts(List<String> labels, Map<String, Integer> counts) {
        double total = 0;
        for (String l : labels) {
            total += counts.getOrDefault(l, 0);
        }
        double[] s = new double[labels.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = total == 0 ? 0 : counts.getOrDefault(labels.get(i), 0) / total;
        }
        return new PriorCorrection(labels, s);
    }

    /** The additive logit offsets, {@code -λ·log(share)} per class (0 for a class without training samples). */
    public double[] offsets() {
        double[] o = new double[shares.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = -strength * logShare(shares[i]);
        }
        return o;
    }

    /** {@code ln(share)}, or 0 for a share of 0 (a class without training samples is not corrected). */
    static double logShare(double share) {
        return share > 0 ? Math.log(share) : 0;
    }

    /**
     * {@code ln} of each class's share of {@code weights} (sample counts or shares, each &gt;= 0, not all 0),
     * 0 for a class of weight 0: the log prior subtracted from logits.
     */
    public static double[] logShares(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and >= 0, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("class weights are all 0: no training samples");
        }
        double[] l = new double[weights.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = logShare(weights[i] / sum);
        }
        return l;
    }

    /** {@code logits} with the correction applied (a new array). */
    public float[] apply(float[] logits) {
        if (logits.length != shares.length) {
            throw new IllegalArgumentException(logits.length + " logits for " + shares.length + " classes");
        }
        double[] o = offsets();
        float[] r = new float[logits.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (logits[i] + o[i]);
        }
        return r;
    }

    /**
     * A copy of {@code model} whose last layer (an FC) adds the offsets to its output: to its bias,
     * or to the BatchNorm shift when a BatchNorm follows it. The result's logits equal the original
     * logits plus {@link #offsets()} for every input.
     */
    public FloatModel fold(FloatModel model) {
        if (!model.labels().equals(labels)) {
            throw new IllegalArgumentException("prior correction for " + labels + " cannot fold into a model with labels "
                    + model.labels());
        }
        List<Layer> layers = new ArrayList<>(model.layers());
        Layer last = layers.get(layers.size() - 1);
        if (last.op() != FloatModel.Op.FC || last.outChannels() != shares.length) {
            throw new IllegalArgumentException("the model's last layer is " + last.op() + " with " + last.outChannels()
                    + " outputs; a prior correction folds into a final FC with one output per class");
        }
        double[] o = offsets();
        Layer folded;
        if (last.bn() != null) {
            FloatModel.BatchNorm bn = last.bn();
            float[] beta = bn.beta().clone();
            for (int i = 0; i < beta.length; i++) {
                beta[i] += (float) o[i];
            }
            folded = new Layer(last.op(), last.kh(), last.kw(), last.strideH(), last.strideW(), last.padH(), last.padW(),
                    last.outChannels(), last.relu(), last.weights(), last.bias(),
                    new FloatModel.BatchNorm(bn.gamma(), beta, bn.mean(), bn.var(), bn.eps()));
        } else {
            float[] bias = last.bias() == null ? new float[shares.length] : last.bias().clone();
            for (int i = 0; i < bias.length; i++) {
                bias[i] += (float) o[i];
            }
            folded = new Layer(last.op(), last.kh(), last.kw(), last.strideH(), last.strideW(), last.padH(), last.padW(),
                    last.outChannels(), last.relu(), last.weights(), bias, null);
        }
        if (last.relu()) {
            throw new IllegalArgumentException("the final FC has a ReLU; a prior correction needs raw logits");
        }
        layers.set(layers.size() - 1, folded);
        return new FloatModel(model.architecture(), model.inputH(), model.inputW(), model.labels(), layers);
    }

    /** What model.json records: {@code {"applied": true, "trainShares": {label: share}}}. */
    public Map<String, Object> toMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", true);
        m.put("strength", strength);
        m.put("foldedInto", "final FC bias (float, before quantization)");
        Map<String, Double> s = new LinkedHashMap<>();
        for (int i = 0; i < shares.length; i++) {
            s.put(labels.get(i), shares[i]);
        }
        m.put("trainShares", s);
        return m;
    }

    /** model.json's record of a model trained without the correction. */
    public static Map<String, Object> notApplied(List<String> labels, Map<String, Integer> counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", false);
        double total = counts.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> s = new LinkedHashMap<>();
        for (String l : labels) {
            s.put(l, total == 0 ? 0 : counts.getOrDefault(l, 0) / total);
        }
        m.put("trainShares", s);
        return m;
    }
}
