package dev.tinykws.train;

/** Any failure while preparing data for, running, resuming or extracting a training run. */
public final class TrainingException extends RuntimeException {

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
