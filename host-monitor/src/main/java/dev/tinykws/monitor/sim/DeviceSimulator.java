package dev.tinykws.monitor.sim;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.contract.DetectorConfig;
import dev.tinykws.contract.Threshold;
import dev.tinykws.contract.Version;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Frame;
import dev.tinykws.monitor.protocol.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted TinyKWS device speaking the SPEC §5 protocol on any byte stream (a pty, a TCP socket):
 * for trying the monitor without hardware, for tests and for benchmarks. Answers {@code THRESH},
 * {@code REC} (a 440 Hz tone as {@code AUD} lines) and {@code INFO} like the firmware does.
 * Thread-safe: lines are written whole.
 */
public final class DeviceSimulator {
    private final OutputStream out;
    private final String modelId;
    private final List<String> labels;
    private int seq;
    private long clipCounter;
    private volatile String threshold = DetectorConfig.defaults().detectionThreshold().text();
    private final Set<Integer> dropAudChunks = ConcurrentHashMap.newKeySet();

    public DeviceSimulator(OutputStream out, String modelId, List<String> labels) {
        this.out = out;
        this.modelId = modelId;
        this.labels = List.copyOf(labels);
    }

    public String threshold() {
        return threshold;
    }

    /** Makes the next recordings skip AUD chunk number {@code index} (0-based), as if the line was lost. */
    public void dropAudChunk(int index) {
        dropAudChunks.add(index);
    }

    public synchronized void line(String type, String... fields) throws IOException {
        out.write(Frames.encodeBytes(type, seq, fields));
        out.flush();
        seq = (seq + 1) & 0xFFFF;
    }

    /** Skips {@code n} sequence numbers, as if {@code n} lines were lost on the way. */
    public synchronized void loseLines(int n) {
        seq = (seq + n) & 0xFFFF;
    }

    public synchronized void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void hello() throws IOException {
        line("HELLO", Version.VERSION + "-sim", modelId, "00C0FFEE", Integer.toString(ClipFormat.SAMPLE_RATE_HZ), threshold, String.join("|", labels));
    }

    public void det(long tMs, String keyword, String score) throws IOException {
        line("DET", Long.toString(tMs), keyword, score);
    }

    /** A near-miss (SPEC §5 {@code NEAR}): a score above the review threshold, below the detection threshold. */
    public void near(long tMs, String keyword, String score) throws IOException {
        line("NEAR", Long.toString(tMs), keyword, score);
    }

    /**
     * Sends the audio of the detection or near-miss just sent: {@code samples} samples of the test tone as
     * {@code AUD} lines of a fresh clip that no {@code REC} asked for (SPEC §5, detection audio).
     *
     * @return the clip id
     */
    public long detectionAudio(int samples) throws IOException {
        long clip;
        synchronized (this) {
            clip = ++clipCounter;
        }
        sendTone(clip, samples);
        return clip;
    }

    public void stat(long uptimeMs, long inferUs, int cpuPermille, long freeRam, long overruns) throws IOException {
        line("STAT", Long.toString(uptimeMs), Long.toString(inferUs), Integer.toString(cpuPermille),
                Long.toString(freeRam), Long.toString(overruns));
    }

    /** Answers host commands read from {@code in} until it ends. */
    public void serveCommands(InputStream in) throws IOException {
        FrameDecoder decoder = new FrameDecoder(Integer.MAX_VALUE);
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            for (DecodeEvent ev : decoder.feed(java.util.Arrays.copyOf(buf, n))) {
                if (ev instanceof DecodeEvent.Decoded d) {
                    command(d.frame());
                } else if (ev instanceof DecodeEvent.Dropped dr
                        && dr.reason() == dev.tinykws.monitor.protocol.DropReason.BAD_CHECKSUM) {
                    line("ERR", "BADCSUM", "checksum mismatch");
                }
            }
        }
    }

    private void command(Frame f) throws IOException {
        switch (f.type()) {
            case "THRESH" -> {
                String v = f.fields().isEmpty() ? "" : f.field(0);
                if (v.matches("(0\\.\\d{3}|1\\.000)")) {
                    threshold = v;
                    line("ACK", "THRESH", "OK");
                } else {
                    line("ACK", "THRESH", "BADVALUE");
                }
            }
            case "INFO" -> hello();
            case "REC" -> {
                int ms = f.fields().isEmpty() || !f.field(0).matches("\\d{1,5}") ? -1 : Integer.parseInt(f.field(0));
                if (ms < 100 || ms > 10_000) {
                    line("ACK", "REC", "BADVALUE");
                    return;
                }
                long clip;
                synchronized (this) {
                    clip = ++clipCounter;
                }
                line("ACK", "REC", Long.toString(clip));
                sendTone(clip, ms * 16);
            }
            default -> line("ERR", "BADCMD", "unknown command " + f.type());
        }
    }

    private void sendTone(long clip, int total) throws IOException {
        int chunk = 0;
        for (int off = 0; off < total; off += 256, chunk++) {
            int n = Math.min(256, total - off);
            ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putShort(toneSample(off + i));
            }
            if (dropAudChunks.contains(chunk)) {
                loseLines(1);
                continue;
            }
            line("AUD", Long.toString(clip), Integer.toString(off), Integer.toString(total),
                    Base64.getEncoder().encodeToString(b.array()));
        }
    }

    /** Sample {@code i} of the recording tone (440 Hz, amplitude 8000). */
    public static short toneSample(int i) {
        return (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / (double) ClipFormat.SAMPLE_RATE_HZ));
    }

    /** Score text {@code 0.xxx} for a probability. */
    public static String score(double p) {
        return Threshold.of(Math.max(0, Math.min(1, p))).text();
    }
}
