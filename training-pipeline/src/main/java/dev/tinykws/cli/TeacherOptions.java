package dev.tinykws.cli;

import dev.tinykws.teacher.FeatureCache;
import dev.tinykws.teacher.TeacherTrainer;
import dev.tinykws.teacher.TeacherTraining;
import dev.tinykws.train.Adaptation;
import dev.tinykws.train.TrainOptions;
import dev.tinykws.train.TrainPipeline;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;

/** {@code tinykws train}'s teacher options (a picocli mixin) and the teacher step they drive. */
public final class TeacherOptions {

    /** Host package folder of the teacher inside the device model's folder. */
    public static final String FOLDER = "teacher";

    @Option(names = "--teacher", defaultValue = "embedding", paramLabel = "MODE",
            description = "Teacher: embedding also trains the teacher (pretrained speech embedding + head) into <out>/teacher "
                    + "(reused by --resume when trained with the same settings and data; not trained with --distill-from); "
                    + "none skips it; only trains only the teacher, also over the teacher of an existing model "
                    + "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--teacher-variants", defaultValue = "" + dev.tinykws.train.TeacherCopies.DEFAULT_VARIANTS,
            paramLabel = "K",
            description = "Augmented copies per clip for the teacher head, embedded once and cached; the device "
                    + "model is distilled on the clean clip plus the same K copies (--augment-variants does not "
                    + "apply under distillation) (default: ${DEFAULT-VALUE}).")
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

    /**
     * Trains the teacher on the device model's prepared data (the same cleaned dataset and sample plan), with its
     * augmentation, seed and FA target. With {@code --resume}, a finished teacher in {@code <out>/teacher} trained
     * with the same settings on the same data is reused instead.
     */
    TeacherTraining.Outcome train(TrainOptions o, TrainPipeline.Prepared data, Adaptation adapt) {
        TeacherTrainer.Options h = TeacherTrainer.Options.defaults(o.seed());
        h = new TeacherTrainer.Options(h.hidden(), h.dropout(), epochs, h.batchSize(), h.learningRate(),
                h.weightDecay(), o.seed());
        TeacherTraining.Options t = new TeacherTraining.Options(o.data(), o.keywords(), o.out().resolve(FOLDER),
                o.silencePercent(), o.unknownPercent(), o.seed(), o.augment(), variants, Math.max(1, o.threads()),
                FeatureCache.defaultDir(), o.targetFaPerHour(), h);
        String dataKey = dataKey(data, adapt);
        if (o.resume()) {
            java.util.Optional<TeacherTraining.Outcome> done = TeacherTraining.reuse(t, dataKey);
            if (done.isPresent()) {
                return done.get();
            }
        }
        return TeacherTraining.run(t, data.data(), data.plan(), dataKey);
    }

    /** The data a teacher trains on: dataset fingerprint, own-voice rules and the plan's class counts. */
    static String dataKey(TrainPipeline.Prepared data, Adaptation adapt) {
        StringBuilder b = new StringBuilder(data.fingerprint());
        b.append(";real=x").append(adapt.realOversample()).append(adapt.keepRealInTraining() ? "/kept" : "");
        for (dev.tinykws.dataset.Split s : dev.tinykws.dataset.Split.values()) {
            b.append(';').append(s.name().toLowerCase(Locale.ROOT)).append('=')
                    .append(java.util.Arrays.toString(data.plan().classCounts(s)));
        }
        return b.toString();
    }

    static void print(TeacherTraining.Outcome t) {
        Map<String, Object> m = t.metrics();
        System.out.printf(Locale.ROOT, "teacher    %s (%s): validation %.4f, test %.4f (prior-corrected), threshold %.3f%n",
                t.pkg().dir(), t.pkg().id(), (Double) m.get("valAccuracy"), (Double) m.get("testAccuracy"),
                t.pkg().detector().threshold());
    }
}
