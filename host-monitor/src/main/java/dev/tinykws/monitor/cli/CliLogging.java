package dev.tinykws.monitor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.ProblemLog;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Logback configured programmatically at the CLI edge (library code only uses SLF4J): a human-readable
 * console on stderr (colours optional) and, when a folder is given, a rolling file
 * {@code DIR/logs/monitor.log} (daily and at 10 MB, gzip, 30 days, 1 GB cap).
 */
public final class CliLogging {
    private CliLogging() {
    }

    static void configure(Path logsDir, boolean color, boolean verbose) {
        configure(logsDir, color, verbose, true);
    }

    /**
     * Replaces the Logback configuration (for program edges: the CLI, benchmarks).
     *
     * @param logsDir rolling file folder, or null for none
     * @param console also log to stderr
     */
    public static void configure(Path logsDir, boolean color, boolean verbose, boolean console) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? Level.DEBUG : Level.INFO);
        // detections get their own console appender (green when coloured) and share the file appender
        Logger detections = ctx.getLogger(MonitorSession.DETECTIONS_LOGGER);
        detections.setAdditive(false);
        // per-line problems: every one into the file, a rate-limited view on the console (ProblemLog)
        Logger problemRecord = ctx.getLogger(ProblemLog.RECORD_LOGGER);
        problemRecord.setAdditive(false);
        Logger problemConsole = ctx.getLogger(ProblemLog.CONSOLE_LOGGER);
        problemConsole.setAdditive(false);
        if (console) {
            ConsoleAppender<ILoggingEvent> main = consoleAppender(ctx, "console",
                    color ? "%d{HH:mm:ss.SSS} %highlight(%-5level) %msg%n" : "%d{HH:mm:ss.SSS} %-5level %msg%n");
            root.addAppender(main);
            problemConsole.addAppender(main);
            detections.addAppender(consoleAppender(ctx, "console-detections",
                    color ? "%d{HH:mm:ss.SSS} %-5level %boldGreen(%msg)%n" : "%d{HH:mm:ss.SSS} %-5level %msg%n"));
        }
        if (logsDir != null) {
            RollingFileAppender<ILoggingEvent> file = fileAppender(ctx, logsDir);
            root.addAppender(file);
            detections.addAppender(file);
            problemRecord.addAppender(file);
        }
        ctx.getLogger("com.fazecast").setLevel(Level.WARN);
    }

    private static ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext ctx, String name, String pattern) {
        PatternLayoutEncoder ce = new PatternLayoutEncoder();
        ce.setContext(ctx);
        ce.setPattern(pattern);
        ce.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName(name);
        console.setTarget("System.err");
        console.setEncoder(ce);
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext ctx, Path logsDir) {
        PatternLayoutEncoder fe = new PatternLayoutEncoder();
        fe.setContext(ctx);
        fe.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n");
        fe.start();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("file");
        file.setFile(logsDir.resolve("monitor.log").toString());
        file.setAppend(true);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(logsDir.resolve("monitor.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(fe);
        file.start();
        return file;
    }

    /** Flushes and stops the appenders (call before exit). */
    public static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
