package dev.tinykws.eval.stream;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.Charts.DetPoint;

import java.util.ArrayList;
import java.util.List;

/** Replays a score trace at every threshold 0..255 to trace a DET curve. */
public final class DetSweep {

    private DetSweep() {
    }

    public static List<DetPoint> sweep(ScoreTrace trace, DetectorConfig config, List<String> labels,
                                       List<StreamEvent> truth, long toleranceMs, long durationMs) {
        List<DetPoint> out = new ArrayList<>();
        for (int q = 0; q <= 255; q++) {
            StreamScore s = StreamMatcher.score(truth, trace.replay(config, labels, q), toleranceMs, durationMs);
            out.add(new DetPoint(s.falseAcceptsPerHour(), s.falseRejectRate(), q));
        }
        return out;
    }
}
