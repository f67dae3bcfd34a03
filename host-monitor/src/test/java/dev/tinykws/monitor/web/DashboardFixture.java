package dev.tinykws.monitor.web;

import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.sim.DeviceSimulator;
import dev.tinykws.monitor.transport.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A simulated device on a loopback TCP port, a {@link MonitorSession} reading it, and a {@link Dashboard}
 * on that session: the same wiring as {@code tinykws monitor --port tcp://... --web PORT}.
 */
final class DashboardFixture implements AutoCloseable {
    final Path out;
    final Dashboard dashboard;
    final MonitorSession session;
    private final ServerSocket deviceServer;
    private final CompletableFuture<DeviceSimulator> device = new CompletableFuture<>();
    private final Thread runner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DashboardFixture(Path out, String bind, List<String> labels) throws IOException {
        this.out = out;
        deviceServer = new ServerSocket();
        deviceServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        Thread dev = new Thread(() -> {
            try (Socket s = deviceServer.accept()) {
                s.setTcpNoDelay(true);
                DeviceSimulator sim = new DeviceSimulator(s.getOutputStream(), "sim-web", labels);
                device.complete(sim);
                sim.hello();
                sim.serveCommands(s.getInputStream());
            } catch (IOException e) {
                device.completeExceptionally(e);
            }
        }, "fixture-device");
        dev.setDaemon(true);
        dev.start();
        session = new MonitorSession(Transport.of("tcp://127.0.0.1:" + deviceServer.getLocalPort(), 115200),
                MonitorConfig.defaults().withOutDir(out));
        dashboard = Dashboard.start(session, new Dashboard.Options(WebBinding.parse(bind), out.resolve("review"),
                out.resolve("dataset")));
        runner = new Thread(session::run, "fixture-session");
        runner.setDaemon(true);
        runner.start();
    }

    DeviceSimulator device() throws Exception {
        return device.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the dashboard has seen the device's HELLO. */
    DashboardFixture ready() throws Exception {
        device();
        await(() -> dashboard.stateForTests().hello() != null, 10_000, "HELLO reached the dashboard");
        return this;
    }

    String base() {
        return "http://127.0.0.1:" + dashboard.server().port();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length == 0) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(BooleanSupplier cond, long ms, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + ms + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        session.stop();
        runner.join(5000);
        dashboard.close();
        deviceServer.close();
    }
}
