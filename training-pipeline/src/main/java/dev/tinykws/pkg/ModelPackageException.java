package dev.tinykws.pkg;

/** A model package cannot be written or read; the message says which file and what to do. */
public class ModelPackageException extends RuntimeException {

    public ModelPackageException(String message) {
        super(message);
    }

    public ModelPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
