package dev.tinykws.monitor;

import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.transport.StreamTransport;
import dev.tinykws.monitor.transport.Transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Entry points for programs that monitor a device in-process (the demo, tests, benchmarks).
 *
 * <pre>{@code
 * MonitorSummary s = Monitor.run(firmwareStdout, MonitorConfig.defaults().withOutDir(dir));
 * s.detections().forEach(d -> System.out.println(d.keyword() + " " + d.score()));
 * }</pre>
 */
public final class Monitor {
    private Monitor() {
    }

    /** Reads protocol lines from {@code in} until EOF; writes files when {@code config.outDir()} is set. */
    public static MonitorSummary run(InputStream in, MonitorConfig config) {
        return session(new StreamTransport("stream", in, null), config).run();
    }

    /** As {@link #run(InputStream, MonitorConfig)}, with {@code name} as the port in logs and detections. */
    public static MonitorSummary run(String name, InputStream in, MonitorConfig config) {
        return session(new StreamTransport(name, in, null), config).run();
    }

    /** Reads {@code in} until EOF, no files written. */
    public static MonitorSummary run(InputStream in) {
        return run(in, MonitorConfig.defaults());
    }

    /** Replays a session captured with {@code --capture}. */
    public static MonitorSummary replay(Path capture, MonitorConfig config) {
        return session(StreamTransport.replay(capture), config).run();
    }

    /**
     * A session on a port ({@code /dev/ttyACM0}, {@code tcp://127.0.0.1:4000}); call {@link MonitorSession#run()}
     * (blocking) and {@link MonitorSession#stop()} from another thread, or set a duration / exitOnEof.
     */
    public static MonitorSession open(String port, int baud, MonitorConfig config) {
        return session(Transport.of(port, baud), config);
    }

    /** A session on any transport; {@code commands} of a {@link StreamTransport} receive what is sent. */
    public static MonitorSession session(Transport transport, MonitorConfig config) {
        return new MonitorSession(transport, config);
    }

    /** A session on a stream pair, e.g. a child process's stdout and stdin. */
    public static MonitorSession session(InputStream in, OutputStream commands, MonitorConfig config) {
        return new MonitorSession(new StreamTransport("stream", in, commands), config);
    }
}
