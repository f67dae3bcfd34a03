package dev.tinykws.eval.stream;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.monitor.verify.SecondStage;
import dev.tinykws.monitor.verify.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * False rejects and false accepts per hour of a first stage (a device model's score trace on a test
 * stream) followed by a host second stage ({@link SecondStage}), over a grid of first-stage
 * thresholds × second-stage thresholds. Each candidate detection is verified once (its verifier
 * score is cached by time and keyword), so the grid costs one verification per distinct candidate.
 */
public final class SecondStageSweep {

    private static final Logger LOG = LoggerFactory.getLogger(SecondStageSweep.class);

    /** One operating point: device threshold (q, /256), verifier threshold (0 = no second stage) and the score. */
    public record Point(int deviceQ, double verifierThreshold, StreamScore score) { }

    private SecondStageSweep() {
    }

    /**
     * @param deviceQs        device thresholds (0..255) to replay the trace at
     * @param verifierTs      second-stage thresholds (0..1); 0 keeps every candidate (the device alone)
     */
    public static List<Point> sweep(ScoreTrace trace, DetectorConfig config, List<String> labels, BuiltStream stream,
                                    long toleranceMs, SecondStage stage, int[] deviceQs, double[] verifierTs) {
        Map<String, Double> cache = new HashMap<>();
        List<Point> out = new ArrayList<>();
        long dur = stream.durationMs();
        for (int q : deviceQs) {
            List<Detection> dets = trace.replay(config, labels, q);
            double[] vs = new double[dets.size()];
            for (int i = 0; i < dets.size(); i++) {
                Detection d = dets.get(i);
                vs[i] = cache.computeIfAbsent(d.tMs() + "/" + d.keyword(), k -> {
                    Verdict v = stage.verify(d.tMs(), d.keyword(), d.score(), stream.samples());
                    return v.hadAudio() ? v.verifierScore() : 0.0;
                });
            }
            for (double t : verifierTs) {
                List<Detection> kept = new ArrayList<>();
                for (int i = 0; i < dets.size(); i++) {
                    if (t <= 0 || vs[i] >= t) {
                        kept.add(dets.get(i));
                    }
                }
                out.add(new Point(q, t, StreamMatcher.score(stream.events(), kept, toleranceMs, dur)));
            }
        }
        LOG.info("second-stage sweep: {} device thresholds x {} verifier thresholds, {} candidates verified",
                deviceQs.length, verifierTs.length, cache.size());
        return out;
    }

    /** The point with the lowest false-reject rate at most {@code maxFaPerHour} false accepts per hour (null if none). */
    public static Point best(List<Point> points, double maxFaPerHour, boolean withSecondStage) {
        Point best = null;
        for (Point p : points) {
            if ((p.verifierThreshold() > 0) != withSecondStage || p.score().falseAcceptsPerHour() > maxFaPerHour) {
                continue;
            }
            if (best == null || p.score().falseRejectRate() < best.score().falseRejectRate()
                    || (p.score().falseRejectRate() == best.score().falseRejectRate()
                    && p.score().falseAcceptsPerHour() < best.score().falseAcceptsPerHour())) {
                best = p;
            }
        }
        return best;
    }
}
