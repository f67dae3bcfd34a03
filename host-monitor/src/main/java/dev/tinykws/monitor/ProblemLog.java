package dev.tinykws.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Per-line problems of a session (dropped bytes, malformed or rejected lines, unknown types): every
 * one goes to the {@value #RECORD_LOGGER} logger, the full record (the CLI routes it to
 * {@code logs/monitor.log} only), and at most {@link #PER_WINDOW} per 10 s go to the
 * {@value #CONSOLE_LOGGER} logger (the CLI routes it to the console only), the rest summed up in the
 * next console warning. So a burst cannot flood the terminal, and no reason is ever lost from the log
 * file. Without that routing (a library user's own Logback setup) both loggers reach the root logger.
 */
public final class ProblemLog {
    /** Logger of the full record: one warning per problem. */
    public static final String RECORD_LOGGER = "dev.tinykws.monitor.problems";
    /** Logger of the rate-limited console view. */
    public static final String CONSOLE_LOGGER = "dev.tinykws.monitor.console";
    /** Console warnings per window. */
    public static final int PER_WINDOW = 10;
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final Logger RECORD = LoggerFactory.getLogger(RECORD_LOGGER);
    private static final Logger CONSOLE = LoggerFactory.getLogger(CONSOLE_LOGGER);

    private final LongSupplier clock;
    private long windowStart;
    private boolean started;
    private int inWindow;
    private long suppressed;

    public ProblemLog() {
        this(System::nanoTime);
    }

    ProblemLog(LongSupplier clock) {
        this.clock = clock;
    }

    /** Records one problem (already formatted, device text shortened by the caller). */
    public synchronized void warn(String message) {
        RECORD.warn(message);
        long now = clock.getAsLong();
        if (!started || now - windowStart > WINDOW_NANOS) {
            flush();
            started = true;
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow++ < PER_WINDOW) {
            CONSOLE.warn(message);
        } else {
            suppressed++;
        }
    }

    /** Prints the count of problems not shown on the console since the last summary. */
    public synchronized void flush() {
        if (suppressed > 0) {
            CONSOLE.warn("... and {} more problem(s) not shown here (all are in logs/monitor.log)", suppressed);
            suppressed = 0;
        }
    }

    /** {@code s} cut to {@code max} characters, the cut marked, for device-chosen text in messages. */
    public static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
