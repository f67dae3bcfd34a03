package dev.tinykws.monitor.device;

import dev.tinykws.monitor.protocol.Message;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which line a clip of detection audio belongs to (SPEC §5): after a {@code DET} or {@code NEAR} line the device
 * may send the {@code AUD} chunks of a clip that no {@code REC} asked for; that clip belongs to the last DET or
 * NEAR line before its first chunk, one clip per line, and only within {@link #MAX_DELAY_MS} of it. Clips
 * announced by {@code ACK,REC,<clip_id>} are recordings. One rule for every consumer (the review queue, the
 * publisher). Not thread-safe: the session's reader thread calls it.
 */
public final class ClipLines {
    /** A clip whose first chunk comes later than this after its line is not attributed. */
    public static final long MAX_DELAY_MS = 15_000;
    private static final int REMEMBER_REC_CLIPS = 64;

    /**
     * A DET or NEAR line a clip can belong to.
     *
     * @param kind {@code det} or {@code near}
     * @param at   when the host read it
     */
    public record Line(String kind, Instant at, long tMs, String keyword, String score, int seq) {
        public static Line of(Message.Det d, Instant at) {
            return new Line("det", at, d.tMs(), d.keyword(), d.score(), d.frame().seq());
        }

        public static Line of(Message.Near n, Instant at) {
            return new Line("near", at, n.tMs(), n.keyword(), n.score(), n.frame().seq());
        }
    }

    private final Set<Long> recClips = new LinkedHashSet<>();
    private Line last;

    /** A DET or NEAR line was read. */
    public void line(Line l) {
        last = l;
    }

    /**
     * Feeds DET, NEAR and {@code ACK,REC} messages (others are ignored).
     *
     * @param now when the host read {@code m}
     */
    public void onMessage(Message m, Instant now) {
        if (m instanceof Message.Det d) {
            line(Line.of(d, now));
        } else if (m instanceof Message.Near n) {
            line(Line.of(n, now));
        } else if (m instanceof Message.Ack a && "REC".equals(a.command()) && a.result().matches("\\d{1,18}")) {
            recClips.add(Long.parseLong(a.result()));
            if (recClips.size() > REMEMBER_REC_CLIPS) {
                recClips.remove(recClips.iterator().next());
            }
        }
    }

    /** True when {@code clipId} was announced by {@code ACK,REC} (a recording, not detection audio). */
    public boolean isRecording(long clipId) {
        return recClips.contains(clipId);
    }

    /** Forgets a finished recording. */
    public void recordingDone(long clipId) {
        recClips.remove(clipId);
    }

    /**
     * At the first chunk of a clip that is not a recording: the line it belongs to, which no later clip can
     * claim; null when no DET or NEAR came within {@link #MAX_DELAY_MS} before {@code now}.
     */
    public Line claim(Instant now) {
        Line l = last;
        last = null;
        if (l == null || now.toEpochMilli() - l.at().toEpochMilli() > MAX_DELAY_MS) {
            return null;
        }
        return l;
    }
}
