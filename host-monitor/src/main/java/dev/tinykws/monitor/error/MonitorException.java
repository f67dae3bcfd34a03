package dev.tinykws.monitor.error;

/** The one exception type of the host monitor; its message says what to do about it. */
public final class MonitorException extends RuntimeException {
    public MonitorException(String message) {
        super(message);
    }

    public MonitorException(String message, Throwable cause) {
        super(message, cause);
    }
}
