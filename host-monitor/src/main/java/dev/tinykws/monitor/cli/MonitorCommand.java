package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.verify.DetectionVerifier;
import dev.tinykws.monitor.verify.SecondStage;
import dev.tinykws.monitor.verify.VerifierLoader;
import dev.tinykws.monitor.verify.VerifyingListener;
import dev.tinykws.contract.Version;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.mqtt.DeviceIds;
import dev.tinykws.monitor.mqtt.MqttPublisher;
import dev.tinykws.monitor.mqtt.PublishingListener;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.review.ReviewRecorder;
import dev.tinykws.monitor.stats.MonitorSummary;
import dev.tinykws.monitor.transport.SerialPorts;
import dev.tinykws.monitor.transport.StreamTransport;
import dev.tinykws.monitor.transport.Transport;
import dev.tinykws.monitor.web.Dashboard;
import dev.tinykws.monitor.web.WebBinding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/** {@code tinykws monitor}: watch a device's detections, health and link quality. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        version = "tinykws monitor " + Version.VERSION,
        description = {"Monitor a TinyKWS device over serial, TCP or a captured session.",
                "Writes detections to DIR/detections.jsonl, logs to DIR/logs/ and summary.json on exit; shows a live "
                        + "view on stderr. Reconnects when the device comes back."},
        subcommands = {ThresholdCommand.class, RecordCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:session ended normally", "1:error (message on stderr)",
                "2:usage error: unknown option, bad value, missing required option"})
public final class MonitorCommand implements Callable<Integer> {

    @Mixin
    PortOptions portOptions;

    @Mixin
    PublishOptions publishOptions;

    @Option(names = {"-o", "--out"}, defaultValue = "tinykws-monitor", paramLabel = "DIR",
            description = "Output folder: detections.jsonl, summary.json, logs/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--list", description = "List serial ports with descriptions and exit.")
    boolean list;

    @Option(names = "--replay", paramLabel = "FILE", description = "Decode a session captured with --capture instead of a port.")
    Path replay;

    @Option(names = "--capture", paramLabel = "FILE", description = "Append every raw byte received to FILE (for --replay).")
    Path capture;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 500ms, 30s, 5m, 2h (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--exit-on-eof", description = "Stop when the link ends instead of waiting for the device to come back.")
    boolean exitOnEof;

    @Option(names = "--refresh", defaultValue = "10s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Live view period on stderr; 0 turns it off (default: ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
            description = "Coloured console: auto, always, never (default: ${DEFAULT-VALUE}).")
    String color;

    @Option(names = "--fsync", description = "Call fsync on detections.jsonl after each event (survives power loss).")
    boolean fsync;

    @Option(names = "--web", paramLabel = "[HOST:]PORT",
            description = "Serve the live dashboard (docs/dashboard.md) on PORT, bound to 127.0.0.1 unless a HOST is given; "
                    + "bound to another host, actions need the token printed at start-up.")
    String web;

    @Option(names = "--record-to", paramLabel = "DATASET",
            description = "Dataset root for recordings started from the dashboard (default: OUT/dataset).")
    Path recordTo;

    @Option(names = "--review-threshold", paramLabel = "SCORE",
            description = {"Ask the device for near-misses (NEAR lines: a keyword scored at least SCORE without a "
                    + "detection) and for the audio of every detection and near-miss; the clips go into the review "
                    + "queue OUT/review (label them with `tinykws review`). E.g. 0.35 with a detection threshold of 0.70."})
    Double reviewThreshold;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging (every line received).")
    boolean verbose;

    @Option(names = "--verify-with", paramLabel = "DIR",
            description = "Second stage: re-score each detection with this host model (the teacher, <model>/teacher) on "
                    + "the audio of --verify-audio; verdicts to DIR/verified.jsonl and the log.")
    Path verifyWith;

    @Option(names = "--verify-audio", paramLabel = "WAV",
            description = "Recording (16 kHz mono) of what the device hears, sample 0 = the device's t_ms 0 (the stream an "
                    + "emulated or host-port device plays).")
    Path verifyAudio;

    @Option(names = "--verify-threshold", defaultValue = "0.5", paramLabel = "X",
            description = "Second-stage threshold on the verifier's keyword probability (default: ${DEFAULT-VALUE}).")
    double verifyThreshold;

    private final VerifierLoader verifierLoader;

    /** Standalone: no second stage available (host-monitor does not know any verifier model). */
    public MonitorCommand() {
        this(null);
    }

    /** @param verifierLoader loads {@code --verify-with} models (the tinykws CLI passes the teacher's) */
    public MonitorCommand(VerifierLoader verifierLoader) {
        this.verifierLoader = verifierLoader;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (list) {
            return listPorts(System.out);
        }
        publishOptions.check(spec.commandLine());
        try {
            Files.createDirectories(out.resolve("logs"));
        } catch (java.io.IOException e) {
            System.err.println("tinykws monitor: cannot create " + out.resolve("logs") + ": " + e.getMessage());
            return 1;
        }
        CliLogging.configure(out.resolve("logs"), useColor(color), verbose);
        MqttPublisher publisher = null;
        // with --publish, Ctrl-C also waits until the finally below has closed the outbox and the broker links
        GracefulShutdown publisherShutdown = null;
        try {
            Transport transport = replay != null ? StreamTransport.replay(replay) : portOptions.transport();
            MonitorConfig config = MonitorConfig.defaults().withOutDir(out).withDuration(duration)
                    .withExitOnEof(exitOnEof).withCapture(capture).withFsync(fsync);
            MonitorSession session = new MonitorSession(transport, config);
            if (publishOptions.enabled()) {
                publisherShutdown = new GracefulShutdown("publisher-shutdown", null, java.time.Duration.ofSeconds(15));
                publisher = publishOptions.open(out.resolve("outbox"));
                session.addListener(new PublishingListener(publisher, publishOptions.deviceId, DeviceIds.hostName()));
            }
            VerifyingListener verifying = verifyWith == null ? null : verifier();
            if (verifying != null) {
                session.addListener(verifying);
            }
            if (reviewThreshold != null) {
                session.addListener(new dev.tinykws.monitor.review.ReviewSwitch(reviewThreshold, session::send));
            }
            try (AutoCloseable web = attachReviewAndWeb(session)) {
                return runSession(session, refresh, System.err);
            } finally {
                if (verifying != null) {
                    verifying.close();
                    System.err.printf("   second stage: %d confirmed, %d rejected, %d without audio (%s)%n",
                            verifying.confirmed(), verifying.rejected(), verifying.unverified(),
                            out.resolve(VerifyingListener.FILE));
                }
            }
        } catch (MonitorException e) {
            org.slf4j.LoggerFactory.getLogger(MonitorCommand.class).error("{}", e.getMessage());
            return 1;
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(MonitorCommand.class).error("{}", e.toString());
            return 1;
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            CliLogging.shutdown();
            if (publisherShutdown != null) {
                publisherShutdown.close();
            }
        }
    }

    private VerifyingListener verifier() {
        if (verifierLoader == null) {
            throw new MonitorException("--verify-with needs the tinykws command line (the standalone monitor has no "
                    + "verifier models): run `tinykws monitor --verify-with DIR ...`");
        }
        if (verifyAudio == null) {
            throw new MonitorException("--verify-with needs --verify-audio WAV: the device's audio reaches the host only "
                    + "through REC/AUD, which records forward, so give the recording the device hears (docs/teacher.md)");
        }
        if (!(verifyThreshold >= 0 && verifyThreshold <= 1)) {
            throw new MonitorException("--verify-threshold must be in 0..1, got " + verifyThreshold);
        }
        DetectionVerifier v;
        try {
            v = verifierLoader.load(verifyWith);
        } catch (MonitorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MonitorException("cannot load the verifier " + verifyWith + ": " + e.getMessage(), e);
        }
        float[] audio = VerifyingListener.readRecording(verifyAudio);
        org.slf4j.LoggerFactory.getLogger(MonitorCommand.class).info("second stage: {} on {} ({} s), threshold {}",
                v.name(), verifyAudio, audio.length / 16000, verifyThreshold);
        return new VerifyingListener(new SecondStage(v, verifyThreshold, 16000, null), audio, out);
    }

    /** Detection audio goes to OUT/review/ (the review queue); --web starts the dashboard on the same session. */
    private AutoCloseable attachReviewAndWeb(MonitorSession session) {
        if (web == null) {
            ReviewQueue queue = ReviewQueue.open(out.resolve("review"));
            session.addListener(new ReviewRecorder(queue, () -> session.stats().device(), c -> { }));
            return () -> { };
        }
        Dashboard d = Dashboard.start(session, new Dashboard.Options(WebBinding.parse(web), out.resolve("review"),
                recordTo != null ? recordTo : out.resolve("dataset")));
        System.err.println("dashboard: " + d.server().url() + (d.server().token() == null ? ""
                : "  (reachable from the network: actions need the token in this URL)"));
        return d;
    }

    static int runSession(MonitorSession session, Duration refresh, PrintStream console) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            session.stop();
            try {
                done.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService live = null;
        if (refresh != null && !refresh.isZero()) {
            live = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "monitor-live-view");
                t.setDaemon(true);
                return t;
            });
            live.scheduleAtFixedRate(() -> console.print(LiveView.render("live", session.stats().snapshot(Instant.now(), false))),
                    refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            MonitorSummary s = session.run();
            console.print(LiveView.render("summary", s));
            if (session.detectionsFile() != null) {
                console.println("   files: " + session.detectionsFile() + ", "
                        + session.detectionsFile().resolveSibling("summary.json"));
            }
            return 0;
        } finally {
            if (live != null) {
                live.shutdownNow();
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    static boolean useColor(String when) {
        return switch (when) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.getenv("NO_COLOR") == null;
        };
    }

    static int listPorts(PrintStream out) {
        List<SerialPorts.PortInfo> ports = SerialPorts.list();
        if (ports.isEmpty()) {
            out.println("no serial ports found (an emulated or networked device: --port tcp://host:port)");
            return 0;
        }
        for (SerialPorts.PortInfo p : ports) {
            out.printf("%-24s %s %s%s%n", p.path(), p.likely() ? "*" : " ", p.description(),
                    p.details().isEmpty() ? "" : " [" + p.details() + "]");
        }
        out.println("(* = looks like a USB board; used automatically when it is the only one)");
        return 0;
    }

    /** Standalone entry point (the {@code tinykws} CLI registers this command as {@code monitor}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MonitorCommand()).execute(args));
    }
}
