package dev.tinykws.monitor.review;

import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Message;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the device's field-loop reviewing on (SPEC §5 {@code REVIEW}): after every {@code HELLO} (the
 * device starts with reviewing off, and a reconnect may mean a reboot) it sends
 * {@code REVIEW,<threshold>}, so the device sends {@code NEAR} lines for near-misses and the audio of
 * each detection and near-miss, which {@link ReviewRecorder} stores in the review queue.
 */
public final class ReviewSwitch implements MonitorListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewSwitch.class);

    private final double threshold;
    private final BiConsumer<String, String[]> send;
    private volatile boolean awaitingAck;

    /**
     * @param threshold review threshold 0..1 (scores at or above it without a detection are near-misses)
     * @param send      sends a host line ({@code MonitorSession::send})
     */
    public ReviewSwitch(double threshold, BiConsumer<String, String[]> send) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new MonitorException("--review-threshold must be in (0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.send = send;
    }

    /** The wire form of the threshold: three decimals. */
    public String wire() {
        return String.format(Locale.ROOT, "%.3f", threshold);
    }

    @Override
    public void onMessage(Message m) {
        if (m instanceof Message.Hello h) {
            try {
                awaitingAck = true;
                send.accept("REVIEW", new String[] {wire()});
                LOG.info("review: asked {} for near-misses above {} and the audio of detections", h.modelId(), wire());
            } catch (MonitorException e) {
                LOG.warn("review: cannot send REVIEW: {}", e.getMessage());
            }
        } else if (m instanceof Message.Ack a && a.command().equals("REVIEW")) {
            awaitingAck = false;
            if (!a.ok()) {
                LOG.warn("review: the device refused REVIEW ({})", a.result());
            }
        } else if (m instanceof Message.Err e && awaitingAck && e.code().equals("BADCMD")) {
            awaitingAck = false;
            LOG.warn("review: the device does not know REVIEW ({}): flash a firmware built with "
                    + "reviewing in (make -C firmware <board> REVIEW=1) to get near-misses and detection audio",
                    e.message());
        }
    }
}
