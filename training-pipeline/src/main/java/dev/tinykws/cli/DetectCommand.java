package dev.tinykws.cli;

import dev.tinykws.contract.Threshold;
import dev.tinykws.detect.AudioDetection;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.detect.ModelRuntime;
import dev.tinykws.features.audio.FileAudioSource;
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
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect keywords in a long audio file, streaming (constant memory).",
                "Prints one JSON object per detection on stdout, e.g. {\"t_ms\":12340,\"keyword\":\"yes\",\"score\":0.930};"
                        + " logs go to stderr. Files that are not 16 kHz mono are down-mixed and resampled on the fly."})
public final class DetectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectCommand.class);

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model package folder")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "WAV", description = "audio file (WAV; any rate/channels)")
    Path input;

    @Option(names = "--threshold", paramLabel = "X", description = "detection threshold 0..1 (default: the model's)")
    Double threshold;

    @Option(names = "--stride", paramLabel = "N", description = "frames between inferences (default: the model's)")
    Integer stride;

    @Override
    public Integer call() {
        ModelRuntime rt;
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
        return detect(rt.withDetector(d), input, System.out, System.err);
    }

    /**
     * Runs detection on a file, writing JSON lines to {@code out} (flushed per detection) and
     * errors to {@code err}. Returns the exit code: 0, or 1 when the file cannot be read (the
     * detections found before a mid-file error have been printed).
     */
    public static int detect(ModelRuntime rt, Path input, PrintStream out, PrintStream err) {
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
