// Scratch study used for issue 11 (bench/RESULTS.md, "Detector settings and calibration rules on
// 30 minutes of streams"): one model run per stream, replayed under several detector settings and
// threshold rules. Not part of the build. Run from a built checkout:
//
//   CP="training-pipeline/target/training-pipeline.jar:training-pipeline/target/lib/*"
//   javac -d /tmp/study -cp "$CP" bench/stream-study/*.java
//   java -cp "/tmp/study:$CP" Study MODEL DATASET 2,3,4 10 20      # test seeds, minutes, base stride
//   java -cp "/tmp/study:$CP" Diag  MODEL DATASET 2 10             # keyword score profile around each keyword
//   java -cp "/tmp/study:$CP" Fa    MODEL DATASET 2 10 210         # what each false accept at threshold Q was
//
// Calibration negatives are those of ThresholdCalibrator (TRAIN + VALIDATION non-keyword words over
// the first halves of the noise files, seed 42), split by dataset.json "kind" into common words and
// near-miss words; test streams are those of `tinykws eval-stream` (TEST split, SNR 20/10/5 dB).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.Detection;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.detect.ScoreTrace;
import dev.tinykws.eval.stream.AudioSample;
import dev.tinykws.eval.stream.BuiltStream;
import dev.tinykws.eval.stream.StreamBuilder;
import dev.tinykws.eval.stream.StreamEvent;
import dev.tinykws.eval.stream.StreamMatcher;
import dev.tinykws.eval.stream.StreamScore;
import dev.tinykws.eval.stream.StreamSources;
import dev.tinykws.features.audio.ArrayAudioSource;
import dev.tinykws.pkg.ModelPackage;

import java.nio.file.Path;
import java.util.*;

/** Scratch study: detector settings x calibration rules, stride-5 traces subsampled. */
public class Study {
    record Trace(ScoreTrace t, long ms, List<StreamEvent> events) { }

    static ScoreTrace sub(ScoreTrace t, int every) {
        ScoreTrace o = new ScoreTrace(t.numLabels());
        byte[] b = new byte[t.numLabels()];
        for (int i = 0; i < t.size(); i += every) {
            for (int c = 0; c < b.length; c++) b[c] = (byte) (t.score(i, c) - 128);
            o.onInference(t.timeMs(i), b);
        }
        return o;
    }

    static Trace run(ModelRuntime rt, BuiltStream s) {
        ScoreTrace tr = new ScoreTrace(rt.labels().size());
        AudioDetection.Summary sum = AudioDetection.run(new ArrayAudioSource(s.samples(), s.sampleRate()), rt, d -> { }, tr);
        return new Trace(tr, sum.durationMs(), s.events());
    }

    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        Path data = Path.of(a[1]);
        String[] seeds = a[2].split(",");
        double minutes = Double.parseDouble(a[3]);
        ModelPackage pkg = ModelPackage.load(model);
        DatasetIndex ds = DatasetIndex.load(data);
        ModelRuntime rt0 = ModelRuntime.of(pkg, pkg.id());
        List<String> labels = rt0.labels();
        DetectorConfig d0 = rt0.detector();
        int base = a.length > 4 ? Integer.parseInt(a[4]) : 5;
        ModelRuntime rt = rt0.withDetector(new DetectorConfig(800, d0.threshold(), d0.suppressionMs(), 1, base));
        JsonNode dj = new ObjectMapper().readTree(data.resolve("dataset.json").toFile());
        Set<String> near = new HashSet<>();
        for (JsonNode u : dj.get("unknown")) if (u.get("kind").asText().startsWith("near")) near.add(u.get("folder").asText());

        StreamSources.Sources cal = StreamSources.forCalibration(ds, labels);
        List<AudioSample> common = cal.distractors().stream().filter(x -> !near.contains(x.word())).toList();
        List<AudioSample> nm = cal.distractors().stream().filter(x -> near.contains(x.word())).toList();
        double[] snr = {5, 10, 20};
        long calSeed = 42;
        double mAll = Math.min(30, Math.max(1, cal.distractors().size() * 3.3 / 60));
        Trace tAll = run(rt, StreamBuilder.build(List.of(), cal.distractors(), cal.noises(), mAll, snr, calSeed, 16000));
        Trace tCom = run(rt, StreamBuilder.build(List.of(), common, cal.noises(), Math.min(30, Math.max(1, common.size() * 3.3 / 60)), snr, calSeed, 16000));
        Trace tNear = run(rt, StreamBuilder.build(List.of(), nm, cal.noises(), Math.min(30, Math.max(1, nm.size() * 3.3 / 60)), snr, calSeed, 16000));
        System.out.printf(Locale.ROOT, "cal: all %.1f min (%d words), common %.1f min (%d), near %.1f min (%d)%n",
                tAll.ms / 60000.0, tAll.events.size(), tCom.ms / 60000.0, tCom.events.size(), tNear.ms / 60000.0, tNear.events.size());
        StreamSources.Sources test = StreamSources.forTest(ds, labels);
        List<Trace> tests = new ArrayList<>();
        for (String sd : seeds) {
            tests.add(run(rt, StreamBuilder.build(test.keywords(), test.distractors(), test.noises(), minutes,
                    new double[]{20, 10, 5}, Long.parseLong(sd), 16000)));
        }
        int kwTotal = tests.stream().mapToInt(t -> (int) t.events.stream().filter(StreamEvent::keyword).count()).sum();
        long testMs = tests.stream().mapToLong(Trace::ms).sum();
        System.out.printf(Locale.ROOT, "test: %d streams, %.0f min, %d keywords%n", tests.size(), testMs / 60000.0, kwTotal);

        int[][] configs = {
                // stride, windowMs, minCount
                {20, 800, 1}, {20, 400, 1}, {20, 1200, 2},
                {10, 200, 1}, {10, 400, 1}, {10, 600, 1}, {10, 800, 1}, {10, 600, 2}, {10, 800, 2},
                {5, 500, 3}, {5, 300, 1}, {5, 800, 1},
        };
        System.out.println("cfg | rule | thrQ | cal all FA/h | cal common FA/h | cal near FA/h | test FRR | test FA/h | test FRR@<=1/h oracle | @<=5/h");
        for (int[] c : configs) {
            if (c[0] % base != 0) continue;
            DetectorConfig dc = new DetectorConfig(c[1], 0.5, d0.suppressionMs(), c[2], c[0]);
            int every = c[0] / base;
            int[] faAll = faCurve(sub(tAll.t, every), dc, labels);
            int[] faCom = faCurve(sub(tCom.t, every), dc, labels);
            int[] faNear = faCurve(sub(tNear.t, every), dc, labels);
            int[] hits = new int[256];
            int[] fas = new int[256];
            for (Trace t : tests) {
                ScoreTrace st = sub(t.t, every);
                for (int q = 0; q < 256; q++) {
                    StreamScore s = StreamMatcher.score(t.events, st.replay(dc, labels, q), StreamMatcher.DEFAULT_TOLERANCE_MS, t.ms);
                    hits[q] += s.hits();
                    fas[q] += s.falseAccepts();
                }
            }
            double hAll = tAll.ms / 3.6e6, hCom = tCom.ms / 3.6e6, hNear = tNear.ms / 3.6e6, hTest = testMs / 3.6e6;
            Map<String, Integer> rules = new LinkedHashMap<>();
            rules.put("all<=3ev", pick(faAll, 3));
            rules.put("all<=1ev", pick(faAll, 1));
            rules.put("com<=3ev", pick(faCom, 3));
            rules.put("com<=1ev", pick(faCom, 1));
            rules.put("com<=0ev", pick(faCom, 0));
            String cfg = "s" + c[0] + "/w" + c[1] + "/m" + c[2];
            for (var r : rules.entrySet()) {
                int q = r.getValue();
                System.out.printf(Locale.ROOT, "%s | %s | %d | %.1f | %.1f | %.1f | %.1f%% | %.1f | %s | %s%n", cfg, r.getKey(), q,
                        faAll[q] / hAll, faCom[q] / hCom, faNear[q] / hNear,
                        100.0 * (kwTotal - hits[q]) / kwTotal, fas[q] / hTest,
                        oracle(hits, fas, kwTotal, hTest, 1), oracle(hits, fas, kwTotal, hTest, 5));
            }
        }
    }

    static int[] faCurve(ScoreTrace t, DetectorConfig dc, List<String> labels) {
        int[] fa = new int[256];
        for (int q = 0; q < 256; q++) fa[q] = t.replay(dc, labels, q).size();
        return fa;
    }

    static int pick(int[] fa, int events) {
        int chosen = 255;
        for (int q = 255; q >= 128; q--) {
            if (fa[q] <= events) chosen = q; else break;
        }
        return chosen;
    }

    static String oracle(int[] hits, int[] fas, int kw, double h, double fah) {
        double best = Double.NaN;
        int bq = -1;
        for (int q = 0; q < 256; q++) {
            if (fas[q] / h <= fah) {
                double frr = 100.0 * (kw - hits[q]) / kw;
                if (!(frr >= best)) { best = frr; bq = q; }
            }
        }
        return String.format(Locale.ROOT, "%.1f%% (q%d)", best, bq);
    }
}
