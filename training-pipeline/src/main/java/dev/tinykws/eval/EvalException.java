package dev.tinykws.eval;

/** An evaluation or detection run that cannot proceed; the message says what to do. */
public class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
