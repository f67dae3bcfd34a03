package dev.tinykws.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.features.audio.AudioIO;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.review.ClipPlayer;
import dev.tinykws.monitor.review.ReviewClip;
import dev.tinykws.monitor.review.ReviewExport;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.review.ReviewRecorder;
import dev.tinykws.monitor.review.ReviewSession;
import dev.tinykws.monitor.review.ReviewSwitch;
import dev.tinykws.monitor.transport.Transport;
import dev.tinykws.pkg.ModelPackage;
import dev.tinykws.quant.golden.TestModels;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The field loop against the real firmware on the emulated Cortex-M4 (QEMU mps2-an386, UART on a
 * loopback TCP port), through the host monitor as {@code tinykws monitor --review-threshold} runs it:
 * the monitor asks for reviewing after HELLO, the device sends NEAR lines and the audio of its
 * detections and near-misses, the monitor stores them in the review queue; every stored clip is
 * exactly the second of input that ends at its t_ms (the window the model saw). Then a clip is
 * labelled "not a keyword" as {@code tinykws review} does and {@code tinykws dataset add-reviewed}
 * moves it into {@code DATASET/_unknown_/}, where training reads it as a real unknown-word clip.
 * Skipped without make / arm-none-eabi-gcc / qemu-system-arm, unless CI=true.
 */
class QemuFieldLoopE2eTest {

    private static final int STREAM_SECONDS = 60;
    /** The random test model scores "yes" around 0.4..0.53: it fires at 0.5 and nearly fires above 0.47. */
    private static final DetectorConfig DETECTOR = new DetectorConfig(500, 0.5, 1000, 3, 5);
    private static final double REVIEW = 0.47;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void detectionsAndNearMissesBecomeReviewClipsAndALabelledOneEntersTheDataset() throws Exception {
        E2eSupport.requireTools("make", "arm-none-eabi-gcc", "qemu-system-arm");
        Path work = E2eSupport.workDir("qemu-field-loop");
        Path wav = work.resolve("stream.wav");
        short[] input = writeDitheredStream(wav, 11, STREAM_SECONDS);
        float[] stored = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            stored[i] = input[i] / 32768.0f;
        }
        ModelPackage pkg = E2eSupport.makePackage(work.resolve("model"), TestModels.dsCnn(2), DETECTOR, stored,
                "e2e-qemu-field-loop");
        FirmwareRunner fw = new FirmwareRunner(E2eSupport.repoRoot(), work.resolve("firmware-build"));
        fw.build(pkg.cDir(), List.of("REVIEW=1", "qemu")); // the field loop is opt-in on boards
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
        Path out = work.resolve("monitor");
        ReviewQueue queue = ReviewQueue.open(out.resolve("review"));
        ReviewRecorder recorder;
        try {
            MonitorSession session = new MonitorSession(Transport.of("tcp://127.0.0.1:" + port, 115200),
                    MonitorConfig.defaults().withOutDir(out).withExitOnEof(true).withDuration(Duration.ofMinutes(3))
                            .withReconnectDelay(Duration.ofMillis(100)));
            recorder = new ReviewRecorder(queue, () -> session.stats().device(), c -> { });
            session.addListener(new ReviewSwitch(REVIEW, session::send)).addListener(recorder);
            session.run(); // until the firmware reaches the end of the WAV and QEMU closes the link
            session.close();
            assertTrue(qemu.waitFor(60, TimeUnit.SECONDS), "QEMU did not exit; see " + console);
            assertEquals(0, qemu.exitValue(), "emulated firmware's exit status; see " + console);
        } finally {
            qemu.destroyForcibly();
        }

        List<ReviewClip> clips = queue.all();
        long dets = clips.stream().filter(c -> c.kind().equals("det")).count();
        long nears = clips.stream().filter(c -> c.kind().equals("near")).count();
        System.out.printf(Locale.ROOT, "e2e qemu-field-loop: %d s stream, %d review clips (%d detections, %d near-misses),"
                + " %d dropped%n", STREAM_SECONDS, clips.size(), dets, nears, recorder.rejected());
        assertTrue(dets > 0, "the device sent the audio of no detection; see " + out);
        assertTrue(nears > 0, "the device reported no near-miss; see " + out);
        assertEquals(0, recorder.rejected(), "review clips dropped (missing chunks)");
        for (ReviewClip c : clips) {
            short[] clip = WavFiles.readPcm16Mono(queue.wavPath(c.id()));
            assertEquals(16000, clip.length, c.toString());
            int end = (int) (c.tMs() * 16);
            assertArrayEquals(Arrays.copyOfRange(input, end - 16000, end), clip,
                    "clip " + c.id() + " (" + c.kind() + " at " + c.tMs() + " ms) is not the second of input ending there");
            // the device compares in 1/256 steps: 0.470 is 120/256, printed back as 0.469
            assertTrue(Double.parseDouble(c.score()) >= REVIEW - 1.0 / 256, c.toString());
        }

        // tinykws review: the first clip is "not a keyword"; tinykws dataset add-reviewed moves it
        ReviewClip first = clips.get(0);
        ByteArrayOutputStream talk = new ByteArrayOutputStream();
        ReviewSession.Outcome o = new ReviewSession(queue, ClipPlayer.none(), Set.copyOf(pkg.labels()), "e2e")
                .run(new BufferedReader(new StringReader("n\nq\n")), new PrintStream(talk, true, StandardCharsets.UTF_8), 100);
        assertEquals(1, o.labelled(), talk.toString(StandardCharsets.UTF_8));
        short[] audio = WavFiles.readPcm16Mono(queue.wavPath(first.id()));
        Path dataset = work.resolve("dataset");
        ReviewExport.Result r = ReviewExport.addToDataset(queue, dataset, "field", false);
        Path moved = dataset.resolve("_unknown_").resolve("field_nohash_0.wav");
        assertEquals(List.of(moved), r.added());
        assertArrayEquals(audio, WavFiles.readPcm16Mono(moved));
        assertFalse(Files.exists(queue.wavPath(first.id())));
        assertEquals(clips.size() - 1, r.pending());
        assertTrue(DatasetIndex.load(dataset).words().contains("_unknown_"));
    }

    /** The fixture stream plus seeded dither, so every second of it is unique. */
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
}
