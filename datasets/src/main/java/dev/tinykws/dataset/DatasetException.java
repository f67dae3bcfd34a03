package dev.tinykws.dataset;

/** Unchecked error of the dataset tools, with a message that says what to do about it. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
