package dev.tinykws.monitor.device;

import dev.tinykws.contract.Threshold;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.protocol.Messages;
import dev.tinykws.monitor.transport.Connection;
import dev.tinykws.monitor.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Sends commands to a device and waits for the answers (SPEC §5, host to device): set the threshold,
 * record clips from the device microphone, ask for HELLO. Lines that arrive meanwhile (DET, STAT) are
 * logged and skipped. One thread at a time.
 */
public final class DeviceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);
    private final Connection connection;
    private final String port;
    private final FrameDecoder decoder = new FrameDecoder();
    private final String hint;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private final byte[] buf = new byte[4096];
    private int hostSeq;

    public DeviceClient(Connection connection, String port) {
        this(connection, port, "wrong baud rate, or not a TinyKWS device?");
    }

    private DeviceClient(Connection connection, String port, String noLineHint) {
        this.connection = connection;
        this.port = port;
        this.hint = noLineHint;
    }

    /** Opens {@code transport}, failing with an actionable message when the device is absent. */
    public static DeviceClient open(Transport transport) {
        try {
            String hint = transport instanceof dev.tinykws.monitor.transport.SerialTransport st
                    ? st.baudHint(1) : "not a TinyKWS device?";
            return new DeviceClient(transport.open(), transport.name(), hint);
        } catch (IOException e) {
            throw new MonitorException("cannot open " + transport.name() + ": " + e.getMessage()
                    + " (check --port; list ports with `tinykws monitor --list`)", e);
        }
    }

    /** Sends one line. */
    public void send(String type, String... fields) {
        byte[] line = Frames.encodeBytes(type, hostSeq, fields);
        hostSeq = (hostSeq + 1) & 0xFFFF;
        try {
            connection.write(line);
        } catch (IOException e) {
            throw new MonitorException("cannot send " + type + " to " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the detection threshold and waits for {@code ACK,THRESH,OK}.
     *
     * @throws MonitorException when the device answers with another result, an ERR, or not at all
     */
    public void setThreshold(double threshold, Duration timeout) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new MonitorException("threshold " + threshold + " is outside 0..1");
        }
        String value = Threshold.of(threshold).text();
        send("THRESH", value);
        Message.Ack ack = awaitAck("THRESH", timeout);
        if (!ack.ok()) {
            throw new MonitorException("device refused THRESH " + value + ": " + ack.result());
        }
        LOG.info("threshold set to {} on {}", value, port);
    }

    /** Asks for HELLO ({@code INFO}) and waits for it. */
    public Message.Hello info(Duration timeout) {
        send("INFO");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = next(deadline);
            if (m == null) {
                throw new MonitorException("no HELLO from " + port + " within " + timeout.toMillis()
                        + " ms after INFO (is the firmware running, and the baud rate right?)");
            }
            if (m instanceof Message.Hello h) {
                return h;
            }
            skip(m);
        }
    }

    /**
     * Records one clip: sends {@code REC,<ms>}, waits for {@code ACK,REC,<clip_id>}, then reassembles the
     * {@code AUD} lines. A clip with missing chunks (sequence gaps, bad checksums, a silent device) is
     * returned as rejected with the reason; a refusal ({@code ACK,REC,BUSY}, {@code ERR}) too.
     */
    public RecordedClip record(int durationMs, Duration ackTimeout) {
        if (durationMs < 100 || durationMs > 10_000) {
            throw new MonitorException("recording length " + durationMs + " ms is outside 100..10000 (SPEC §5 REC)");
        }
        send("REC", Integer.toString(durationMs));
        Message.Ack ack;
        try {
            ack = awaitAck("REC", ackTimeout);
        } catch (MonitorException e) {
            return new RecordedClip(-1, null, e.getMessage());
        }
        long clipId;
        if (!ack.result().matches("\\d{1,9}")) {
            return new RecordedClip(-1, null, "device refused REC: " + ack.result());
        }
        clipId = Long.parseLong(ack.result());
        long lostBefore = decoder.stats().lostLines();
        ClipAssembler clip = null;
        // the device needs the recording time plus the transfer; give up after 1.5 s of silence past that
        long deadline = System.nanoTime() + (durationMs + 1500L) * 1_000_000L;
        while (true) {
            long idleDeadline = Math.max(deadline, System.nanoTime() + 1_500_000_000L);
            Message m = next(clip == null ? deadline : idleDeadline);
            if (m == null) {
                String why = clip == null ? "no AUD line for clip " + clipId + " arrived" : clip.missingReason()
                        + " (device stopped sending)";
                return new RecordedClip(clipId, null, why);
            }
            if (!(m instanceof Message.Aud a) || a.clipId() != clipId) {
                skip(m);
                continue;
            }
            try {
                if (clip == null) {
                    clip = new ClipAssembler(clipId, a.total());
                    if (a.total() != durationMs * 16) {
                        LOG.warn("clip {}: device sends {} samples for {} ms (expected {} at 16 kHz)", clipId,
                                a.total(), durationMs, durationMs * 16);
                    }
                }
                boolean last = clip.accept(a);
                if (clip.complete()) {
                    long lost = decoder.stats().lostLines() - lostBefore;
                    if (lost > 0) {
                        LOG.info("clip {} complete despite {} lost line(s) (lost lines were not audio)", clipId, lost);
                    }
                    return new RecordedClip(clipId, clip.samples(), null);
                }
                if (last) {
                    return new RecordedClip(clipId, null, clip.missingReason());
                }
            } catch (MonitorException e) {
                drainClip(clipId, durationMs);
                return new RecordedClip(clipId, null, e.getMessage());
            }
        }
    }

    /** After a fatal chunk error, skips the rest of the clip so it does not spill into the next one. */
    private void drainClip(long clipId, int durationMs) {
        long deadline = System.nanoTime() + 300_000_000L;
        while (true) {
            Message m = next(deadline);
            if (m == null) {
                return;
            }
            if (m instanceof Message.Aud a && a.clipId() == clipId) {
                deadline = System.nanoTime() + 300_000_000L;
            } else {
                skip(m);
            }
        }
    }

    private Message.Ack awaitAck(String command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = next(deadline);
            if (m == null) {
                throw new MonitorException("no ACK for " + command + " from " + port + " within " + timeout.toMillis()
                        + " ms (is the firmware running, and the baud rate right?)");
            }
            if (m instanceof Message.Ack a && a.command().equals(command)) {
                return a;
            }
            if (m instanceof Message.Err e) {
                throw new MonitorException("device answered " + command + " with ERR " + e.code() + ": " + e.message());
            }
            skip(m);
        }
    }

    private void skip(Message m) {
        if (m instanceof Message.Det d) {
            LOG.info("DET {} {} t={}ms (while waiting for the device)", d.keyword(), d.score(), d.tMs());
        } else if (m instanceof Message.Unknown u) {
            LOG.warn("unknown line type {}: {}", u.frame().type(), u.frame().line());
        } else {
            LOG.debug("skipped {}", m.frame().line());
        }
    }

    /** The next message, or null at the deadline or when the link ends. */
    private Message next(long deadlineNanos) {
        while (pending.isEmpty()) {
            if (System.nanoTime() >= deadlineNanos) {
                return null;
            }
            int n;
            try {
                n = connection.read(buf);
            } catch (IOException e) {
                throw new MonitorException("link to " + port + " lost: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new MonitorException("link to " + port + " ended (device unplugged or closed)");
            }
            decoder.feed(buf, 0, n, this::onEvent);
        }
        return pending.poll();
    }

    private void onEvent(DecodeEvent ev) {
        if (ev instanceof DecodeEvent.Decoded d) {
            if (d.lostBefore() > 0) {
                LOG.warn("lost {} line(s) before seq {}", d.lostBefore(), d.frame().seq());
            }
            try {
                pending.add(Messages.parse(d.frame()));
            } catch (MonitorException e) {
                LOG.warn("{}", e.getMessage());
            }
        } else if (ev instanceof DecodeEvent.Dropped dr && dr.reason() != dev.tinykws.monitor.protocol.DropReason.GARBAGE) {
            LOG.warn("dropped {} ({} bytes): {}", dr.reason().text(), dr.bytes(), dr.excerpt());
        } else if (ev instanceof DecodeEvent.NoValidLine nv) {
            LOG.warn("no valid line in {} bytes: {}", nv.bytes(), hint);
        }
    }

    /** Lines lost so far according to sequence numbers. */
    public long lostLines() {
        return decoder.stats().lostLines();
    }

    @Override
    public void close() {
        connection.close();
    }
}
