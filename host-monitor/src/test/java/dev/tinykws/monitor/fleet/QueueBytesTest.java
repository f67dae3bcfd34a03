package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.mqtt.BrokerAddress;
import dev.tinykws.monitor.mqtt.MqttCredentials;
import dev.tinykws.monitor.mqtt.Payloads;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tinykws.monitor.fleet.FleetTestSupport.query;
import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue between the MQTT client and the database writer is bounded in bytes too: 10,000 clips of up to 1 MiB
 * each used to fit into the message bound. No broker: messages are handed to the subscriber's callback directly,
 * with the writer stopped and then started.
 */
@Timeout(60)
class QueueBytesTest {
    @TempDir
    Path dir;

    @Test
    void clipsBeyondTheByteBudgetWaitForTheWriter() throws Exception {
        int budget = 1 << 20;
        FleetSubscriber fleet = new FleetSubscriber(BrokerAddress.parse("mqtt://127.0.0.1:1/q"), MqttCredentials.none(),
                FleetConfig.defaults(dir.resolve("f.db")).withQueueBytes(budget));
        byte[][] clips = new byte[6][];
        for (int i = 0; i < clips.length; i++) {
            clips[i] = Payloads.clip("d1", "aa", i + 1, Instant.now(), i, new short[100_000], "recording", null);
        }
        int perClip = clips[0].length;
        AtomicInteger handed = new AtomicInteger();
        Thread mqtt = new Thread(() -> {
            try {
                for (byte[] c : clips) {
                    MqttMessage m = new MqttMessage(c);
                    m.setQos(1);
                    fleet.messageArrived("q/d1/clip", m);
                    handed.incrementAndGet();
                }
            } catch (InterruptedException ignored) {
                // end of test
            }
        });
        mqtt.start();
        Thread.sleep(1000);
        assertEquals(budget / perClip, handed.get(), "clips queued beyond the byte budget");
        assertTrue(fleet.queuedBytes() <= budget);
        fleet.start(); // the writer drains; the rest follows
        assertTrue(waitFor(() -> handed.get() == clips.length, 20_000));
        mqtt.join(5_000);
        assertTrue(waitFor(() -> {
            try {
                return query(dir.resolve("f.db"), "SELECT count(*) FROM clips") == clips.length;
            } catch (Exception e) {
                return false;
            }
        }, 20_000));
        fleet.kill();
    }
}
