package dev.tinykws.detect;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.FrontendConfig;
import dev.tinykws.features.mfcc.ClipFeatures;
import dev.tinykws.model.FloatModel;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.FloatInference;
import dev.tinykws.quant.Int8Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What detection and evaluation need from a model: the frontend, labels, detector
 * settings, the int8 window scorer and (optionally) the float reference. Built from a
 * {@link ModelPackage} with {@link #of}, or from parts (tests use fake scorers).
 *
 * @param name      model name for reports
 * @param frontend  the model's FrontendConfig
 * @param labels    labels: _silence_, _unknown_, keywords
 * @param detector  detector settings
 * @param int8      int8 softmax of one window (SPEC §3)
 * @param floatRef  float probabilities of one window of (CMS'd) float features, or null
 */
public record ModelRuntime(String name, FrontendConfig frontend, List<String> labels, DetectorConfig detector,
                           WindowScorer int8, FloatScorer floatRef) {

    /** Float probabilities of one window of float features. */
    @FunctionalInterface
    public interface FloatScorer {
        float[] probabilities(float[] features);
    }

    public ModelRuntime {
        Objects.requireNonNull(frontend, "frontend");
        labels = List.copyOf(labels);
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(int8, "int8 scorer");
    }

    public static ModelRuntime of(ModelPackage pkg, String name) {
        Int8Model q = Objects.requireNonNull(pkg.int8(), "the model package has no int8 model");
        FloatModel f = pkg.floatModel();
        FloatScorer fs = null;
        if (f != null) {
            FloatInference inference = new FloatInference(f);
            fs = inference::infer;
        }
        return new ModelRuntime(name, pkg.frontend(), pkg.labels(), pkg.detector(), q::infer, fs);
    }

    /** The frontend numbers streaming needs. */
    public StreamGeometry geometry() {
        return geometry(frontend);
    }

    public static StreamGeometry geometry(FrontendConfig f) {
        return new StreamGeometry(f.sampleRate(), f.windowSamples(), f.hopSamples(), f.framesPerClip(),
                f.numCoefficients(), f.cepstralMeanSubtraction(), f.inputScale(), f.inputZeroPoint());
    }

    public ModelRuntime withDetector(DetectorConfig d) {
        return new ModelRuntime(name, frontend, labels, d, int8, floatRef);
    }

    /**
     * Clip classifier with variants "float" (when available) and "int8", sharing one feature
     * extraction per clip. Not thread-safe.
     */
    public ClipScorer clipScorer() {
        ClipFeatures features = new ClipFeatures(frontend);
        List<String> variants = new ArrayList<>();
        if (floatRef != null) {
            variants.add("float");
        }
        variants.add("int8");
        List<String> vs = List.copyOf(variants);
        return new ClipScorer() {
            @Override
            public List<String> variants() {
                return vs;
            }

            @Override
            public int[] classify(float[] audio16k) {
                float[] x = features.extract(audio16k);
                byte[] q = features.quantize(x);
                int int8Top = ClipScorer.argmax(int8.score(q));
                return floatRef == null ? new int[]{int8Top}
                        : new int[]{ClipScorer.argmax(floatRef.probabilities(x)), int8Top};
            }
        };
    }
}
