package dev.tinykws.bench;

import dev.tinykws.monitor.Monitor;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.cli.CliLogging;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.FrameDecoder;
import dev.tinykws.monitor.protocol.Frames;
import dev.tinykws.monitor.stats.MonitorSummary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Host monitor throughput and latency through a real pseudo-terminal (socat pty pair, jSerialComm),
 * with the in-memory decoder and an in-process stream session as baselines.
 *
 * <p>Run (after compiling host-monitor): {@code java -cp <host-monitor classes + deps + this> dev.tinykws.bench.MonitorBench
 * [--quick] [lines] [repeats] [pacedRate] [pacedSeconds]}, or {@code bench/monitor-bench.sh}. Needs {@code socat}. Logging: Logback rolling file only (no
 * console), as the CLI does minus the terminal.
 */
public final class MonitorBench {
    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int[] n = Arrays.stream(args).filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).toArray();
        int lines = n.length > 0 ? n[0] : quick ? 20_000 : 100_000;
        int repeats = n.length > 1 ? n[1] : quick ? 2 : 3;
        int pacedRate = n.length > 2 ? n[2] : 5_000;
        int pacedSeconds = n.length > 3 ? n[3] : quick ? 2 : 5;
        Process which = new ProcessBuilder("sh", "-c", "command -v socat").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!which.waitFor(5, TimeUnit.SECONDS) || which.exitValue() != 0) {
            System.err.println("MonitorBench: socat is required (apt-get install socat)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("monitor-bench");
        CliLogging.configure(work.resolve("logs"), false, false, false);

        byte[] stream = burst(lines);
        System.out.printf(Locale.ROOT, "line size %d bytes (DET), %d lines per run, %d runs%n", stream.length / lines, lines, repeats);

        double[] decoderRates = new double[repeats];
        for (int r = 0; r < repeats + 1; r++) { // first run warms up
            FrameDecoder d = new FrameDecoder();
            long t0 = System.nanoTime();
            long[] count = {0};
            d.feed(stream, 0, stream.length, e -> count[0]++);
            long dt = System.nanoTime() - t0;
            if (r > 0) {
                decoderRates[r - 1] = lines / (dt / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "decoder only (in memory):              median %,.0f lines/s%n", median(decoderRates));

        double[] streamRates = new double[repeats];
        for (int r = 0; r < repeats + 1; r++) {
            Path out = work.resolve("stream-" + r);
            long t0 = System.nanoTime();
            MonitorSummary s = Monitor.run(new ByteArrayInputStream(stream), MonitorConfig.defaults().withOutDir(out).withKeepDetections(0));
            long dt = System.nanoTime() - t0;
            check(s.detectionCount() == lines && s.lostLines() == 0, "stream session lost lines");
            if (r > 0) {
                streamRates[r - 1] = lines / (dt / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "session on a stream (jsonl + log file): median %,.0f lines/s%n", median(streamRates));

        double[] ptyRates = new double[repeats];
        for (int r = 0; r < repeats + 1; r++) {
            Result res = throughPty(work.resolve("pty-" + r), lines, 0, 0);
            if (r > 0) {
                ptyRates[r - 1] = res.rate;
            }
            System.out.printf(Locale.ROOT, "  pty run %d: %,.0f lines/s, %d logged, %d lost%s%n", r, res.rate, res.logged, res.lost,
                    r == 0 ? " (warm-up)" : "");
        }
        System.out.printf(Locale.ROOT, "pty + jSerialComm, as fast as possible: median %,.0f lines/s (no loss)%n", median(ptyRates));

        int pacedLines = pacedRate * pacedSeconds;
        Result paced = throughPty(work.resolve("paced"), pacedLines, pacedRate, pacedLines / 10);
        System.out.printf(Locale.ROOT, "pty paced at %d lines/s for %d s: %d logged, %d lost%n", pacedRate, pacedSeconds, paced.logged, paced.lost);
        System.out.printf(Locale.ROOT, "  received -> logged (jsonl appended + log file): median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                pct(paced.recvToLogged, 50), pct(paced.recvToLogged, 99), pct(paced.recvToLogged, 100));
        System.out.printf(Locale.ROOT, "  written by device -> logged (incl. pty transfer): median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                pct(paced.writeToLogged, 50), pct(paced.writeToLogged, 99), pct(paced.writeToLogged, 100));
        CliLogging.shutdown();
    }

    record Result(double rate, long logged, long lost, double[] recvToLogged, double[] writeToLogged) {
    }

    /** Writes {@code n} DET lines into pty end A (paced at {@code rate} lines/s, or flat out when 0); monitors end B. */
    static Result throughPty(Path dir, int n, int rate, int warmup) throws Exception {
        Files.createDirectories(dir);
        Path a = dir.resolve("A");
        Path b = dir.resolve("B");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(Files.exists(a) && Files.exists(b))) {
                check(System.nanoTime() < deadline && socat.isAlive(), "socat did not start (is it installed?)");
                Thread.sleep(10);
            }
            long[] sent = new long[n];
            double[] recv = new double[n];
            double[] e2e = new double[n];
            long[] lastLogged = {0};
            MonitorSession session = Monitor.open(b.toString(), 115200,
                    MonitorConfig.defaults().withOutDir(dir.resolve("out")).withKeepDetections(0));
            session.addListener(new MonitorListener() {
                @Override
                public void onDetection(DetectionEvent e, long receivedNanos) {
                    long now = System.nanoTime();
                    int i = (int) e.tMs();
                    recv[i] = (now - receivedNanos) / 1e6;
                    e2e[i] = (now - sent[i]) / 1e6;
                    lastLogged[0] = now;
                }
            });
            CompletableFuture<MonitorSummary> run = CompletableFuture.supplyAsync(session::run);
            while (session.stats().snapshot(Instant.now(), false).connects() == 0) {
                Thread.sleep(5);
            }
            long t0;
            try (FileOutputStream out = new FileOutputStream(a.toFile())) {
                byte[][] encoded = new byte[n][];
                for (int i = 0; i < n; i++) {
                    encoded[i] = Frames.encodeBytes("DET", i & 0xFFFF, Integer.toString(i), "yes", "0.930");
                }
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (rate > 0) {
                        long due = t0 + (long) (i * 1e9 / rate);
                        while (System.nanoTime() < due) {
                            long left = due - System.nanoTime();
                            if (left > 200_000) {
                                Thread.sleep(0, 100_000);
                            }
                        }
                    }
                    sent[i] = System.nanoTime();
                    out.write(encoded[i]);
                }
            }
            long waitUntil = System.nanoTime() + 30_000_000_000L;
            while (session.stats().detectionCount() < n && System.nanoTime() < waitUntil) {
                Thread.sleep(2);
            }
            session.stop();
            MonitorSummary s = run.get(10, TimeUnit.SECONDS);
            double rateOut = s.detectionCount() / ((lastLogged[0] - t0) / 1e9);
            return new Result(rateOut, s.detectionCount(), s.lostLines() + (n - s.detectionCount()),
                    Arrays.copyOfRange(recv, warmup, n), Arrays.copyOfRange(e2e, warmup, n));
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static byte[] burst(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 40);
        for (int i = 0; i < n; i++) {
            out.write(Frames.encodeBytes("DET", i & 0xFFFF, Integer.toString(i), "yes", "0.930"));
        }
        return out.toByteArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Percentile by nearest rank; 100 = max. */
    static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, k))];
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
