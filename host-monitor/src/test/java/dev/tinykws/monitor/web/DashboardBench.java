package dev.tinykws.monitor.web;

import dev.tinykws.monitor.sim.DeviceSimulator;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dashboard benchmark (bench/scripts/dashboard.sh): the monitor CLI with {@code --web} in a child JVM, reading a
 * simulated device served from this process over loopback TCP, with the dashboard open in headless chromium.
 * <ul>
 *   <li>latency: DET lines paced at RATE per second; each line's wire time (after the socket write) is
 *       compared with the time the page received its SSE event ({@code performance.timeOrigin + now()},
 *       the same wall clock), collected from {@code window.tinykwsProbe};</li>
 *   <li>memory: the child's RSS ({@code /proc/PID/status}) and live heap ({@code jcmd GC.heap_info}
 *       after {@code GC.run}) sampled while the traffic runs, plus the page's JS heap.</li>
 * </ul>
 * Usage: {@code DashboardBench RATE SECONDS NEAR_SHARE AUDIO_EVERY OUT_MD}.
 */
public final class DashboardBench {
    /** Heap cap of the monitor's JVM ({@code -Dtinykws.bench.monitorXmx=64m}). */
    private static final String XMX = System.getProperty("tinykws.bench.monitorXmx", "256m");
    private static final Pattern T_MS = Pattern.compile("\"t_ms\":(\\d+)");

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(args[0]);
        int seconds = Integer.parseInt(args[1]);
        double nearShare = Double.parseDouble(args[2]);
        int audioEvery = Integer.parseInt(args[3]);
        Path report = Path.of(args[4]);
        Path out = Files.createTempDirectory("tinykws-dash-bench");
        int events = (int) Math.round(rate * seconds);
        long[] wireUs = new long[events];
        ServerSocket deviceServer = new ServerSocket();
        deviceServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        int webPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            webPort = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + XMX, "-cp", System.getProperty("java.class.path"), "dev.tinykws.monitor.cli.MonitorCommand",
                "--port", "tcp://127.0.0.1:" + deviceServer.getLocalPort(), "--out", out.toString(),
                "--web", "127.0.0.1:" + webPort, "--refresh", "0", "--color", "never"));
        Process monitor = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolve("monitor-console.txt").toFile()).start();
        long pid = monitor.pid();
        ChromeDriver driver = null;
        List<long[]> memory = new ArrayList<>();
        try (Socket s = accept(deviceServer)) {
            s.setTcpNoDelay(true);
            DeviceSimulator dev = new DeviceSimulator(s.getOutputStream(), "bench-kws",
                    List.of("_silence_", "_unknown_", "yes", "no", "up", "down"));
            Thread cmds = new Thread(() -> {
                try {
                    dev.serveCommands(s.getInputStream());
                } catch (IOException ignored) {
                    // monitor gone
                }
            }, "bench-device-commands");
            cmds.setDaemon(true);
            cmds.start();
            dev.hello();
            driver = Browser.start();
            waitForServer(webPort);
            driver.get("http://127.0.0.1:" + webPort + "/");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-ready")));
            long[] sseUs = new long[events];
            java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + webPort + "/api/events")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines()).thenAccept(resp -> resp.body().forEach(line -> {
                        if (line.startsWith("data: {\"kind\":")) {
                            Instant at = Instant.now();
                            Matcher tm = T_MS.matcher(line);
                            if (tm.find()) {
                                int i = Integer.parseInt(tm.group(1));
                                if (i >= 0 && i < events) {
                                    sseUs[i] = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
                                }
                            }
                        }
                    }));
            Thread.sleep(2000);
            memory.add(sample(pid, driver, 0, false));
            System.err.printf(Locale.ROOT, "monitor pid %d, dashboard http://127.0.0.1:%d/, %d events at %.0f/s%n", pid,
                    webPort, events, rate);
            Random r = new Random(42);
            String[] kws = {"yes", "no", "up", "down"};
            long start = System.nanoTime();
            long nextSample = start + 30_000_000_000L;
            long nextStat = start;
            for (int i = 0; i < events; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long now;
                while ((now = System.nanoTime()) < due) {
                    long waitNs = due - now;
                    if (waitNs > 2_000_000) {
                        Thread.sleep((waitNs - 1_000_000) / 1_000_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (now >= nextStat) {
                    dev.stat((now - start) / 1_000_000, 8000 + r.nextInt(500), 400 + r.nextInt(50), 10_240, 0);
                    nextStat += 5_000_000_000L;
                }
                String kw = kws[r.nextInt(kws.length)];
                if (r.nextDouble() < nearShare) {
                    dev.near(i, kw, DeviceSimulator.score(0.4 + 0.299 * r.nextDouble()));
                } else {
                    dev.det(i, kw, DeviceSimulator.score(0.7 + 0.3 * r.nextDouble()));
                }
                Instant t = Instant.now();
                wireUs[i] = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
                if (audioEvery > 0 && i % audioEvery == 0) {
                    dev.detectionAudio(16_000);
                }
                if (System.nanoTime() >= nextSample) {
                    memory.add(sample(pid, driver, (System.nanoTime() - start) / 1_000_000_000L, false));
                    nextSample += 30_000_000_000L;
                }
            }
            double took = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3000);
            memory.add(sample(pid, driver, (System.nanoTime() - start) / 1_000_000_000L, true));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> probe = (List<Map<String, Object>>) driver.executeScript(
                    "return window.tinykwsProbe.map(p => ({t: p.t_ms, at: p.at_ms, sent: p.sent_us}));");
            double[] lat = new double[probe.size()];
            double[] host = new double[probe.size()];
            int n = 0;
            for (Map<String, Object> p : probe) {
                int i = ((Number) p.get("t")).intValue();
                if (i < 0 || i >= events) {
                    continue;
                }
                lat[n] = ((Number) p.get("at")).doubleValue() - wireUs[i] / 1000.0;
                host[n] = (((Number) p.get("sent")).longValue() - wireUs[i]) / 1000.0;
                n++;
            }
            double[] sse = new double[events];
            int ns = 0;
            for (int i = 0; i < events; i++) {
                if (sseUs[i] != 0) {
                    sse[ns++] = (sseUs[i] - wireUs[i]) / 1000.0;
                }
            }
            sse = Arrays.copyOf(sse, ns);
            Arrays.sort(sse);
            lat = Arrays.copyOf(lat, n);
            host = Arrays.copyOf(host, n);
            Arrays.sort(lat);
            Arrays.sort(host);
            int inPage = probe.size();
            String overflows = Files.readString(out.resolve("monitor-console.txt"));
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "%n### %s — %d events at %.0f/s (%.1f s, %.0f%% near-misses, audio every %d)%n%n",
                    Instant.now().toString().substring(0, 16) + "Z", events, rate, took, nearShare * 100, audioEvery));
            md.append(String.format(Locale.ROOT, "Machine: %d cores, load average at the end %s; monitor child JVM -Xmx%s; "
                    + "headless chromium %s.%n%n", Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0], XMX,
                    driver.getCapabilities().getBrowserVersion()));
            md.append("| measure | p50 | p90 | p99 | max | events |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            if (n == 0) {
                md.append("| (the page's probe window held none of the events) | | | | | 0 |\n");
            } else {
                md.append(row("DET on the wire → SSE event in the page (ms)", lat, n));
                md.append(row("of which DET on the wire → event built in the monitor (ms)", host, n));
            }
            if (ns > 0) {
                md.append(row("DET on the wire → SSE event in a plain Java client (java.net.http, same stream) (ms)", sse, ns));
            }
            md.append(String.format(Locale.ROOT, "%nEvents seen by the page in its probe window (last 20,000): %d of %d sent%s.%n%n",
                    inPage, events, events > 20_000 ? " (the probe keeps the last 20,000)" : ""));
            md.append("| t (s) | monitor RSS (MB) | monitor heap used (MB) | page JS heap (MB) |\n| ---: | ---: | ---: | ---: |\n");
            for (long[] m : memory) {
                md.append(String.format(Locale.ROOT, "| %d%s | %.1f | %.1f | %.1f |%n", m[0], m[4] == 1 ? " (after GC)" : "",
                        m[1] / 1024.0, m[2] / 1024.0, m[3] / 1048576.0));
            }
            md.append(String.format(Locale.ROOT, "%nReview clips stored: %d.%s%n", countClips(out),
                    overflows.contains("ERROR") ? " Monitor console had errors: see " + out.resolve("monitor-console.txt") : ""));
            System.out.print(md);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, md.toString(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            monitor.destroy();
            monitor.waitFor(10, TimeUnit.SECONDS);
            deviceServer.close();
        }
    }

    private static Socket accept(ServerSocket server) throws IOException {
        server.setSoTimeout(30_000);
        return server.accept();
    }

    private static void waitForServer(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the dashboard did not start on port " + port);
    }

    private static String row(String name, double[] v, int n) {
        if (n == 0) {
            return "| " + name + " | | | | | 0 |\n";
        }
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %d |%n", name, pct(v, 0.5), pct(v, 0.9),
                pct(v, 0.99), v[n - 1], n);
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1) + 0.5))];
    }

    private static long countClips(Path out) throws IOException {
        Path clips = out.resolve("review/clips");
        if (!Files.isDirectory(clips)) {
            return 0;
        }
        try (var s = Files.list(clips)) {
            return s.count();
        }
    }

    /** {t seconds, RSS kB, heap used kB, page JS heap bytes, afterGc}. */
    private static long[] sample(long pid, ChromeDriver driver, long t, boolean gc) throws Exception {
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        if (gc) {
            jcmd(pid, "GC.run");
        }
        Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        long heap = m.find() ? Long.parseLong(m.group(1)) : -1;
        Object js = driver.executeScript("return performance.memory ? performance.memory.usedJSHeapSize : -1;");
        return new long[]{t, rss, heap, ((Number) js).longValue(), gc ? 1 : 0};
    }

    private static String jcmd(long pid, String what) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), what).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return s;
    }
}
