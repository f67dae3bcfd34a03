package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.ConfirmMode;
import dev.tinykws.monitor.mqtt.DeviceIds;
import dev.tinykws.monitor.mqtt.MqttCredentials;
import dev.tinykws.monitor.mqtt.MqttPublisher;
import dev.tinykws.monitor.mqtt.PublisherConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;

/** The {@code --publish} options shared by {@code tinykws monitor} and {@code tinykws monitor simulate}. */
public final class PublishOptions {
    @Option(names = "--publish", paramLabel = "URL",
            description = "Publish HELLO (retained), DET, STAT and recorded clips to an MQTT broker: mqtt://HOST:PORT[/PREFIX] "
                    + "or mqtts://... (TLS). Topics PREFIX/<device-id>/<type>, JSON, QoS 1, through an on-disk outbox.")
    public String publish;

    @Option(names = "--device-id", paramLabel = "ID",
            description = "Device id in topics: A-Z a-z 0-9 . _ -, at most 64, not 'fleet' (default: HOST-MODEL, this "
                    + "computer's name and the model id from HELLO; give one when a gateway has two devices of one model).")
    public String deviceId;

    @Option(names = "--outbox", paramLabel = "DIR",
            description = "Outbox folder, one per running monitor (default: OUT/outbox for `monitor`, tinykws-sim-outbox "
                    + "for `monitor simulate`).")
    public Path outbox;

    @Option(names = "--confirm", defaultValue = "fleet", paramLabel = "BY",
            description = "When to drop a message from the outbox: fleet, once the fleet stored it (survives a broker "
                    + "crash), or broker, once the broker accepted it (use this without a fleet) (default: ${DEFAULT-VALUE}).")
    public String confirm;

    @Option(names = "--confirm-timeout", defaultValue = "10s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "With --confirm fleet: send again when the fleet has not confirmed after this long (more than 0), "
                    + "doubling per attempt up to 2m (default: ${DEFAULT-VALUE}).")
    public Duration confirmTimeout;

    @Option(names = "--outbox-fsync", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Call fsync on the outbox before sending, a group commit (default: ${DEFAULT-VALUE}).")
    public boolean outboxFsync;

    @Option(names = "--mqtt-username", paramLabel = "NAME",
            description = "Broker username (or env " + MqttCredentials.ENV_USERNAME + ").")
    public String username;

    @Option(names = "--mqtt-password-file", paramLabel = "FILE",
            description = "File whose first line is the broker password (or env " + MqttCredentials.ENV_PASSWORD
                    + "). Never logged.")
    public Path passwordFile;

    @Option(names = "--mqtt-ca", paramLabel = "PEM", description = "CA certificate(s) to trust for mqtts:// (default: the JDK's).")
    public Path caFile;

    public boolean enabled() {
        return publish != null;
    }

    /** Checks the values that picocli cannot: a {@link ParameterException} (exit 2) names the bad one. */
    void check(CommandLine cl) {
        if (!enabled()) {
            return;
        }
        if (!confirm.equalsIgnoreCase("fleet") && !confirm.equalsIgnoreCase("broker")) {
            throw new ParameterException(cl, "--confirm must be fleet or broker, not '" + confirm + "'");
        }
        if (confirmTimeout.isZero() || confirmTimeout.isNegative()) {
            throw new ParameterException(cl, "--confirm-timeout must be more than 0, e.g. 10s");
        }
        if (deviceId != null && DeviceIds.problem(deviceId) != null) {
            throw new ParameterException(cl, "--device-id '" + deviceId + "' is not usable: " + DeviceIds.problem(deviceId));
        }
    }

    /** Opens the publisher; {@code defaultOutbox} is used unless {@code --outbox} was given. */
    public MqttPublisher open(Path defaultOutbox) {
        BrokerAddress broker = BrokerAddress.parse(publish);
        ConfirmMode mode = switch (confirm.toLowerCase()) {
            case "fleet" -> ConfirmMode.FLEET;
            case "broker" -> ConfirmMode.BROKER;
            default -> throw new dev.tinykws.monitor.error.MonitorException("--confirm must be fleet or broker, not '" + confirm + "'");
        };
        if (deviceId != null) {
            DeviceIds.require(deviceId, "--device-id");
        }
        MqttCredentials c = MqttCredentials.resolve(username, passwordFile, caFile, System.getenv());
        return new MqttPublisher(broker, c, PublisherConfig.defaults(outbox != null ? outbox : defaultOutbox)
                .withConfirm(mode).withConfirmTimeout(confirmTimeout).withFsync(outboxFsync));
    }
}
