package dev.tinykws.teacher;

import dev.tinykws.monitor.verify.DetectionVerifier;

import java.nio.file.Path;

/**
 * The teacher as the host's second stage ({@link DetectionVerifier} of host-monitor): the
 * prior-corrected probability of the detected keyword for a 1-s window (clip features in a 2-s
 * dither context, exactly as in training).
 */
public final class TeacherVerifier implements DetectionVerifier {

    private final TeacherRuntime teacher;

    public TeacherVerifier(TeacherRuntime teacher) {
        this.teacher = teacher;
    }

    /** Loads a host model package ({@code <out>/teacher}). */
    public static TeacherVerifier load(Path dir) {
        return new TeacherVerifier(TeacherRuntime.load(dir));
    }

    @Override
    public String name() {
        return teacher.name();
    }

    @Override
    public double score(String keyword, float[] window) {
        int k = teacher.labels().indexOf(keyword);
        return k < 0 ? 0 : teacher.probabilities(window)[k];
    }
}
