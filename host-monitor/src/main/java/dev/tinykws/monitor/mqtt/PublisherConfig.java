package dev.tinykws.monitor.mqtt;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of an {@link MqttPublisher}.
 *
 * @param outboxDir      folder of the on-disk outbox
 * @param confirm        when a message leaves the outbox
 * @param confirmTimeout with {@link ConfirmMode#FLEET}: send again when no ack came after this long (doubling per attempt, at most 2 min)
 * @param fsync          fsync the outbox before sending (group commit)
 * @param maxInflight    QoS 1 messages in flight per broker connection
 * @param maxInMemory    outbox entries kept in memory
 * @param clientIdPrefix MQTT client ids are {@code prefix + device id + "-" + outbox epoch} ({@link #clientId})
 */
public record PublisherConfig(Path outboxDir, ConfirmMode confirm, Duration confirmTimeout, boolean fsync, int maxInflight,
                              int maxInMemory, String clientIdPrefix) {

    public static PublisherConfig defaults(Path outboxDir) {
        return new PublisherConfig(outboxDir, ConfirmMode.FLEET, Duration.ofSeconds(10), true, 1000, 100_000, "tinykws-");
    }

    /**
     * The MQTT client id of {@code device}'s connection: unique per outbox, so two gateways that publish the same
     * device id (say, two devices flashed with one model) do not make the broker drop each other's connection,
     * and never the fleet's {@code tinykws-fleet}.
     */
    public String clientId(String device, String epoch) {
        return clientIdPrefix + device + "-" + epoch;
    }

    public PublisherConfig withConfirm(ConfirmMode m) {
        return new PublisherConfig(outboxDir, m, confirmTimeout, fsync, maxInflight, maxInMemory, clientIdPrefix);
    }

    public PublisherConfig withConfirmTimeout(Duration d) {
        return new PublisherConfig(outboxDir, confirm, d, fsync, maxInflight, maxInMemory, clientIdPrefix);
    }

    public PublisherConfig withFsync(boolean b) {
        return new PublisherConfig(outboxDir, confirm, confirmTimeout, b, maxInflight, maxInMemory, clientIdPrefix);
    }

    public PublisherConfig withMaxInMemory(int n) {
        return new PublisherConfig(outboxDir, confirm, confirmTimeout, fsync, maxInflight, n, clientIdPrefix);
    }
}
