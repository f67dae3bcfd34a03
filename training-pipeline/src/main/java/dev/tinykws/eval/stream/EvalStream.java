package dev.tinykws.eval.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tinykws.contract.Threshold;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.Charts;
import dev.tinykws.eval.Charts.DetPoint;
import dev.tinykws.eval.EvalException;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.features.audio.AudioIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tinykws eval-stream}: builds a long stream from the TEST split, runs streaming
 * detection, scores false rejects and false accepts per hour, sweeps the threshold, and
 * writes {@code stream.wav}, {@code truth.json}, {@code results.json}, {@code det.png}.
 */
public final class EvalStream {

    private static final Logger LOG = LoggerFactory.getLogger(EvalStream.class);

    /** Settings of one run. */
    public record Options(double minutes, double[] snrsDb, long seed, long toleranceMs, boolean writeWav, Split split) {
        public Options(double minutes, double[] snrsDb, long seed, long toleranceMs, boolean writeWav) {
            this(minutes, snrsDb, seed, toleranceMs, writeWav, Split.TEST);
        }

        public static Options defaults() {
            return new Options(10, new double[]{20, 10, 5}, 1, StreamMatcher.DEFAULT_TOLERANCE_MS, true);
        }
    }

    /** Outcome at the model's own threshold plus the DET sweep. */
    public record Result(StreamScore atThreshold, int thresholdQ, List<DetPoint> det, List<Detection> detections,
                         BuiltStream stream, AudioDetection.Summary summary) {
    }

    private EvalStream() {
    }

    public static Result run(ModelRuntime model, DatasetIndex data, Options o, Path outDir) {
        StreamSources.Sources src = StreamSources.forTest(data, model.labels(), o.split());
        if (src.keywords().isEmpty()) {
            throw new EvalException((o.split() == null ? "" : "the " + o.split() + " split of ") + data.root()
                    + " has no clip of the model's keywords " + new dev.tinykws.eval.LabelMapper(model.labels()).keywords()
                    + (o.split() == null ? "" : "; for a measurement-only folder use --split all"));
        }
        LOG.info("building a {} min test stream from {} keyword and {} other TEST clips, {} noise recordings",
                o.minutes(), src.keywords().size(), src.distractors().size(), src.noises().size());
        BuiltStream stream = StreamBuilder.build(src.keywords(), src.distractors(), src.noises(), o.minutes(),
                o.snrsDb(), o.seed(), model.frontend().sampleRate());
        return run(model, stream, o, outDir);
    }

    /** Scores a given stream (also used by tests with fake scorers). */
    public static Result run(ModelRuntime model, BuiltStream stream, Options o, Path outDir) {
        ScoreTrace trace = new ScoreTrace(model.labels().size());
        List<Detection> dets = new ArrayList<>();
        AudioDetection.Summary summary = AudioDetection.run(new ArrayAudioSource(stream.samples(), stream.sampleRate()),
                model, dets::add, trace);
        long dur = stream.durationMs();
        StreamScore score = StreamMatcher.score(stream.events(), dets, o.toleranceMs(), dur);
        List<DetPoint> det = DetSweep.sweep(trace, model.detector(), model.labels(), stream.events(), o.toleranceMs(), dur);
        int tq = model.detector().thresholdQ();
        Result r = new Result(score, tq, det, dets, stream, summary);
        LOG.info(String.format(Locale.ROOT, "stream %.1f min: %d keywords, FRR %.1f%%, %d false accepts = %.2f per hour "
                        + "(threshold %.3f); %.1fx real time", dur / 60000.0, score.keywordEvents(),
                100 * score.falseRejectRate(), score.falseAccepts(), score.falseAcceptsPerHour(), Threshold.probabilityOfQ(tq),
                summary.realTimeFactor()));
        if (outDir != null) {
            write(r, model, o, outDir);
        }
        return r;
    }

    private static void write(Result r, ModelRuntime model, Options o, Path dir) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (o.writeWav()) {
                AudioIO.writeWav16(dir.resolve("stream.wav"), r.stream().samples(), r.stream().sampleRate());
            }
            Map<String, Object> truth = new LinkedHashMap<>();
            truth.put("sampleRate", r.stream().sampleRate());
            truth.put("durationMs", r.stream().durationMs());
            truth.put("seed", o.seed());
            truth.put("events", r.stream().events());
            truth.put("skipped", r.stream().skipped());
            json.writeValue(dir.resolve("truth.json").toFile(), truth);

            Map<String, Object> res = new LinkedHashMap<>();
            res.put("model", model.name());
            res.put("detector", model.detector());
            res.put("toleranceMs", o.toleranceMs());
            res.put("split", o.split() == null ? "all" : o.split().name().toLowerCase(Locale.ROOT));
            res.put("snrsDb", o.snrsDb());
            res.put("keywords", r.atThreshold().keywordEvents());
            res.put("hits", r.atThreshold().hits());
            res.put("falseRejectRate", r.atThreshold().falseRejectRate());
            res.put("falseAccepts", r.atThreshold().falseAccepts());
            res.put("falseAcceptsPerHour", r.atThreshold().falseAcceptsPerHour());
            res.put("durationMs", r.stream().durationMs());
            res.put("inferences", r.summary().inferences());
            res.put("realTimeFactor", r.summary().realTimeFactor());
            res.put("perSnr", perSnr(r, o));
            res.put("detections", r.detections().stream().map(d -> Map.of("t_ms", d.tMs(), "keyword", d.keyword(),
                    "score", Double.parseDouble(d.scoreText()))).toList());
            res.put("det", r.det());
            json.writeValue(dir.resolve("results.json").toFile(), res);

            DetPoint op = r.det().get(r.thresholdQ());
            Charts.detPng(r.det(), op, "DET: " + model.name() + String.format(Locale.ROOT, " (%.0f min stream)",
                    r.stream().durationMs() / 60000.0), dir.resolve("det.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write eval-stream results into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** FRR per requested SNR (events grouped by the nearest requested SNR). */
    private static Map<String, Object> perSnr(Result r, Options o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (double snr : o.snrsDb()) {
            List<StreamEvent> group = r.stream().events().stream()
                    .filter(e -> nearest(e.snrDb(), o.snrsDb()) == snr).toList();
            List<StreamEvent> others = r.stream().events().stream().filter(e -> !group.contains(e)).toList();
            // detections of keywords outside this group would count as false accepts here: drop them
            List<Detection> dets = r.detections().stream().filter(d -> others.stream().noneMatch(e -> e.keyword()
                    && e.word().equals(d.keyword()) && Math.abs(d.tMs() - e.endMs()) <= o.toleranceMs())).toList();
            StreamScore s = StreamMatcher.score(group, dets, o.toleranceMs(), r.stream().durationMs());
            out.put(String.format(Locale.ROOT, "%.0f", snr), Map.of("keywords", s.keywordEvents(), "hits", s.hits(),
                    "falseRejectRate", s.keywordEvents() == 0 ? 0 : s.falseRejectRate()));
        }
        return out;
    }

    private static double nearest(double v, double[] values) {
        double best = values[0];
        for (double x : values) {
            if (Math.abs(x - v) < Math.abs(best - v)) {
                best = x;
            }
        }
        return best;
    }
}
