package dev.tinykws.detect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Picks the detection threshold from negative-only audio (no keywords): every detection
 * there is a false accept. The threshold chosen is the lowest thresholdQ such that it and
 * every higher one give FA/h &le; target (robust to the rare non-monotonic step that
 * suppression can cause).
 *
 * <p>Limits: with H hours of negative audio one false accept is 1/H per hour, so targets
 * below 1/H can only be met as "zero false accepts observed", and zero observed events only
 * bound the true rate below about 3/H (95%). The calibrated threshold then tends to be too
 * low for the target; use more negative audio (or a lower target) for low rates.
 */
public final class ThresholdCalibrator {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdCalibrator.class);

    private ThresholdCalibrator() {
    }

    /** Calibrates from a recorded score trace of {@code negativeMs} of negative audio. */
    public static Calibration fromTrace(ScoreTrace trace, DetectorConfig config, List<String> labels, long negativeMs,
                                        double targetFaPerHour) {
        if (negativeMs <= 0) {
            throw new IllegalArgumentException("no negative audio to calibrate on");
        }
        if (!(targetFaPerHour >= 0)) {
            throw new IllegalArgumentException("target false accepts per hour must be >= 0, got " + targetFaPerHour);
        }
        int[] fa = new int[256];
        for (int q = 0; q <= 255; q++) {
            fa[q] = trace.replay(config, labels, q).size();
        }
        double hours = negativeMs / 3_600_000.0;
        int chosen = -1;
        for (int q = 255; q >= 0; q--) {
            if (fa[q] / hours <= targetFaPerHour) {
                chosen = q;
            } else {
                break;
            }
        }
        Calibration c = chosen < 0
                ? new Calibration(255, fa[255], negativeMs, targetFaPerHour, false)
                : new Calibration(chosen, fa[chosen], negativeMs, targetFaPerHour, true);
        if (!c.targetReached()) {
            LOG.warn("even threshold 255/256 gives {} false accepts in {} h ({} /h) > target {} /h; using 255",
                    fa[255], fmt(hours), fmt(c.faPerHour()), targetFaPerHour);
        }
        if (c.tooShortForTarget()) {
            LOG.warn("only {} h of negative audio: one false accept = {} /h, so a target of {} /h is not measurable "
                    + "(0 observed only bounds the rate below ~{} /h); the threshold is likely too low for the target",
                    fmt(hours), fmt(c.resolutionFaPerHour()), targetFaPerHour, fmt(3 / hours));
        }
        return c;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3g", d);
    }
}
