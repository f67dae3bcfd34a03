package dev.tinykws.features;

/**
 * The one exception type of the feature-extraction module: bad audio files, invalid
 * {@link FrontendConfig} values, unreadable JSON, failed writes. Messages name the file or
 * field and say what is wrong, so a user can act on them.
 */
public class FeatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FeatureException(String message) {
        super(message);
    }

    public FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
