package dev.tinykws.train;

/**
 * The augmented copies of a training clip that the teacher trains on and the student is distilled on: one
 * seed function for both ({@code dev.tinykws.teacher.TeacherTraining} and {@link DistillEpochSource}), so
 * the student's copy {@code v} of sample {@code i} is the very audio the teacher embedded and cached.
 */
public final class TeacherCopies {

    /** Default augmented copies per clip for the teacher ({@code --teacher-variants}). */
    public static final int DEFAULT_VARIANTS = 2;

    private TeacherCopies() { }

    /** The seed of augmented copy {@code variant} (1..variants; 0 is the clean clip) of training sample {@code index}. */
    public static long seed(long seed, int variant, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + variant * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return h ^ (h >>> 29);
    }

    /** Copies per clip the student is distilled on: the clean clip plus the teacher's {@code teacherVariants}. */
    public static int copies(int teacherVariants) {
        if (teacherVariants < 0) {
            throw new TrainingException("teacher variants must be >= 0, got " + teacherVariants);
        }
        return 1 + teacherVariants;
    }
}
