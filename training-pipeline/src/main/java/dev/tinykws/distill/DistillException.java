package dev.tinykws.distill;

/** A distillation setting or input that cannot be used; the message says what to change. */
public class DistillException extends RuntimeException {

    public DistillException(String message) {
        super(message);
    }

    public DistillException(String message, Throwable cause) {
        super(message, cause);
    }
}
