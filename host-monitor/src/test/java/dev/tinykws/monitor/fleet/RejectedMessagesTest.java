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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.tinykws.monitor.fleet.FleetTestSupport.query;
import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message the fleet rejects is answered as rejected and leaves the publisher's outbox (it used to be sent again
 * every confirm timeout, for ever, pinning the outbox); the publisher does not even append what breaks the rules.
 */
@Timeout(60)
class RejectedMessagesTest {
    @TempDir
    Path dir;

    private static Message.Det det(String keyword) {
        return new Message.Det(new Frame("DET", 1, List.of(), ""), 100, keyword, "0.900");
    }

    @Test
    void aRejectedEntryIsDroppedByThePublisherAndTheOutboxDrains() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            String url = broker.url("rej");
            Path db = dir.resolve("fleet.db");
            FleetSubscriber fleet = FleetTestSupport.fleet(url, db);
            assertTrue(waitFor(fleet::connected, 10_000));
            MqttPublisher pub = new MqttPublisher(BrokerAddress.parse(url), MqttCredentials.none(),
                    PublisherConfig.defaults(dir.resolve("outbox")).withConfirm(ConfirmMode.FLEET)
                            .withConfirmTimeout(Duration.ofMillis(500)));
            // checked before the outbox: a keyword with a space, non-ASCII, over 64 characters
            assertEquals(-1, pub.publish("dev-1", det("hey there"), Instant.now()));
            assertEquals(-1, pub.publish("dev-1", det("café"), Instant.now()));
            assertEquals(-1, pub.publish("dev-1", det("k".repeat(65)), Instant.now()));
            assertEquals(3, pub.stats().invalid());
            // one that got into an outbox anyway (e.g. written by an older monitor), then a good one
            String epoch = pub.outbox().epoch();
            long bad = pub.outbox().append("dev-1", "det", false, n -> ("{\"v\":1,\"type\":\"det\",\"device\":\"dev-1\","
                    + "\"outbox\":\"" + epoch + "\",\"n\":" + n + ",\"host_us\":1,\"seq\":1,\"t_ms\":5,"
                    + "\"keyword\":\"a b\",\"score\":\"0.900\"}").getBytes(StandardCharsets.UTF_8));
            long good = pub.publish("dev-1", det("yes"), Instant.now());
            assertTrue(good > bad);
            assertTrue(pub.drain(15_000), "outbox not drained: " + pub.stats());
            assertEquals(1, pub.stats().rejected());
            assertEquals(1, query(db, "SELECT count(*) FROM detections"));
            long resent = pub.stats().resent();
            Thread.sleep(1500); // three confirm timeouts: nothing is sent again
            assertEquals(resent, pub.stats().resent());
            pub.close();
            fleet.close();
        }
    }
}
