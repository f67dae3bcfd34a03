package dev.tinykws.cli;

import dev.tinykws.contract.Threshold;
import dev.tinykws.contract.Version;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ClipModel;
import dev.tinykws.features.audio.FileAudioSource;
import dev.tinykws.monitor.verify.SecondStage;
import dev.tinykws.teacher.TeacherVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tinykws detect}: streaming keyword detection over an audio file of any length.
 * stdout carries only JSON lines (DESIGN contract 3); everything else goes to stderr.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, version = Version.NAME_AND_VERSION,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the whole file was read", "1:the model, the verifier or the audio cannot be read "
                + "(detections before a mid-file error are printed)", "2:usage error: unknown option, bad value, missing required option"},
        description = {"Detect keywords in a long audio file, streaming (constant memory).",
                "Prints one JSON object per detection on stdout, e.g. {\"t_ms\":12340,\"keyword\":\"yes\",\"score\":0.930};"
                        + " logs go to stderr. Files that are not 16 kHz mono are down-mixed and resampled on the fly."})
public final class DetectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectCommand.class);

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package folder.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "WAV", description = "Audio file (WAV; any rate/channels).")
    Path input;

    @Option(names = "--threshold", paramLabel = "X", description = "Detection threshold 0..1 (default: the model's).")
    Double threshold;

    @Option(names = "--stride", paramLabel = "N", description = "Frames between inferences (default: the model's).")
    Integer stride;

    @Option(names = "--verify-with", paramLabel = "DIR",
            description = "Second stage: re-score each detection's audio with this model (the teacher, <out>/teacher);"
                    + " each line then carries \"verdict\" (confirmed/rejected) and \"verifier_score\".")
    Path verifyWith;

    @Option(names = "--verify-threshold", defaultValue = "0.5", paramLabel = "X",
            description = "Second-stage threshold on the verifier's keyword probability (default: ${DEFAULT-VALUE}).")
    double verifyThreshold;

    @Override
    public Integer call() {
        ClipModel rt;
        try {
            rt = CliModels.load(model);
        } catch (RuntimeException e) {
            System.err.println("tinykws detect: cannot load model " + model + ": " + CliModels.describe(e));
            return 1;
        }
        DetectorConfig d = rt.detector();
        try {
            if (threshold != null) {
                d = d.withThreshold(threshold);
            }
            if (stride != null) {
                d = new DetectorConfig(d.averageWindowMs(), d.threshold(), d.suppressionMs(), d.minCount(), stride);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tinykws detect: " + e.getMessage());
            return 2;
        }
        if (verifyWith != null) {
            return verified(rt.withDetector(d));
        }
        return detect(rt.withDetector(d), input, System.out, System.err);
    }

    private int verified(ClipModel rt) {
        SecondStage stage;
        int[] counts = new int[2];
        try {
            stage = new SecondStage(TeacherVerifier.load(verifyWith), verifyThreshold, rt.sampleRate(), v -> {
                counts[v.confirmed() ? 0 : 1]++;
                System.out.println(v.toJson());
                System.out.flush();
            });
        } catch (IllegalArgumentException e) {
            System.err.println("tinykws detect: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("tinykws detect: cannot load the verifier " + verifyWith + ": " + CliModels.describe(e));
            return 1;
        }
        try (FileAudioSource src = new FileAudioSource(input)) {
            AudioDetection.Summary s = VerifiedDetection.run(src, rt, stage);
            LOG.info(String.format(Locale.ROOT, "%.1f s of audio, %d detections: %d confirmed, %d rejected by %s"
                            + " (threshold %.2f)", s.samples() / (double) s.sampleRate(), s.detections(), counts[0],
                    counts[1], stage.verifier().name(), verifyThreshold));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("tinykws detect: " + CliModels.describe(e));
            return 1;
        }
    }

    /**
     * Runs detection on a file, writing JSON lines to {@code out} (flushed per detection) and
     * errors to {@code err}. Returns the exit code: 0, or 1 when the file cannot be read (the
     * detections found before a mid-file error have been printed).
     */
    public static int detect(ClipModel rt, Path input, PrintStream out, PrintStream err) {
        LOG.info("detecting {} in {} (threshold {}, stride {} frames)", rt.labels(), input,
                Threshold.ofQ(rt.detector().thresholdQ()).text(), rt.detector().strideFrames());
        try (FileAudioSource src = new FileAudioSource(input)) {
            LOG.info("input: {}", src.info().describe());
            AudioDetection.Summary s = AudioDetection.run(src, rt, det -> {
                out.println(det.toJson());
                out.flush();
            });
            LOG.info(String.format(Locale.ROOT, "%.1f s of audio, %d inferences, %d detections, %.1fx real time",
                    s.samples() / (double) s.sampleRate(), s.inferences(), s.detections(), s.realTimeFactor()));
            return 0;
        } catch (RuntimeException e) {
            err.println("tinykws detect: " + CliModels.describe(e));
            return 1;
        }
    }
}
