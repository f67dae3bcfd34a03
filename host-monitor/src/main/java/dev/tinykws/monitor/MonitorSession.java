package dev.tinykws.monitor;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.log.DetectionLog;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.DropReason;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.protocol.Messages;
import dev.tinykws.monitor.stats.LiveStats;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.stats.SummaryJson;
import dev.tinykws.monitor.transport.Connection;
import dev.tinykws.monitor.transport.SerialTransport;
import dev.tinykws.monitor.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One monitoring session on a {@link Transport}: reads bytes, decodes lines, appends detections to
 * {@code detections.jsonl}, keeps {@link LiveStats}, and reconnects when the link drops (serial unplug,
 * TCP server restart) while keeping the same log files. {@link #run()} blocks until the duration
 * elapses, the stream ends (replays, or {@code exitOnEof}), or {@link #stop()} is called.
 */
public final class MonitorSession implements AutoCloseable {
    /** Logger of the one-line-per-detection output (route it to the console at the CLI edge). */
    public static final String DETECTIONS_LOGGER = "dev.tinykws.monitor.detections";
    private static final Logger LOG = LoggerFactory.getLogger(MonitorSession.class);
    private static final Logger DET = LoggerFactory.getLogger(DETECTIONS_LOGGER);

    private final Transport transport;
    private final MonitorConfig config;
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();
    private final FrameDecoder decoder;
    private final LiveStats stats;
    private final DetectionLog detectionLog;
    private final OutputStream capture;
    private final ProblemLog problems = new ProblemLog();
    private final Object writeLock = new Object();
    private volatile Connection current;
    private volatile boolean stopped;
    private int hostSeq;
    private long receivedNanos;
    private Instant receivedAt;
    private boolean closed;

    public MonitorSession(Transport transport, MonitorConfig config) {
        this.transport = transport;
        this.config = config;
        this.decoder = new FrameDecoder(config.noLineReportBytes());
        this.stats = new LiveStats(transport.name(), Instant.now(), config.keepDetections());
        this.detectionLog = config.outDir() == null ? null
                : DetectionLog.open(config.outDir().resolve("detections.jsonl"), config.fsync());
        try {
            this.capture = config.capture() == null ? null
                    : Files.newOutputStream(config.capture(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            if (detectionLog != null) {
                detectionLog.close();
            }
            throw new MonitorException("cannot open capture file " + config.capture() + ": " + e.getMessage(), e);
        }
    }

    public MonitorSession addListener(MonitorListener l) {
        listeners.add(l);
        return this;
    }

    public LiveStats stats() {
        return stats;
    }

    public Transport transport() {
        return transport;
    }

    /** The detection log file, or null when no output folder was given. */
    public Path detectionsFile() {
        return detectionLog == null ? null : detectionLog.file();
    }

    /**
     * Asks {@link #run()} to return soon: within one poll interval (200 ms) for serial and TCP; a
     * blocking {@link java.io.InputStream} is checked after its next read returns. Thread-safe.
     */
    public void stop() {
        stopped = true;
    }

    /**
     * Sends a host-to-device line on the current connection (SPEC §5: {@code THRESH}, {@code REC},
     * {@code INFO}). Thread-safe.
     *
     * @throws MonitorException when not connected or the write fails
     */
    public void send(String type, String... fields) {
        synchronized (writeLock) {
            Connection c = current;
            if (c == null) {
                throw new MonitorException("not connected to " + transport.name() + "; cannot send " + type);
            }
            byte[] line = Frames.encodeBytes(type, hostSeq, fields);
            hostSeq = (hostSeq + 1) & 0xFFFF;
            try {
                c.write(line);
            } catch (IOException e) {
                throw new MonitorException("cannot send " + type + " to " + transport.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs the session; returns the summary (also written to {@code summary.json} when there is an output folder). */
    public MonitorSummary run() {
        long deadline = config.duration() == null ? Long.MAX_VALUE
                : System.nanoTime() + config.duration().toNanos();
        byte[] buf = new byte[8192];
        boolean waitingLogged = false;
        boolean everConnected = false;
        {
            while (!stopped && System.nanoTime() < deadline) {
                Connection c;
                try {
                    c = transport.open();
                } catch (IOException e) {
                    if (!transport.reconnectable() || (everConnected && config.exitOnEof())) {
                        throw new MonitorException("cannot open " + transport.name() + ": " + e.getMessage(), e);
                    }
                    if (!waitingLogged) {
                        LOG.warn("waiting for {}: {}", transport.name(), e.getMessage());
                        waitingLogged = true;
                    }
                    sleepUntil(deadline, config.reconnectDelay().toMillis());
                    continue;
                }
                waitingLogged = false;
                everConnected = true;
                current = c;
                stats.connected();
                LOG.info("connected to {}", transport.name());
                notifyListeners(l -> l.onConnected(transport.name()));
                String reason = readUntilEnd(c, buf, deadline);
                synchronized (writeLock) {
                    current = null;
                    c.close();
                }
                decoder.finish(this::onDecodeEvent);
                stats.decoder(decoder.stats());
                if (reason == null) {
                    break; // stopped or duration elapsed
                }
                notifyListeners(l -> l.onDisconnected(transport.name(), reason));
                if (!transport.reconnectable() || config.exitOnEof()) {
                    LOG.info("{}: {}", transport.name(), reason);
                    break;
                }
                LOG.warn("{}: {}; reconnecting (the log continues in the same files)", transport.name(), reason);
                sleepUntil(deadline, config.reconnectDelay().toMillis());
            }
        }
        return finish();
    }

    /** @return why the link ended, or null when the session was stopped or its time is up */
    private String readUntilEnd(Connection c, byte[] buf, long deadline) {
        while (!stopped && System.nanoTime() < deadline) {
            int n;
            try {
                n = c.read(buf);
            } catch (IOException e) {
                if (stopped) {
                    return null;
                }
                return "link lost (" + e.getMessage() + ")";
            }
            if (n < 0) {
                return "end of stream (device unplugged or closed)";
            }
            if (n == 0) {
                continue;
            }
            receivedNanos = System.nanoTime();
            receivedAt = Instant.now();
            if (capture != null) {
                try {
                    capture.write(buf, 0, n);
                    capture.flush();
                } catch (IOException e) {
                    throw new MonitorException("cannot append to capture file " + config.capture() + ": " + e.getMessage(), e);
                }
            }
            decoder.feed(buf, 0, n, this::onDecodeEvent);
            stats.decoder(decoder.stats());
        }
        return null;
    }

    private void onDecodeEvent(DecodeEvent ev) {
        if (ev instanceof DecodeEvent.Decoded d) {
            if (d.lostBefore() > 0) {
                problems.warn("lost " + d.lostBefore() + " line(s) before seq " + d.frame().seq() + " (sequence gap)");
            }
            Message m;
            try {
                m = Messages.parse(d.frame());
            } catch (MonitorException e) {
                stats.malformed();
                problems.warn(e.getMessage());
                return;
            }
            onMessage(m);
        } else if (ev instanceof DecodeEvent.Dropped dr) {
            String what = dr.reason() == DropReason.GARBAGE ? dr.bytes() + " byte(s) of " + dr.reason().text()
                    : dr.reason().text() + " (" + dr.bytes() + " bytes)";
            problems.warn("dropped " + what + ": " + dr.excerpt());
            notifyListeners(l -> l.onDropped(dr));
        } else if (ev instanceof DecodeEvent.NoValidLine nv) {
            String hint = transport instanceof SerialTransport st ? st.baudHint(nv.nonPrintableFraction())
                    : "is this a TinyKWS device?";
            LOG.warn("no valid line in {} bytes ({}% not printable): {}", nv.bytes(),
                    Math.round(nv.nonPrintableFraction() * 100), hint);
        }
    }

    /** True (and counted, logged) when a DET/NEAR keyword is not among the HELLO labels. */
    private boolean rejectedKeyword(Message m, String keyword) {
        String problem = stats.keywordProblem(keyword);
        if (problem == null) {
            return false;
        }
        stats.protocolError(problem);
        problems.warn("rejected " + m.frame().type() + " line seq " + m.frame().seq() + ": " + problem + " (keyword '"
                + ProblemLog.shorten(keyword, 40) + "', labels " + ProblemLog.shorten(String.join("|", stats.labels()), 200)
                + ")");
        return true;
    }

    private void onMessage(Message m) {
        if (m instanceof Message.Near n && rejectedKeyword(m, n.keyword())) {
            return;
        }
        if (m instanceof Message.Det det) {
            if (rejectedKeyword(m, det.keyword())) {
                return;
            }
            DetectionEvent e = new DetectionEvent(receivedAt == null ? Instant.now() : receivedAt, stats.device(),
                    transport.name(), det.tMs(), det.keyword(), det.score(), det.frame().seq());
            if (detectionLog != null) {
                detectionLog.append(e);
            }
            stats.detection(e);
            DET.info("DET {} {} t={}ms seq={} device={}", ProblemLog.shorten(e.keyword(), 40), e.score(), e.tMs(),
                    e.seq(), e.device());
            long t = receivedNanos;
            notifyListeners(l -> l.onDetection(e, t));
        } else if (m instanceof Message.Hello h) {
            stats.hello(h);
            LOG.info("HELLO firmware {} model {} frontend {} {} Hz threshold {} labels {}", h.firmwareVersion(),
                    h.modelId(), h.frontendHash(), h.sampleRate(), h.threshold(), h.labels());
        } else if (m instanceof Message.Stat s) {
            stats.stat(s, receivedAt == null ? Instant.now() : receivedAt);
            LOG.debug("STAT uptime {} ms, inference {} us, CPU {}%, free RAM {} B, overruns {}", s.uptimeMs(),
                    s.inferUs(), s.cpuLoadPermille() / 10.0, s.freeRamBytes(), s.audioOverruns());
        } else if (m instanceof Message.Ack a) {
            LOG.info("ACK {} {}", a.command(), a.result());
        } else if (m instanceof Message.Err e) {
            stats.deviceError(e.code());
            problems.warn("device error " + e.code() + ": " + e.message());
        } else if (m instanceof Message.Unknown u) {
            stats.unknownType(u.frame().type());
            problems.warn("unknown line type " + u.frame().type() + " (counted, ignored): " + u.frame().line());
        } else {
            LOG.debug("{}", m.frame().line());
        }
        notifyListeners(l -> l.onMessage(m));
    }

    /** A failing listener is logged and does not stop the session. */
    private void notifyListeners(java.util.function.Consumer<MonitorListener> call) {
        for (MonitorListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    private MonitorSummary finish() {
        problems.flush();
        MonitorSummary s = stats.snapshot(Instant.now());
        if (config.outDir() != null) {
            SummaryJson.write(s, config.outDir().resolve("summary.json"));
        }
        LOG.info("session end: {} detection(s) logged, {} valid line(s), {} lost, {} dropped, {} reconnect(s)",
                s.detectionCount(), s.decoder().frames(), s.lostLines(), s.decoder().droppedLines(), s.reconnects());
        close();
        return s;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (detectionLog != null) {
            detectionLog.close();
        }
        if (capture != null) {
            try {
                capture.close();
            } catch (IOException ignored) {
                // every chunk was flushed when it arrived
            }
        }
    }

    private void sleepUntil(long deadline, long ms) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        try {
            Thread.sleep(Math.max(0, Math.min(ms, left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
