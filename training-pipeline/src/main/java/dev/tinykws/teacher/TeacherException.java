package dev.tinykws.teacher;

/** Failure of the teacher (model files, embedding inference, host model package, head training). */
public final class TeacherException extends RuntimeException {

    public TeacherException(String message) {
        super(message);
    }

    public TeacherException(String message, Throwable cause) {
        super(message, cause);
    }
}
