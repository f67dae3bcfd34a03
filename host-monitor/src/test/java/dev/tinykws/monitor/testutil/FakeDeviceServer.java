package dev.tinykws.monitor.testutil;

import dev.tinykws.monitor.sim.DeviceSimulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scripted fake device behind a TCP server on 127.0.0.1 (loopback only). Accepts one client, answers its
 * commands, runs the script, then closes the client (and the server with {@link #close()}).
 */
public final class FakeDeviceServer implements AutoCloseable {
    public interface Script {
        void run(DeviceSimulator device, Socket client) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<DeviceSimulator> device = new CompletableFuture<>();
    private final Thread thread;

    private FakeDeviceServer(int port, Script script, boolean closeAfterScript) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        thread = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                DeviceSimulator dev = new DeviceSimulator(s.getOutputStream(), "fake-kws", List.of("_silence_", "_unknown_", "yes", "no"));
                Thread cmds = new Thread(() -> {
                    try {
                        dev.serveCommands(s.getInputStream());
                    } catch (IOException ignored) {
                        // client gone
                    }
                }, "fake-device-commands");
                cmds.setDaemon(true);
                cmds.start();
                device.complete(dev);
                script.run(dev, s);
                if (!closeAfterScript) {
                    cmds.join(60_000);
                }
            } catch (Exception e) {
                device.completeExceptionally(e);
            }
        }, "fake-device");
        thread.setDaemon(true);
        thread.start();
    }

    /** Serves one client on an ephemeral loopback port; closes the client when the script returns. */
    public static FakeDeviceServer start(Script script) throws IOException {
        return new FakeDeviceServer(0, script, true);
    }

    public static FakeDeviceServer start(int port, Script script) throws IOException {
        return new FakeDeviceServer(port, script, true);
    }

    /** Keeps the client connected after the script, answering commands until the client leaves. */
    public static FakeDeviceServer startInteractive(Script script) throws IOException {
        return new FakeDeviceServer(0, script, false);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port();
    }

    public DeviceSimulator device() throws Exception {
        return device.get(10, TimeUnit.SECONDS);
    }

    /** Waits for the script to finish. */
    public void join() throws InterruptedException {
        thread.join(30_000);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
