package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.fleet.FleetConfig;
import dev.tinykws.monitor.fleet.FleetSubscriber;
import dev.tinykws.monitor.fleet.FleetWeb;
import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.MqttCredentials;
import dev.tinykws.monitor.web.WebBinding;
import dev.tinykws.monitor.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tinykws fleet}: every device's detections from an MQTT broker into one SQLite store and one web view. */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        version = "tinykws fleet " + dev.tinykws.contract.Version.VERSION,
        description = {"Subscribe to every device below a broker's topic prefix and serve the fleet view over HTTP.",
                "Devices publish with `tinykws monitor --publish`; writes every detection exactly once into the SQLite "
                        + "store (--db) and keeps per-device state (online, detections per hour per keyword, health)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:ended normally (--duration, Ctrl-C)", "1:error (message on stderr)",
                "2:usage error: unknown option, bad value, missing required option"})
public final class FleetCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FleetCommand.class);

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "Broker: mqtt://HOST:PORT[/PREFIX] or mqtts://... (TLS).")
    String broker;

    @Option(names = "--db", defaultValue = "fleet.db", paramLabel = "FILE", description = "SQLite store (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--web", defaultValue = "127.0.0.1:8090", paramLabel = "[HOST:]PORT",
            description = "Serve the fleet view here (default: ${DEFAULT-VALUE}; 'off' for none).")
    String web;

    @Option(names = "--client-id", defaultValue = "tinykws-fleet", paramLabel = "ID",
            description = "MQTT client id; the broker keeps this id's session while the fleet is away (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--max-devices", defaultValue = "10000", paramLabel = "N",
            description = "Devices kept, at least 1; messages of more are rejected (default: ${DEFAULT-VALUE}).")
    int maxDevices;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop after this long (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--mqtt-username", paramLabel = "NAME", description = "Broker username (or env " + MqttCredentials.ENV_USERNAME + ").")
    String username;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE",
            description = "File whose first line is the broker password (or env " + MqttCredentials.ENV_PASSWORD + "). Never logged.")
    Path passwordFile;

    @Option(names = "--mqtt-ca", paramLabel = "PEM", description = "CA certificate(s) to trust for mqtts://.")
    Path caFile;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging.")
    boolean verbose;

    @Override
    public Integer call() {
        if (maxDevices < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-devices must be at least 1, got " + maxDevices);
        }
        CliLogging.configure(null, MonitorCommand.useColor("auto"), verbose);
        FleetSubscriber fleet = null;
        WebServer server = null;
        FleetWeb view = null;
        // Ctrl-C: the hook waits until the finally below has closed the store and the broker session
        GracefulShutdown shutdown = new GracefulShutdown("fleet-shutdown", null, Duration.ofSeconds(20));
        try {
            BrokerAddress address = BrokerAddress.parse(broker);
            MqttCredentials c = MqttCredentials.resolve(username, passwordFile, caFile, System.getenv());
            fleet = new FleetSubscriber(address, c, FleetConfig.defaults(db).withClientId(clientId).withMaxDevices(maxDevices)).start();
            if (!"off".equals(web)) {
                server = WebServer.start(WebBinding.parse(web), 8);
                view = FleetWeb.attach(server, fleet, "/");
                LOG.info("fleet view on {}", server.url());
            }
            LOG.info("fleet store {}", db.toAbsolutePath());
            shutdown.awaitSignal(duration);
            LOG.info("fleet: {}", fleet.state().counters());
            return 0;
        } catch (MonitorException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (view != null) {
                view.close();
            }
            if (server != null) {
                server.close();
            }
            if (fleet != null) {
                fleet.close();
                LOG.info("fleet stopped; store {} closed", db);
            }
            CliLogging.shutdown();
            shutdown.close();
        }
    }

    /** Standalone entry point (the {@code tinykws} CLI registers this command as {@code fleet}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetCommand()).execute(args));
    }
}
