package dev.tinykws.cli;

import dev.tinykws.distill.ClipTeacher;
import dev.tinykws.distill.DistillException;

import dev.tinykws.teacher.SpeechEmbedding;
import dev.tinykws.teacher.TeacherModel;
import dev.tinykws.teacher.TeacherPackage;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link ClipTeacher}s made of the host teacher (dev.tinykws.teacher). In the CLI package so that
 * dev.tinykws.distill (used by training) does not depend on dev.tinykws.teacher (which uses training).
 */
final class TeacherClips {

    private TeacherClips() { }

    /**
     * The teacher model's raw head logits (no prior correction: it trained on the student's class shares) of
     * the embedding features of a clip, looked up in (and added to) the teacher's feature cache: clips the
     * teacher embedded while training are not embedded again. {@code variants}: augmented copies per clip
     * the teacher trained on.
     */
    public static ClipTeacher of(TeacherModel model, String id, dev.tinykws.teacher.FeatureCache cache, int variants) {
        return new ClipTeacher() {
            @Override
            public List<String> labels() {
                return model.labels();
            }

            @Override
            public float[] logits(float[] clip16k) {
                return model.rawLogits(cache.features(model.embedding(), clip16k));
            }

            @Override
            public int variants() {
                return variants;
            }

            @Override
            public String id() {
                return id;
            }
        };
    }

    /** A teacher host package written by {@code tinykws train} (its {@code teacher/} folder). */
    public static ClipTeacher load(Path dir) {
        if (!TeacherPackage.isHostPackage(dir)) {
            throw new DistillException(dir + " is not a teacher package (expected the teacher/ folder that "
                    + "`tinykws train` writes, with its model.json)");
        }
        TeacherPackage p = TeacherPackage.load(dir);
        SpeechEmbedding emb = dev.tinykws.teacher.SharedEmbedding.get();
        return of(p.model(emb), p.id(),
                dev.tinykws.teacher.FeatureCache.open(dev.tinykws.teacher.FeatureCache.defaultDir(), emb),
                variants(p));
    }

    /** The augmented copies per clip a package's teacher trained on (packages before this was recorded: 2). */
    static int variants(TeacherPackage p) {
        Object v = p.metadata().get("variants");
        return v instanceof Number n && n.intValue() >= 0 ? n.intValue()
                : dev.tinykws.train.TeacherCopies.DEFAULT_VARIANTS;
    }
}
