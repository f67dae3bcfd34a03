package dev.tinykws.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.ClipModel;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.stream.EvalStream;
import dev.tinykws.eval.stream.SecondStageSweep;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.monitor.verify.SecondStage;
import dev.tinykws.teacher.TeacherVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tinykws eval-stream --verify-with T}: on the same test stream, the device model alone over
 * its threshold sweep versus the device at any threshold followed by the teacher's second stage
 * over a grid of teacher thresholds; the best false-reject rate at ≤ 1 and ≤ 10 false accepts per
 * hour of each, printed and written to {@code second-stage.json}.
 */
final class SecondStageReport {

    static final double[] VERIFIER_THRESHOLDS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995,
            0.998, 0.999, 0.9995};

    private SecondStageReport() {
    }

    static void run(ClipModel device, EvalStream.Result r, Path verifierDir, long toleranceMs, Path outDir,
                    PrintStream out) {
        ScoreTrace trace = new ScoreTrace(device.labels().size());
        AudioDetection.run(new ArrayAudioSource(r.stream().samples(), r.stream().sampleRate()), device, d -> { }, trace);
        TeacherVerifier v = TeacherVerifier.load(verifierDir);
        SecondStage stage = new SecondStage(v, 0.5, r.stream().sampleRate(), null);
        List<Integer> qs = new ArrayList<>();
        for (int q = 13; q <= 255; q += 6) {
            qs.add(q);
        }
        qs.add(device.detector().thresholdQ());
        List<SecondStageSweep.Point> pts = SecondStageSweep.sweep(trace, device.detector(), device.labels(), r.stream(),
                toleranceMs, stage, qs.stream().mapToInt(Integer::intValue).distinct().sorted().toArray(),
                VERIFIER_THRESHOLDS);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device", device.name());
        json.put("verifier", v.name());
        json.put("streamMinutes", r.stream().durationMs() / 60000.0);
        json.put("keywords", r.stream().keywordEvents().size());
        for (double fa : new double[]{1, 10}) {
            SecondStageSweep.Point alone = SecondStageSweep.best(pts, fa, false);
            SecondStageSweep.Point both = SecondStageSweep.best(pts, fa, true);
            out.printf(Locale.ROOT, "at <= %.0f FA/h: device alone FRR %s; device + %s FRR %s%n", fa, describe(alone),
                    v.name(), describe(both));
            json.put("atMost" + (int) fa + "FaPerHour", Map.of("deviceAlone", point(alone), "withSecondStage", point(both)));
        }
        json.put("grid", pts.stream().map(SecondStageReport::point).toList());
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("second-stage.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + outDir.resolve("second-stage.json"), e);
        }
        out.println("second stage: " + outDir.resolve("second-stage.json"));
    }

    private static String describe(SecondStageSweep.Point p) {
        if (p == null) {
            return "n/a (no operating point that low)";
        }
        return String.format(Locale.ROOT, "%.1f%% (%d/%d missed, %.2f FA/h; device threshold %.3f%s)",
                100 * p.score().falseRejectRate(), p.score().misses(), p.score().keywordEvents(),
                p.score().falseAcceptsPerHour(), p.deviceQ() / 256.0,
                p.verifierThreshold() > 0 ? String.format(Locale.ROOT, ", verifier threshold %.2f", p.verifierThreshold()) : "");
    }

    private static Map<String, Object> point(SecondStageSweep.Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p == null) {
            return m;
        }
        m.put("deviceThreshold", p.deviceQ() / 256.0);
        m.put("verifierThreshold", p.verifierThreshold());
        m.put("frr", p.score().falseRejectRate());
        m.put("misses", p.score().misses());
        m.put("keywords", p.score().keywordEvents());
        m.put("falseAccepts", p.score().falseAccepts());
        m.put("faPerHour", p.score().falseAcceptsPerHour());
        return m;
    }
}
