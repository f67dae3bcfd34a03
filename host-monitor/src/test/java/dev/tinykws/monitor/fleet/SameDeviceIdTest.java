package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.ConfirmMode;
import dev.tinykws.monitor.mqtt.MqttCredentials;
import dev.tinykws.monitor.mqtt.MqttPublisher;
import dev.tinykws.monitor.mqtt.PublisherConfig;
import dev.tinykws.monitor.protocol.Frame;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.testutil.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.tinykws.monitor.fleet.FleetTestSupport.query;
import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways publishing the same device id (two devices flashed with one model) used to share the MQTT client
 * id, so the broker dropped one connection whenever the other connected: both flapped for ever.
 */
@Timeout(60)
class SameDeviceIdTest {
    @TempDir
    Path dir;

    @Test
    void twoGatewaysWithOneDeviceIdDoNotKickEachOtherOff() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            String url = broker.url("same");
            Path db = dir.resolve("fleet.db");
            FleetSubscriber fleet = FleetTestSupport.fleet(url, db);
            assertTrue(waitFor(fleet::connected, 10_000));
            MqttPublisher a = publisher(url, dir.resolve("outbox-a"));
            MqttPublisher b = publisher(url, dir.resolve("outbox-b"));
            for (int i = 0; i < 20; i++) {
                a.publish("kws-v1", det(i), Instant.now());
                b.publish("kws-v1", det(i), Instant.now());
            }
            assertTrue(a.drain(20_000), "a: " + a.stats());
            assertTrue(b.drain(20_000), "b: " + b.stats());
            Thread.sleep(1000);
            assertEquals(0, a.stats().linkDowns(), "a was disconnected: " + a.stats());
            assertEquals(0, b.stats().linkDowns(), "b was disconnected: " + b.stats());
            assertEquals(40, query(db, "SELECT count(*) FROM detections WHERE device='kws-v1'"));
            a.close();
            b.close();
            fleet.close();
        }
    }

    private static MqttPublisher publisher(String url, Path outbox) {
        return new MqttPublisher(BrokerAddress.parse(url), MqttCredentials.none(),
                PublisherConfig.defaults(outbox).withConfirm(ConfirmMode.FLEET).withConfirmTimeout(Duration.ofSeconds(1)));
    }

    private static Message.Det det(int i) {
        return new Message.Det(new Frame("DET", i, List.of(), ""), i * 10L, "yes", "0.900");
    }
}
