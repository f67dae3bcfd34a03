package dev.tinykws.train;

import dev.tinykws.augment.AugmentConfig;
import dev.tinykws.distill.ClipTeacher;
import dev.tinykws.distill.DistillConfig;
import dev.tinykws.distill.UnlabeledAudio;
import dev.tinykws.features.FrontendConfig;
import java.util.List;

/**
 * Builds the distillation epoch source from the training options: the clean clip plus the teacher's augmented
 * copies per training clip ({@link TeacherCopies}); {@code --augment-variants} does not apply under distillation.
 */
final class Distillation {

    private Distillation() { }

    static DistillEpochSource source(TrainOptions o, List<SamplePlan.Sample> train, ClipAudio audio,
                                     AugmentConfig augConfig, FrontendConfig frontend, ClipTeacher teacher,
                                     List<String> labels) {
        UnlabeledAudio unlabeled = o.voice().unlabeled() == null ? null
                : new UnlabeledAudio(o.voice().unlabeled(), UnlabeledAudio.DEFAULT_HOP);
        return new DistillEpochSource(train, audio, augConfig, frontend, o.seed(), TeacherCopies.copies(teacher.variants()),
                o.voice(), teacher, DistillConfig.defaults(), unlabeled, labels);
    }
}
