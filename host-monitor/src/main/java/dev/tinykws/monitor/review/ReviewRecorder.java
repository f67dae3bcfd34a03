package dev.tinykws.monitor.review;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.device.ClipAssembler;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stores the audio a device sends with its detections into a {@link ReviewQueue} (SPEC §5, detection
 * audio): after a {@code DET} or {@code NEAR} line the device may send {@code AUD} lines of a clip that no
 * {@code REC} asked for; that clip belongs to the last detection line before its first chunk. Clips
 * announced by {@code ACK,REC,<clip_id>} (recordings) are left alone. A clip with missing chunks is
 * dropped with a warning. Runs on the session's reader thread.
 */
public final class ReviewRecorder implements MonitorListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewRecorder.class);
    private static final int REMEMBER_REC_CLIPS = 64;
    /** A clip whose first chunk comes later than this after its detection line is not attributed. */
    private static final long MAX_DELAY_MS = 15_000;

    private final ReviewQueue queue;
    private final Supplier<String> device;
    private final Consumer<ReviewClip> onAdded;
    private final Set<Long> recClips = new LinkedHashSet<>();
    private Pending lastDetection;
    private ClipAssembler assembling;
    private Pending assemblingFor;
    private long stored;
    private long rejected;

    private record Pending(Instant at, long tMs, String keyword, String score, String kind, int seq) {
    }

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
        lastDetection = new Pending(e.hostTime(), e.tMs(), e.keyword(), e.score(), "det", e.seq());
    }

    @Override
    public synchronized void onMessage(Message m) {
        if (m instanceof Message.Near n) {
            lastDetection = new Pending(Instant.now(), n.tMs(), n.keyword(), n.score(), "near", n.frame().seq());
        } else if (m instanceof Message.Ack a && a.command().equals("REC") && a.result().matches("\\d{1,9}")) {
            recClips.add(Long.parseLong(a.result()));
            if (recClips.size() > REMEMBER_REC_CLIPS) {
                recClips.remove(recClips.iterator().next());
            }
        } else if (m instanceof Message.Aud a && !recClips.contains(a.clipId())) {
            onAudio(a);
        }
    }

    private void onAudio(Message.Aud a) {
        if (assembling != null && assembling.clipId() != a.clipId()) {
            giveUp(assembling.missingReason() + " (the next clip started)");
        }
        if (assembling == null) {
            Pending p = lastDetection;
            if (p == null || Instant.now().toEpochMilli() - p.at().toEpochMilli() > MAX_DELAY_MS) {
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
            lastDetection = null; // one clip per detection line
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
        Pending p = assemblingFor;
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
