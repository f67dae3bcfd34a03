package dev.tinykws.cli;

import dev.tinykws.teacher.FeatureCache;
import dev.tinykws.teacher.TeacherTrainer;
import dev.tinykws.teacher.TeacherTraining;
import dev.tinykws.train.TrainOptions;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;

/** {@code tinykws train}'s teacher options (a picocli mixin) and the teacher step they drive. */
public final class TeacherOptions {

    /** Host package folder of the teacher inside the device model's folder. */
    public static final String FOLDER = "teacher";

    @Option(names = "--teacher", defaultValue = "embedding", paramLabel = "MODE",
            description = "Teacher: embedding also trains the teacher (pretrained speech embedding + head) into <out>/teacher; "
                    + "none skips it; only trains only the teacher (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--teacher-variants", defaultValue = "2", paramLabel = "K",
            description = "Augmented copies per clip for the teacher head, embedded once and cached "
                    + "(default: ${DEFAULT-VALUE}).")
    int variants;

    @Option(names = "--teacher-epochs", defaultValue = "40", paramLabel = "N",
            description = "Teacher head epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    /** Checks the options (a bad value is a usage error). */
    void validate() {
        mode();
        if (variants < 0 || epochs < 1) {
            throw new dev.tinykws.train.TrainingException("--teacher-variants must be >= 0 and --teacher-epochs >= 1");
        }
    }

    String mode() {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!m.equals("embedding") && !m.equals("none") && !m.equals("only")) {
            throw new dev.tinykws.train.TrainingException("--teacher must be embedding, none or only, not '" + mode + "'");
        }
        return m;
    }

    boolean enabled() {
        return !mode().equals("none");
    }

    boolean only() {
        return mode().equals("only");
    }

    /** Trains the teacher with the device model's dataset, sampling, augmentation, seed and FA target. */
    TeacherTraining.Outcome train(TrainOptions o) {
        TeacherTrainer.Options h = TeacherTrainer.Options.defaults(o.seed());
        h = new TeacherTrainer.Options(h.hidden(), h.dropout(), epochs, h.batchSize(), h.learningRate(),
                h.weightDecay(), o.seed());
        return TeacherTraining.run(new TeacherTraining.Options(o.data(), o.keywords(), o.out().resolve(FOLDER),
                o.silencePercent(), o.unknownPercent(), o.seed(), o.augment(), variants, Math.max(1, o.threads()),
                FeatureCache.defaultDir(), o.targetFaPerHour(), h));
    }

    static void print(TeacherTraining.Outcome t) {
        Map<String, Object> m = t.metrics();
        System.out.printf(Locale.ROOT, "teacher    %s (%s): validation %.4f, test %.4f (prior-corrected), threshold %.3f%n",
                t.pkg().dir(), t.pkg().id(), (Double) m.get("valAccuracy"), (Double) m.get("testAccuracy"),
                t.pkg().detector().threshold());
    }
}
