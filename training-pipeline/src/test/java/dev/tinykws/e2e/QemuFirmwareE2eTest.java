package dev.tinykws.e2e;

import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.demo.FirmwareRunner.Target;
import dev.tinykws.e2e.E2eSupport.Run;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issues 5/6 on the emulated Cortex-M4 (QEMU mps2-an386, the ARM build of the same firmware):
 * the WAV goes in through semihosting, the UART is served by QEMU on a loopback TCP port, and the
 * host monitor connects to it as to a networked board ({@code Monitor.open("tcp://127.0.0.1:PORT")}
 * via {@code FirmwareRunner.run(Target.QEMU, ...)}). The emulated device's detections must equal
 * {@code tinykws detect}, and the monitor's {@code detections.jsonl} must equal what the device sent.
 * Skipped without qemu-system-arm / arm-none-eabi-gcc, unless CI=true.
 */
class QemuFirmwareE2eTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void dsCnnSmoothedDetectionsOverTcpEqualJava() throws Exception {
        E2eSupport.requireTools("make", "arm-none-eabi-gcc", "qemu-system-arm");
        Run r = E2eSupport.run("qemu-ds-cnn", TestModels.dsCnn(2), HostFirmwareE2eTest.SMOOTHED,
                HostFirmwareE2eTest.STREAM_SEED, HostFirmwareE2eTest.STREAM_SECONDS, Target.QEMU);
        assertTrue(r.java().size() >= 10, "the test needs detections to compare; Java found only " + r.java().size());
        assertTrue(r.device().port().startsWith("tcp://127.0.0.1:"), "monitored over " + r.device().port());
        E2eSupport.assertEndToEnd(r, "QEMU Cortex-M4");
    }

    /**
     * Every keyword-top inference of DS-CNN-S on the emulated M4 (the SMLAD kernel path) against Java.
     * The WAV's name has a comma and a space: QEMU's option syntax and the board's command line must cope.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void dsCnnEveryInferenceOverTcpEqualsJava() throws Exception {
        E2eSupport.requireTools("make", "arm-none-eabi-gcc", "qemu-system-arm");
        Run r = E2eSupport.run("qemu-ds-cnn-every", TestModels.dsCnn(2), E2eSupport.EVERY_INFERENCE,
                HostFirmwareE2eTest.STREAM_SEED, 20, Target.QEMU, "stream, 20 s.wav");
        E2eSupport.Checked k = E2eSupport.assertEndToEnd(r, "QEMU Cortex-M4");
        assertEquals(E2eSupport.expectedEveryInference(r.pkg(), k.java()), r.java());
        assertTrue(r.java().size() >= 50, "too few keyword-top inferences to compare: " + r.java().size());
    }

    /** A QEMU that cannot start must end the run with an error, not leave the monitor waiting for its port. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void brokenImageFailsInsteadOfHanging(@TempDir Path dir) throws Exception {
        E2eSupport.requireTools("qemu-system-arm");
        Path elf = dir.resolve("build/qemu-mps2-an386/tinykws-fw.elf");
        Files.createDirectories(elf.getParent());
        Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
        Path wav = dir.resolve("x.wav");
        E2eSupport.writeStream(wav, 1, 1);
        FirmwareRunner fw = new FirmwareRunner(E2eSupport.repoRoot(), dir.resolve("build"));
        IOException e = assertThrows(IOException.class, () -> fw.run(Target.QEMU, wav, dir.resolve("monitor")));
        assertTrue(e.getMessage().contains("qemu-console.txt"), e.getMessage());
    }
}
