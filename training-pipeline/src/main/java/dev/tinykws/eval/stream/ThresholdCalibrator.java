package dev.tinykws.eval.stream;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.Calibration;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.EvalException;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.pkg.ModelPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Lowest threshold calibration returns (0.5 = 128/256): negative audio from a dataset is short
     * and narrow, so a model that never fires on it must not end up accepting any keyword-top
     * window. Use {@link #fromTrace(ScoreTrace, DetectorConfig, List, long, double, int)} to change it.
     */
    public static final int DEFAULT_MIN_THRESHOLD_Q = 128;

    /** Longest negative stream built for calibration, minutes. */
    public static final double DEFAULT_MAX_MINUTES = 30;

    /**
     * Calibrates a model package's threshold on negative audio of the dataset (non-keyword
     * words from the TRAIN and VALIDATION splits over background noise, never TEST).
     * Returns the threshold (0..1); the package is not modified (see {@code tinykws calibrate}).
     */
    public static double calibrate(ModelPackage pkg, DatasetIndex data, double targetFaPerHour) {
        return calibrate(ModelRuntime.of(pkg, pkg.id()), data, targetFaPerHour, DEFAULT_MAX_MINUTES, 1234L).threshold();
    }

    /** Calibration with the details (false accepts, hours of audio, whether the target was reachable). */
    public static Calibration calibrate(ModelRuntime model, DatasetIndex data, double targetFaPerHour,
                                        double maxMinutes, long seed) {
        StreamSources.Sources src = StreamSources.forCalibration(data, model.labels());
        if (src.distractors().isEmpty() && src.noises().isEmpty()) {
            throw new EvalException("no negative audio in " + data.root() + ": calibration needs non-keyword words "
                    + "(_unknown_ words) in the train/validation splits or _background_noise_ recordings");
        }
        // about 3.3 s of stream per inserted word; at least 1 minute (unless maxMinutes is less)
        double minutes = Math.min(maxMinutes, Math.max(1, src.distractors().size() * 3.3 / 60));
        BuiltStream stream = StreamBuilder.build(List.of(), src.distractors(), src.noises(), minutes,
                new double[]{5, 10, 20}, seed, model.frontend().sampleRate());
        LOG.info("calibrating on {} min of negative audio ({} words over background noise)",
                String.format(Locale.ROOT, "%.1f", minutes), stream.events().size());
        return calibrate(model, stream.samples(), targetFaPerHour);
    }

    /** Calibration on the given negative audio (16 kHz mono, no keywords). */
    public static Calibration calibrate(ModelRuntime model, float[] negativeAudio, double targetFaPerHour) {
        ScoreTrace trace = new ScoreTrace(model.labels().size());
        AudioDetection.Summary s = AudioDetection.run(new ArrayAudioSource(negativeAudio, model.frontend().sampleRate()),
                model, d -> { }, trace);
        return fromTrace(trace, model.detector(), model.labels(), s.durationMs(), targetFaPerHour, DEFAULT_MIN_THRESHOLD_Q);
    }

    /** Calibrates from a recorded score trace of {@code negativeMs} of negative audio. */
    public static Calibration fromTrace(ScoreTrace trace, DetectorConfig config, List<String> labels, long negativeMs,
                                        double targetFaPerHour) {
        return fromTrace(trace, config, labels, negativeMs, targetFaPerHour, 0);
    }

    /**
     * As {@link #fromTrace(ScoreTrace, DetectorConfig, List, long, double)}, never returning a
     * threshold below {@code minThresholdQ}.
     */
    public static Calibration fromTrace(ScoreTrace trace, DetectorConfig config, List<String> labels, long negativeMs,
                                        double targetFaPerHour, int minThresholdQ) {
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
        for (int q = 255; q >= Math.max(0, Math.min(255, minThresholdQ)); q--) {
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

    /**
     * Stores a calibration in a model package: {@code detector.threshold} (and {@code KWS_DET_THRESHOLD_Q}
     * in the generated C header) and the calibration entries of {@code metrics}, so model.json never
     * disagrees with itself after {@code tinykws calibrate}.
     */
    public static void store(ModelPackage pkg, Calibration c) {
        pkg.updateDetector(pkg.detector().withThreshold(c.threshold()));
        pkg.updateMetrics(metrics(c));
    }

    /** The model.json {@code metrics} entries of a calibration. */
    public static Map<String, Object> metrics(Calibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", c.threshold());
        m.put("thresholdTargetFaPerHour", c.targetFaPerHour());
        m.put("thresholdMeasuredFaPerHour", c.faPerHour());
        m.put("calibrationNegativeHours", Math.round(c.negativeHours() * 1000) / 1000.0);
        return m;
    }
}
