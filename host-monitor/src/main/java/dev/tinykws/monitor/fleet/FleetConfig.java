package dev.tinykws.monitor.fleet;

import java.nio.file.Path;

/**
 * Options of a {@link FleetSubscriber}.
 *
 * @param db             SQLite file
 * @param clientId       MQTT client id; the broker keeps this id's session (subscription and queued messages) while it is away
 * @param maxPayload     largest HELLO/DET/STAT/status payload accepted (bytes)
 * @param maxClipPayload largest clip payload accepted (bytes)
 * @param maxDevices     devices kept; messages of further new devices are rejected
 * @param queue          messages between the MQTT client and the database writer (bounds memory; back-pressure beyond)
 * @param batch          most messages per database transaction
 * @param maxInflight    QoS 1 acks in flight of the fleet's own publications
 * @param queueBytes     payload bytes between the MQTT client and the writer (a clip is up to 1 MiB; back-pressure beyond)
 */
public record FleetConfig(Path db, String clientId, int maxPayload, int maxClipPayload, int maxDevices, int queue, int batch,
                          int maxInflight, int queueBytes) {
    public static final int DEFAULT_QUEUE_BYTES = 64 << 20;

    public static FleetConfig defaults(Path db) {
        return new FleetConfig(db, "tinykws-fleet", 16 * 1024, 1024 * 1024, 10_000, 10_000, 1000, 1000, DEFAULT_QUEUE_BYTES);
    }

    public FleetConfig withQueueBytes(int bytes) {
        return new FleetConfig(db, clientId, maxPayload, maxClipPayload, maxDevices, queue, batch, maxInflight, bytes);
    }

    public FleetConfig withClientId(String id) {
        return new FleetConfig(db, id, maxPayload, maxClipPayload, maxDevices, queue, batch, maxInflight, queueBytes);
    }

    public FleetConfig withMaxDevices(int n) {
        return new FleetConfig(db, clientId, maxPayload, maxClipPayload, n, queue, batch, maxInflight, queueBytes);
    }
}
