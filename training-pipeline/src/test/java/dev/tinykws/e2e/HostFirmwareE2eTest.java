package dev.tinykws.e2e;

import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.detect.DetectorConfig;
import dev.tinykws.e2e.E2eSupport.Det;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5/6 end to end on the PC: a real int8 DS-CNN-S package (random weights, made without
 * DJL) → generated C → the host build of the firmware ({@code tinykws-fw --deterministic}) on a
 * 45 s stream → its protocol lines decoded by the host monitor in-process. The device's
 * detections must equal {@code tinykws detect} on the same WAV exactly (keyword, t_ms, score
 * text), and {@code detections.jsonl} must hold exactly those detections.
 */
class HostFirmwareE2eTest {

    /** DS-CNN-S seed 2 at threshold 0.40 gives about 25 detections of three different scores levels on the stream. */
    static final long MODEL_SEED = 2;
    static final long STREAM_SEED = 42;
    static final int STREAM_SECONDS = 45;
    static final DetectorConfig DETECTOR = new DetectorConfig(500, 0.40, 1000, 3, 5);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void hostFirmwareDetectionsEqualJavaDetect() throws Exception {
        E2eSupport.requireTools("make", "gcc");
        Path work = E2eSupport.workDir("host-ds-cnn");
        Path wav = work.resolve("stream.wav");
        float[] stream = E2eSupport.writeStream(wav, STREAM_SEED, STREAM_SECONDS);
        ModelPackage pkg = E2eSupport.makePackage(work.resolve("model"), TestModels.dsCnn(MODEL_SEED), DETECTOR, stream,
                "e2e-ds-cnn");

        long t0 = System.nanoTime();
        List<Det> java = E2eSupport.javaDetect(pkg, wav);
        long t1 = System.nanoTime();

        FirmwareRunner fw = new FirmwareRunner(E2eSupport.repoRoot(), work.resolve("firmware-build"));
        fw.build(pkg.cDir(), List.of("host"));
        long t2 = System.nanoTime();
        Path monitorDir = work.resolve("monitor");
        MonitorSummary device = fw.run(FirmwareRunner.Target.HOST, wav, monitorDir);
        long t3 = System.nanoTime();
        List<Det> logged = E2eSupport.fromMonitor(device);
        System.out.printf("e2e host: %d s stream, DS-CNN-S; Java detect %d detections in %.1f s; firmware build %.1f s;"
                        + " host firmware + monitor %d detections in %.1f s%n", STREAM_SECONDS, java.size(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, logged.size(), (t3 - t2) / 1e9);

        assertTrue(java.size() >= 10, "the test needs detections to compare; Java found only " + java.size());
        assertEquals(pkg.id(), device.device(), "HELLO model id");
        assertEquals(pkg.labels(), device.labels(), "HELLO labels");
        assertEquals(0, device.lostLines(), "lines lost between firmware and monitor");
        assertEquals(0, device.decoder().droppedLines(), "lines dropped by the monitor");
        assertEquals(java, logged, () -> "device (host firmware) detections differ from tinykws detect:\n"
                + E2eSupport.diff("java", java, "host firmware", logged));

        Path jsonl = monitorDir.resolve("detections.jsonl");
        assertTrue(Files.isRegularFile(jsonl), "monitor wrote no " + jsonl);
        List<Det> inFile = E2eSupport.fromJsonl(jsonl, pkg.id());
        assertEquals(logged, inFile, () -> "detections.jsonl differs from what the monitor decoded:\n"
                + E2eSupport.diff("monitor", logged, "detections.jsonl", inFile));
    }
}
