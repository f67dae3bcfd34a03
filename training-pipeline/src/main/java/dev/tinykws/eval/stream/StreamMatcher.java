package dev.tinykws.eval.stream;

import dev.tinykws.detect.Detection;

import java.util.List;

/**
 * Matches detections to ground truth: a detection is a hit when its keyword equals an
 * unmatched keyword event's word and {@code |t_ms - endMs| <= toleranceMs} (the closest such
 * event is taken); every other detection is a false accept, including a second detection
 * of an already matched keyword.
 */
public final class StreamMatcher {

    /** Default tolerance around the end of the word. */
    public static final long DEFAULT_TOLERANCE_MS = 750;

    private StreamMatcher() {
    }

    public static StreamScore score(List<StreamEvent> truth, List<Detection> detections, long toleranceMs, long durationMs) {
        List<StreamEvent> kws = truth.stream().filter(StreamEvent::keyword).toList();
        boolean[] matched = new boolean[kws.size()];
        int hits = 0;
        int fa = 0;
        for (Detection d : detections) {
            int best = -1;
            long bestDist = Long.MAX_VALUE;
            for (int i = 0; i < kws.size(); i++) {
                StreamEvent e = kws.get(i);
                long dist = Math.abs(d.tMs() - e.endMs());
                if (!matched[i] && e.word().equals(d.keyword()) && dist <= toleranceMs && dist < bestDist) {
                    best = i;
                    bestDist = dist;
                }
            }
            if (best >= 0) {
                matched[best] = true;
                hits++;
            } else {
                fa++;
            }
        }
        return new StreamScore(kws.size(), hits, fa, durationMs);
    }
}
