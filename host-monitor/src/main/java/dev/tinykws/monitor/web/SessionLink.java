package dev.tinykws.monitor.web;

import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.transport.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Connection} inside a running {@link MonitorSession}, so the monitor's own
 * {@link dev.tinykws.monitor.device.DeviceClient} (and with it {@code monitor threshold} and
 * {@code monitor record}'s code) can talk to the device while the session keeps reading: lines the
 * session decodes are replayed to the open connection (with their own sequence numbers, so gaps stay
 * visible), and lines written to it go out through {@link MonitorSession#send}. One connection at a time.
 */
final class SessionLink implements MonitorListener {
    private static final int MAX_QUEUED_LINES = 8192;
    private final MonitorSession session;
    private volatile Open current;

    SessionLink(MonitorSession session) {
        this.session = session;
    }

    /** Opens the connection; only one may be open, so callers serialize their device actions. */
    synchronized Connection open() {
        if (current != null) {
            throw new IllegalStateException("a device action is already running");
        }
        current = new Open();
        return current;
    }

    @Override
    public void onMessage(Message m) {
        Open o = current;
        if (o != null) {
            o.lines.offer((m.frame().line() + "\r\n").getBytes(StandardCharsets.US_ASCII)); // full: lost, as on a wire
        }
    }

    @Override
    public void onDisconnected(String port, String reason) {
        Open o = current;
        if (o != null) {
            o.ended = true;
        }
    }

    private final class Open implements Connection {
        private final BlockingQueue<byte[]> lines = new ArrayBlockingQueue<>(MAX_QUEUED_LINES);
        private final FrameDecoder outgoing = new FrameDecoder(Integer.MAX_VALUE);
        private byte[] partial;
        private int partialAt;
        private volatile boolean ended;

        @Override
        public int read(byte[] buf) throws IOException {
            if (partial == null) {
                try {
                    partial = lines.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                partialAt = 0;
                if (partial == null) {
                    return ended ? -1 : 0;
                }
            }
            int n = Math.min(buf.length, partial.length - partialAt);
            System.arraycopy(partial, partialAt, buf, 0, n);
            partialAt += n;
            if (partialAt == partial.length) {
                partial = null;
            }
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            for (DecodeEvent ev : outgoing.feed(data)) {
                if (ev instanceof DecodeEvent.Decoded d) {
                    try {
                        session.send(d.frame().type(), d.frame().fields().toArray(String[]::new));
                    } catch (dev.tinykws.monitor.error.MonitorException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
            }
        }

        @Override
        public void close() {
            synchronized (SessionLink.this) {
                if (current == this) {
                    current = null;
                }
            }
        }
    }
}
