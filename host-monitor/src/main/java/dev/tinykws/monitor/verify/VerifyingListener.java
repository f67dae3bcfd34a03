package dev.tinykws.monitor.verify;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.log.DetectionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code tinykws monitor --verify-with}: every device detection is re-scored by a
 * {@link DetectionVerifier} on the audio the device heard, logged as confirmed or rejected with both
 * scores, and appended to {@code verified.jsonl} beside {@code detections.jsonl}.
 *
 * <p>The audio is a 16 kHz mono recording whose sample 0 is the device's {@code t_ms = 0}: the
 * stream an emulated or host-port device plays (semihosting / WAV input). A board's microphone
 * audio reaches the host only through {@code REC}/{@code AUD}, which records forward from the
 * command, so a live board needs a pre-roll of the detection's window in the firmware first.
 */
public final class VerifyingListener implements MonitorListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingListener.class);
    public static final String FILE = "verified.jsonl";

    private final SecondStage stage;
    private final float[] recording;
    private final BufferedWriter out;
    private int confirmed;
    private int rejected;
    private int unverified;

    public VerifyingListener(SecondStage stage, float[] recording, Path outDir) {
        this.stage = stage;
        this.recording = recording;
        try {
            Files.createDirectories(outDir);
            this.out = Files.newBufferedWriter(outDir.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new MonitorException("cannot open " + outDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Reads the device's audio (16-bit mono WAV at {@code sampleRate}). */
    public static float[] readRecording(Path wav) {
        short[] pcm = WavFiles.readPcm16Mono(wav);
        float[] x = new float[pcm.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm[i] / 32768f;
        }
        return x;
    }

    @Override
    public synchronized void onDetection(DetectionEvent e, long receivedNanos) {
        Verdict v = stage.verify(e.tMs(), e.keyword(), e.scoreValue(), recording);
        if (!v.hadAudio()) {
            unverified++;
            LOG.warn("DET {} at {} ms: no audio covers it in the verification recording ({} s long); unverified",
                    e.keyword(), e.tMs(), recording.length / 16000);
        } else if (v.confirmed()) {
            confirmed++;
        } else {
            rejected++;
        }
        if (v.hadAudio()) {
            LOG.info(String.format(Locale.ROOT, "DET %s %.3f at %d ms: %s by %s (%.3f, threshold %.2f)", e.keyword(),
                    e.scoreValue(), e.tMs(), v.word(), stage.verifier().name(), v.verifierScore(), stage.threshold()));
        }
        try {
            out.write(v.toJson());
            out.newLine();
            out.flush();
        } catch (IOException ex) {
            LOG.warn("cannot append to {}: {}", FILE, ex.getMessage());
        }
    }

    public synchronized int confirmed() {
        return confirmed;
    }

    public synchronized int rejected() {
        return rejected;
    }

    public synchronized int unverified() {
        return unverified;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", FILE, e.getMessage());
        }
    }
}
