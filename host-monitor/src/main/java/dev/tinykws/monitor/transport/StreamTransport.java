package dev.tinykws.monitor.transport;

import dev.tinykws.monitor.error.MonitorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One-shot byte stream: a captured session file ({@link #replay(Path)}) or any {@link InputStream}
 * (e.g. the stdout of the firmware's host build). Writes go to {@code commands} or are discarded.
 */
public final class StreamTransport implements Transport {
    private final String name;
    private final Supplier<InputStream> source;
    private final OutputStream commands;
    private final AtomicBoolean opened = new AtomicBoolean();

    public StreamTransport(String name, InputStream in, OutputStream commands) {
        this.name = name;
        this.source = () -> in;
        this.commands = commands;
    }

    private StreamTransport(String name, Supplier<InputStream> source) {
        this.name = name;
        this.source = source;
        this.commands = null;
    }

    /** Replays the raw bytes of a session saved with {@code --capture}. */
    public static StreamTransport replay(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MonitorException("replay file " + file + " does not exist (record one with --capture FILE)");
        }
        return new StreamTransport("replay:" + file, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new MonitorException("cannot read replay file " + file + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean reconnectable() {
        return false;
    }

    @Override
    public Connection open() throws IOException {
        if (!opened.compareAndSet(false, true)) {
            throw new IOException(name + " can be read only once");
        }
        InputStream in = source.get();
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException {
                return in.read(buf);
            }

            @Override
            public void write(byte[] data) throws IOException {
                if (commands != null) {
                    commands.write(data);
                    commands.flush();
                }
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // end of a one-shot stream
                }
            }
        };
    }
}
