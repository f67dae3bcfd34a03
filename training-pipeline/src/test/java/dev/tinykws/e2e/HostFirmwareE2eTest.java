package dev.tinykws.e2e;

import dev.tinykws.demo.FirmwareRunner.Target;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.e2e.E2eSupport.Det;
import dev.tinykws.e2e.E2eSupport.Run;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issues 5/6 end to end on the PC: a real int8 package (random weights, made without DJL) →
 * generated C → the host build of the firmware ({@code tinykws-fw --deterministic}) on a 45 s
 * stream → its protocol lines decoded by the host monitor in-process through a pipe. The
 * device's detections must equal {@code tinykws detect} on the same WAV exactly (keyword, t_ms,
 * score text), and {@code detections.jsonl} must hold exactly those detections.
 */
class HostFirmwareE2eTest {

    static final long STREAM_SEED = 42;
    static final int STREAM_SECONDS = 45;
    /** Product-like smoothing; with DS-CNN-S seed 2 threshold 0.40 gives about 20 detections on the stream. */
    static final DetectorConfig SMOOTHED = new DetectorConfig(500, 0.40, 1000, 3, 5);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dsCnnSmoothedDetectionsEqualJava() throws Exception {
        E2eSupport.requireTools("make", "gcc");
        Run r = E2eSupport.run("host-ds-cnn", TestModels.dsCnn(2), SMOOTHED, STREAM_SEED, STREAM_SECONDS, Target.HOST);
        assertTrue(r.java().size() >= 10, "the test needs detections to compare; Java found only " + r.java().size());
        E2eSupport.assertEndToEnd(r, "host firmware");
    }

    /**
     * The detector every trained DS-CNN package gets ({@link DetectorConfig#defaultsFor}: one
     * inference per 20 hops, 800 ms window). The host build always includes the review field
     * loop, whose audio history must fit one such stride: a firmware that does not build or
     * disagrees with Java here is what `tinykws demo` and every user would hit.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dsCnnWithTheTrainingDefaultDetectorEqualsJava() throws Exception {
        E2eSupport.requireTools("make", "gcc");
        DetectorConfig d = DetectorConfig.defaultsFor("ds-cnn-s");
        assertEquals(20, d.strideFrames(), "this test is about the long default stride");
        Run r = E2eSupport.run("host-ds-cnn-default", TestModels.dsCnn(2),
                new DetectorConfig(d.averageWindowMs(), 0.40, d.suppressionMs(), d.minCount(), d.strideFrames()),
                STREAM_SEED, STREAM_SECONDS, Target.HOST);
        assertTrue(r.java().size() >= 3, "the test needs detections to compare; Java found only " + r.java().size());
        E2eSupport.assertEndToEnd(r, "host firmware");
    }

    /** Every inference with a keyword on top is a DET line: the int8 scores of ~280 inferences compared. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void dsCnnEveryInferenceEqualsJava() throws Exception {
        E2eSupport.requireTools("make", "gcc");
        Run r = E2eSupport.run("host-ds-cnn-every", TestModels.dsCnn(2), E2eSupport.EVERY_INFERENCE, STREAM_SEED,
                STREAM_SECONDS, Target.HOST);
        E2eSupport.Checked k = E2eSupport.assertEndToEnd(r, "host firmware");
        assertEquals(E2eSupport.expectedEveryInference(r.pkg(), k.java()), r.java(),
                "the every-inference detector must report each keyword-top inference");
        assertTrue(r.java().size() >= 100, "too few keyword-top inferences to compare: " + r.java().size());
    }

    /** micro_speech-like model whose top label varies over all four labels. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tinyConvEveryInferenceEqualsJava() throws Exception {
        E2eSupport.requireTools("make", "gcc");
        Run r = E2eSupport.run("host-tiny-conv-every", TestModels.tinyConv(2), E2eSupport.EVERY_INFERENCE, STREAM_SEED,
                STREAM_SECONDS, Target.HOST);
        E2eSupport.Checked k = E2eSupport.assertEndToEnd(r, "host firmware");
        assertEquals(E2eSupport.expectedEveryInference(r.pkg(), k.java()), r.java());
        assertEquals(2, r.java().stream().map(Det::keyword).distinct().count(), "both keywords should be on top sometimes");
    }
}
