package dev.tinykws.monitor.cli;

import dev.tinykws.contract.Labels;
import dev.tinykws.monitor.sim.DeviceSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code tinykws monitor simulate}: a fake device on a TCP port, to try the monitor without hardware. */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Serve a simulated TinyKWS device on TCP, to try the monitor without hardware.",
                "Writes HELLO, random DET lines (optionally NEAR lines and detection audio) and STAT every 5 s to the "
                        + "client and answers THRESH/REC/INFO (one client at a time); with --publish or --devices, "
                        + "publishes the simulated devices to an MQTT broker instead."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ended normally (--duration, --count, Ctrl-C)", "1:error (message on stderr)",
                "2:usage error: unknown option, bad value, missing required option, --devices without --publish"})
public final class SimulateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);

    @Option(names = "--listen", defaultValue = "127.0.0.1:4000", paramLabel = "HOST:PORT",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--rate", defaultValue = "1", description = "Mean detections per second, more than 0 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--keywords", defaultValue = "yes,no,up,down", split = ",",
            description = "Keywords to emit (default: ${DEFAULT-VALUE}).")
    List<String> keywords;

    @Option(names = "--noise", defaultValue = "0", description = "Probability that a line is corrupted (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--near", defaultValue = "0",
            description = "Share of events sent as near-misses (NEAR lines, scores 0.400..0.699) (default: ${DEFAULT-VALUE}).")
    double near;

    @Option(names = "--audio", defaultValue = "0ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Send this much audio (AUD lines, a test tone) after each detection and near-miss, "
                    + "for the review queue; 0 = none (default: ${DEFAULT-VALUE}).")
    Duration audio;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stop after this long (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--devices", defaultValue = "1", paramLabel = "N",
            description = "Simulate N devices in this process and publish them with --publish (each DET line is decoded "
                    + "and goes through the outbox, as from a monitor); --rate is per device (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "With --publish: stop after N detections per device; 0 = until --duration or Ctrl-C (default: ${DEFAULT-VALUE}).")
    long count;

    @picocli.CommandLine.Mixin
    PublishOptions publishOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Options of the single TCP device, which the simulated devices of {@code --publish} do not have. */
    static final List<String> TCP_ONLY = List.of("--listen", "--keywords", "--noise", "--near", "--audio");

    private void check() {
        picocli.CommandLine cl = spec.commandLine();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new picocli.CommandLine.ParameterException(cl, "--rate must be more than 0, got " + rate);
        }
        publishOptions.check(cl);
        if (publishOptions.enabled() || devices != 1) {
            for (String o : TCP_ONLY) {
                if (cl.getParseResult().hasMatchedOption(o)) {
                    throw new picocli.CommandLine.ParameterException(cl, o + " is for the simulated TCP device; the devices of "
                            + "--publish/--devices send DET and STAT lines only (leave out " + o + ")");
                }
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        check();
        CliLogging.configure(null, MonitorCommand.useColor("auto"), false);
        if (publishOptions.enabled() || devices != 1) {
            try {
                return FleetSimulationRun.run(publishOptions, devices, rate, duration, count);
            } finally {
                CliLogging.shutdown();
            }
        }
        int colon = listen.lastIndexOf(':');
        long end = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
        try (ServerSocket server = new ServerSocket(Integer.parseInt(listen.substring(colon + 1)), 1,
                InetAddress.getByName(listen.substring(0, colon)))) {
            server.setSoTimeout(500);
            LOG.info("simulated device on tcp://{}:{}", listen.substring(0, colon), server.getLocalPort());
            while (System.currentTimeMillis() < end) {
                Socket s;
                try {
                    s = server.accept();
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                LOG.info("client {} connected", s.getRemoteSocketAddress());
                try (s) {
                    serve(s, end);
                } catch (IOException e) {
                    LOG.info("client gone: {}", e.getMessage());
                }
            }
            return 0;
        } finally {
            CliLogging.shutdown();
        }
    }

    private void serve(Socket s, long end) throws IOException {
        List<String> labels = new java.util.ArrayList<>(List.of(Labels.SILENCE, Labels.UNKNOWN));
        labels.addAll(keywords);
        DeviceSimulator dev = new DeviceSimulator(s.getOutputStream(), "sim-" + String.join("-", keywords), labels);
        Thread commands = new Thread(() -> {
            try {
                dev.serveCommands(s.getInputStream());
            } catch (IOException ignored) {
                // client gone
            }
        }, "sim-commands");
        commands.setDaemon(true);
        commands.start();
        Random r = new Random();
        dev.hello();
        long t0 = System.currentTimeMillis();
        long nextStat = 5000;
        while (System.currentTimeMillis() < end && !s.isClosed() && commands.isAlive()) {
            long pause = (long) Math.min(5000, -Math.log(1 - r.nextDouble()) * 1000 / Math.max(rate, 1e-3));
            try {
                Thread.sleep(Math.max(1, pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long t = System.currentTimeMillis() - t0;
            if (t >= nextStat) {
                dev.stat(t, 7800 + r.nextInt(900), 380 + r.nextInt(60), 10_240, 0);
                nextStat += 5000;
            }
            String kw = keywords.get(r.nextInt(keywords.size()));
            boolean isNear = r.nextDouble() < near;
            String score = isNear ? DeviceSimulator.score(0.4 + 0.299 * r.nextDouble())
                    : DeviceSimulator.score(0.7 + 0.3 * r.nextDouble());
            if (r.nextDouble() < noise) {
                byte[] junk = new byte[1 + r.nextInt(40)];
                r.nextBytes(junk);
                dev.raw(junk);
                dev.loseLines(1);
                continue;
            }
            if (isNear) {
                dev.near(t, kw, score);
            } else {
                dev.det(t, kw, score);
            }
            if (!audio.isZero()) {
                dev.detectionAudio((int) Math.min(160_000, audio.toMillis() * 16));
            }
        }
    }

}
