package dev.tinykws.demo;

import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.Calibration;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.eval.stream.ThresholdCalibrator;
import dev.tinykws.pkg.ModelPackage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's detection threshold. {@code tinykws train} calibrates for 0.1 false accepts per hour,
 * but the demo dataset holds under half an hour of negative audio: zero false accepts there cannot
 * tell 0.1/h from 5/h, and the threshold that gives zero is far too strict for the test stream (the
 * first demos caught 3 of 26 keywords). The demo therefore recalibrates for the lowest rate its
 * negative audio can measure, {@value #EVENTS_FOR_TARGET} false accepts in it, and says so.
 */
final class DemoThreshold {

    /** False accepts allowed in the calibration audio: the target is this many per its duration. */
    static final int EVENTS_FOR_TARGET = 3;

    private DemoThreshold() { }

    /**
     * What was chosen.
     *
     * @param threshold     the package's threshold now
     * @param target        false accepts per hour it is calibrated for
     * @param hours         hours of negative calibration audio
     * @param trainTarget   the target {@code tinykws train} used
     * @param recalibrated  whether the demo replaced the train threshold
     */
    record Choice(double threshold, double target, double hours, double trainTarget, boolean recalibrated) {

        /** One line for the summary. */
        String describe() {
            if (!recalibrated && target * hours >= EVENTS_FOR_TARGET) {
                return String.format(Locale.ROOT, "calibrated for %.2g false accepts/h on %.2f h of negative audio",
                        target, hours);
            }
            return String.format(Locale.ROOT, "calibrated for %.1f false accepts/h (%d in the %.2f h of negative audio,"
                    + " the lowest rate it can measure; %.2g/h would need ≥ %.0f h)", target, EVENTS_FOR_TARGET, hours,
                    Math.min(trainTarget, target), EVENTS_FOR_TARGET / Math.min(trainTarget, target));
        }
    }

    /** The target the package's negative audio supports for {@code hours} of it. */
    static double supportedTarget(double hours) {
        return EVENTS_FOR_TARGET / hours;
    }

    /** Recalibrates {@code pkg} (model.json and the generated C header) when its train target was not measurable. */
    static Choice fit(ModelPackage pkg, DatasetIndex data) {
        Map<String, Object> m = pkg.metrics();
        double trainTarget = num(m, "thresholdTargetFaPerHour", 0.1);
        double hours = num(m, "calibrationNegativeHours", 0);
        if (m.containsKey("thresholdChosenBy")) {   // a previous demo run recalibrated this package
            return new Choice(pkg.detector().threshold(), trainTarget, hours,
                    num(m, "thresholdTrainTargetFaPerHour", trainTarget), true);
        }
        if (hours <= 0 || trainTarget * hours >= EVENTS_FOR_TARGET) {
            return new Choice(pkg.detector().threshold(), trainTarget, hours, trainTarget, false);
        }
        double target = supportedTarget(hours);
        Object training = pkg.metadata().get("training");
        long seed = training instanceof Map<?, ?> t && t.get("seed") instanceof Number n ? n.longValue() : 42;
        Calibration c = ThresholdCalibrator.calibrate(ModelRuntime.of(pkg, pkg.id()), data, target,
                ThresholdCalibrator.DEFAULT_MAX_MINUTES, seed);
        pkg.updateDetector(pkg.detector().withThreshold(c.threshold()));
        Map<String, Object> upd = new LinkedHashMap<>();
        upd.put("threshold", c.threshold());
        upd.put("thresholdTargetFaPerHour", target);
        upd.put("thresholdMeasuredFaPerHour", c.faPerHour());
        upd.put("thresholdTrainTargetFaPerHour", trainTarget);
        upd.put("thresholdChosenBy", "demo: " + EVENTS_FOR_TARGET + " false accepts in the calibration audio");
        pkg.updateMetrics(upd);
        return new Choice(c.threshold(), target, c.negativeHours(), trainTarget, true);
    }

    private static double num(Map<String, Object> m, String k, double dflt) {
        return m.get(k) instanceof Number n ? n.doubleValue() : dflt;
    }
}
