package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesAndIdsTest {
    @Test
    void brokerAddresses() {
        BrokerAddress a = BrokerAddress.parse("mqtt://127.0.0.1:1884/home/kws");
        assertEquals("tcp://127.0.0.1:1884", a.pahoUri());
        assertEquals("home/kws", a.prefix());
        BrokerAddress b = BrokerAddress.parse("mqtts://broker.example");
        assertTrue(b.tls());
        assertEquals(8883, b.port());
        assertEquals("tinykws", b.prefix());
        assertEquals("ssl://broker.example:8883", b.pahoUri());
        assertThrows(MonitorException.class, () -> BrokerAddress.parse("http://x:1/p"));
        assertThrows(MonitorException.class, () -> BrokerAddress.parse("mqtt://x:1/a/+/b"));
        assertThrows(MonitorException.class, () -> BrokerAddress.parse("mqtt://x:1/a/#"));
        MonitorException e = assertThrows(MonitorException.class, () -> BrokerAddress.parse("mqtt://bob:s3cret@x:1/p"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void credentialsNeverShowThePassword() {
        MqttCredentials c = MqttCredentials.resolve(null, null, null,
                Map.of(MqttCredentials.ENV_USERNAME, "bob", MqttCredentials.ENV_PASSWORD, "s3cret"));
        assertEquals("bob", c.username());
        assertEquals("s3cret", new String(c.password()));
        assertFalse(c.toString().contains("s3cret"));
        assertThrows(MonitorException.class, () -> MqttCredentials.resolve(null, null, null, Map.of(MqttCredentials.ENV_PASSWORD, "x")));
    }

    @Test
    void deviceIds() {
        for (String ok : new String[] {"room-1", "sim-yes-no-up-down", "a.b_c", "X"}) {
            assertNull(DeviceIds.problem(ok), ok);
        }
        for (String bad : new String[] {"", "a/b", "a+b", "#", "..", "../etc", "a..b", ".hidden", "a b", "a\u0000", "ü",
                "<img>", "x".repeat(65), "$SYS"}) {
            assertFalse(DeviceIds.valid(bad), bad);
        }
        assertThrows(MonitorException.class, () -> DeviceIds.require("../x", "HELLO"));
        // the fleet's own client id is tinykws-fleet
        assertFalse(DeviceIds.valid("fleet"));
        assertThrows(MonitorException.class, () -> DeviceIds.require("fleet", "--device-id"));
    }

    @Test
    void clientIdsAreUniquePerOutboxAndNeverTheFleets() {
        PublisherConfig c = PublisherConfig.defaults(java.nio.file.Path.of("x"));
        assertEquals("tinykws-room-1-00112233aabbccdd", c.clientId("room-1", "00112233aabbccdd"));
        assertFalse(c.clientId("room-1", "00112233aabbccdd").equals(c.clientId("room-1", "ffeeddccbbaa9988")));
    }

    @Test
    void defaultDeviceIdsAreMadeValid() {
        assertEquals("pi-kitchen-kws-yes-no", DeviceIds.sanitize("pi kitchen-kws-yes-no", "x"));
        assertEquals("-hidden.a.-b", DeviceIds.sanitize(".hidden.a..b", "x"));
        assertEquals("x", DeviceIds.sanitize("", "x"));
        assertEquals(64, DeviceIds.sanitize("h".repeat(100), "x").length());
        assertNull(DeviceIds.problem(DeviceIds.hostName()));
        // the command line's default: HOST-MODEL, so one model on two gateways gives two ids
        assertEquals("pi-4-kws-v1", new PublishingListener(null, null, "pi-4").idFromHello("kws-v1"));
        assertEquals("kws-v1", new PublishingListener(null, null).idFromHello("kws-v1"));
        assertNull(new PublishingListener(null, null).idFromHello("a b"));
    }

    @Test
    void topics() {
        assertEquals(new Topics.Parsed("dev-1", "det"), Topics.parse("tinykws", "tinykws/dev-1/det"));
        assertNull(Topics.parse("tinykws", "tinykws/a/b/det"));
        assertNull(Topics.parse("tinykws", "other/dev-1/det"));
        assertEquals("tinykws-ack/dev-1", Topics.ack("tinykws", "dev-1"));
        assertNull(Topics.parse("tinykws", Topics.ack("tinykws", "dev-1")));
    }
}
