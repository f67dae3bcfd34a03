package dev.tinykws.e2e;

import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.device.DatasetRecorder;
import dev.tinykws.monitor.device.DeviceClient;
import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.transport.Transport;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.golden.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Host → device commands against the real firmware on the emulated Cortex-M4 (QEMU mps2-an386,
 * UART0 served on a loopback TCP port, RX polled for host commands), through the host monitor's
 * {@link DeviceClient} and {@link DatasetRecorder} exactly as {@code tinykws monitor record} uses them:
 * INFO reports the package's threshold, THRESH is acknowledged and a later INFO reports the new one,
 * and REC 1000 ms lands as {@code DATASET/<keyword>/<speaker>_nohash_0.wav} (16 kHz mono PCM16) whose
 * 16000 samples are exactly one contiguous run of the WAV the device was fed.
 * Skipped without make / arm-none-eabi-gcc / qemu-system-arm, unless CI=true.
 */
class QemuDeviceCommandsE2eTest {

    /**
     * The emulated device does not wait for the host: with DS-CNN-S it streams about 15× faster than real
     * time (tiny-conv: about 20×), so the stream must outlast the commands (about 0.3 s) with room for a
     * loaded machine (60 s of stream is about 4 s of emulation, so 240 s leaves ≈ 15 s for the commands).
     */
    private static final int STREAM_SECONDS = 240;
    /** The package's threshold: 0.5 is exactly 128/256, so HELLO reports it as 0.500. */
    private static final DetectorConfig DETECTOR = new DetectorConfig(500, 0.5, 1000, 3, 5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void thresholdAndRecordOverTcp() throws Exception {
        E2eSupport.requireTools("make", "arm-none-eabi-gcc", "qemu-system-arm");
        Path work = E2eSupport.workDir("qemu-commands");
        Path wav = work.resolve("stream.wav");
        short[] input = writeDitheredStream(wav, 7, STREAM_SECONDS);
        float[] stored = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            stored[i] = input[i] / 32768.0f;
        }
        ModelPackage pkg = E2eSupport.makePackage(work.resolve("model"), TestModels.dsCnn(2), DETECTOR, stored,
                "e2e-qemu-commands");
        long t0 = System.nanoTime();
        FirmwareRunner fw = new FirmwareRunner(E2eSupport.repoRoot(), work.resolve("firmware-build"));
        fw.build(pkg.cDir(), List.of("qemu"));
        long t1 = System.nanoTime();
        Path elf = work.resolve("firmware-build").resolve("qemu-mps2-an386").resolve("tinykws-fw.elf");

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path console = work.resolve("qemu-console.txt");
        Process qemu = new ProcessBuilder("qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-icount", "shift=0",
                "-semihosting-config", "enable=on,target=native,arg=tinykws-fw.elf,arg=" + wav.getFileName(),
                "-kernel", elf.toString(),
                "-serial", String.format(Locale.ROOT, "tcp:127.0.0.1:%d,server=on,wait=on", port))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        Path dataset = work.resolve("dataset");
        Message.Hello before;
        Message.Hello after;
        List<Path> saved;
        long t2;
        long t3;
        long t4;
        try {
            try (DeviceClient client = connect(qemu, "tcp://127.0.0.1:" + port, console)) {
                t2 = System.nanoTime();
                before = client.info(TIMEOUT);
                client.setThreshold(0.75, TIMEOUT); // throws unless the device answers ACK,THRESH,OK
                saved = DatasetRecorder.record(client, new DatasetRecorder.Options(dataset, "yes", "qemu", 1, 1000,
                        Duration.ZERO, 0), prompt -> { });
                after = client.info(TIMEOUT);
                assertEquals(0, client.lostLines(), "lines lost on the link");
                t3 = System.nanoTime();
            }
            // the monitor is gone: the firmware streams on to the end of the WAV and QEMU exits with its status
            assertTrue(qemu.waitFor(180, TimeUnit.SECONDS), "QEMU did not exit; see " + console);
            t4 = System.nanoTime();
            assertEquals(0, qemu.exitValue(), "emulated firmware's exit status; see " + console);
        } finally {
            qemu.destroyForcibly();
        }

        assertEquals(pkg.labels(), before.labels(), "labels in HELLO");
        assertEquals(pkg.id(), before.modelId(), "model id in HELLO");
        assertEquals(16000, before.sampleRate());
        assertEquals("0.500", before.threshold(), "the package's threshold before THRESH");
        assertEquals("0.750", after.threshold(), "the threshold reported by INFO after THRESH 0.750");

        Path expected = dataset.resolve("yes").resolve("qemu_nohash_0.wav");
        assertEquals(List.of(expected), saved);
        byte[] file = Files.readAllBytes(expected);
        assertEquals(44 + 32000, file.length, "canonical 44-byte header + 16000 PCM16 samples");
        ByteBuffer h = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(file, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(file.length - 8, h.getInt(4));
        assertEquals("WAVE", new String(file, 8, 4, StandardCharsets.US_ASCII));
        assertEquals("fmt ", new String(file, 12, 4, StandardCharsets.US_ASCII));
        assertEquals(1, h.getShort(20), "PCM");
        assertEquals(1, h.getShort(22), "mono");
        assertEquals(16000, h.getInt(24), "sample rate");
        assertEquals(32000, h.getInt(28), "byte rate");
        assertEquals(2, h.getShort(32), "block align");
        assertEquals(16, h.getShort(34), "bits per sample");
        assertEquals("data", new String(file, 36, 4, StandardCharsets.US_ASCII));
        assertEquals(32000, h.getInt(40));
        short[] clip = WavFiles.readPcm16Mono(expected);
        assertEquals(16000, clip.length);

        List<Integer> at = occurrences(input, clip);
        assertEquals(1, at.size(), "the recorded clip must be exactly one contiguous run of the input; found at " + at);
        int offset = at.get(0);
        System.out.printf(Locale.ROOT, "e2e qemu-commands: %d s stream, firmware build %.1f s; INFO+THRESH+REC 1000 ms"
                        + "+INFO in %.2f s; whole stream on the device in %.2f s; clip = input samples %d..%d (stream %.3f s)%n",
                STREAM_SECONDS, (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t4 - t2) / 1e9, offset, offset + clip.length - 1,
                offset / 16000.0);
    }

    /**
     * The fixture stream of {@link E2eSupport#writeStream} plus a few LSB of seeded noise, so no two
     * 16000-sample runs are equal (the plain stream has stretches of digital silence) and a clip's
     * place in the input is unique. Returns the PCM16 samples as stored.
     */
    private static short[] writeDitheredStream(Path wav, long seed, int seconds) {
        float[] x = E2eSupport.writeStream(wav, seed, seconds);
        Random rnd = new Random(seed);
        short[] pcm = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            long v = Math.round(x[i] * 32768.0 + 4 * rnd.nextGaussian());
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        AudioIO.writeWav(wav, pcm, E2eSupport.SAMPLE_RATE, 1);
        return pcm;
    }

    /** Every offset where {@code needle} occurs in {@code hay}. */
    private static List<Integer> occurrences(short[] hay, short[] needle) {
        List<Integer> out = new ArrayList<>();
        for (int o = 0; o + needle.length <= hay.length; o++) {
            int i = 0;
            while (i < needle.length && hay[o + i] == needle[i]) {
                i++;
            }
            if (i == needle.length) {
                out.add(o);
            }
        }
        return out;
    }

    /** Connects to QEMU's UART once it listens (it starts the machine when the client arrives). */
    private static DeviceClient connect(Process qemu, String port, Path console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return DeviceClient.open(Transport.of(port, 115200));
            } catch (MonitorException e) {
                if (!qemu.isAlive()) {
                    fail("QEMU exited with " + qemu.exitValue() + " before serving " + port + ": "
                            + Files.readString(console, StandardCharsets.UTF_8).strip());
                }
                if (System.nanoTime() > deadline) {
                    fail("QEMU never served " + port + ": " + e.getMessage() + "; see " + console);
                }
                Thread.sleep(50);
            }
        }
    }
}
