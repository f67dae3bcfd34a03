package dev.tinykws.monitor.review;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.device.ClipAssembler;
import dev.tinykws.monitor.device.ClipLines;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stores the audio a device sends with its detections into a {@link ReviewQueue} (SPEC §5, detection
 * audio): after a {@code DET} or {@code NEAR} line the device may send {@code AUD} lines of a clip that no
 * {@code REC} asked for; that clip belongs to the last detection line before its first chunk ({@link ClipLines},
 * the rule the publisher uses too). Clips announced by {@code ACK,REC,<clip_id>} (recordings) are left alone. A clip with missing chunks is
 * dropped with a warning. Runs on the session's reader thread.
 */
public final class ReviewRecorder implements MonitorListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewRecorder.class);
    private final ReviewQueue queue;
    private final Supplier<String> device;
    private final Consumer<ReviewClip> onAdded;
    private final ClipLines lines = new ClipLines();
    private ClipAssembler assembling;
    private ClipLines.Line assemblingFor;
    private long stored;
    private long rejected;

    /**
     * @param device  current device id (the session's model id from HELLO)
     * @param onAdded called after a clip was stored (e.g. to tell the dashboard)
     */
    public ReviewRecorder(ReviewQueue queue, Supplier<String> device, Consumer<ReviewClip> onAdded) {
        this.queue = queue;
        this.device = device;
        this.onAdded = onAdded;
    }

    public synchronized long stored() {
        return stored;
    }

    public synchronized long rejected() {
        return rejected;
    }

    @Override
    public synchronized void onDetection(DetectionEvent e, long receivedNanos) {
        lines.line(new ClipLines.Line("det", e.hostTime(), e.tMs(), e.keyword(), e.score(), e.seq()));
    }

    @Override
    public synchronized void onMessage(Message m) {
        if (m instanceof Message.Near || m instanceof Message.Ack) {
            lines.onMessage(m, Instant.now());
        } else if (m instanceof Message.Aud a && !lines.isRecording(a.clipId())) {
            onAudio(a);
        }
    }

    private void onAudio(Message.Aud a) {
        if (assembling != null && assembling.clipId() != a.clipId()) {
            giveUp(assembling.missingReason() + " (the next clip started)");
        }
        if (assembling == null) {
            ClipLines.Line p = lines.claim(Instant.now());
            if (p == null) {
                LOG.debug("AUD clip {} follows no recent detection; ignored", a.clipId());
                return;
            }
            try {
                assembling = new ClipAssembler(a.clipId(), a.total());
            } catch (MonitorException e) {
                rejected++;
                LOG.warn("detection audio: {}", e.getMessage());
                return;
            }
            assemblingFor = p;
        }
        try {
            boolean last = assembling.accept(a);
            if (assembling.complete()) {
                store();
            } else if (last) {
                giveUp(assembling.missingReason());
            }
        } catch (MonitorException e) {
            giveUp(e.getMessage());
        }
    }

    private void store() {
        ClipLines.Line p = assemblingFor;
        short[] samples = assembling.samples();
        assembling = null;
        assemblingFor = null;
        ReviewClip c;
        try {
            c = queue.add(p.at(), device.get(), p.tMs(), p.keyword(), p.score(), p.kind(), p.seq(), samples);
        } catch (MonitorException e) {
            rejected++;
            LOG.warn("review queue: {}", e.getMessage());
            return;
        }
        stored++;
        LOG.debug("review clip {} stored ({} {} {}, {} samples)", c.id(), c.kind(), c.keyword(), c.score(), c.samples());
        onAdded.accept(c);
    }

    private void giveUp(String why) {
        rejected++;
        LOG.warn("detection audio for {} {} t={}ms dropped: {}", assemblingFor.keyword(), assemblingFor.score(),
                assemblingFor.tMs(), why);
        assembling = null;
        assemblingFor = null;
    }
}
