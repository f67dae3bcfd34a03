package dev.tinykws.monitor.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.testutil.Mosquitto;
import dev.tinykws.monitor.web.WebBinding;
import dev.tinykws.monitor.web.WebServer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.tinykws.monitor.fleet.FleetTestSupport.query;
import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile input on the broker side is rejected and counted; good input after it is still stored; the web view shows it. */
@Timeout(60)
class FleetBadInputTest {
    @TempDir
    Path dir;

    private static final String GOOD = "{\"v\":1,\"type\":\"det\",\"device\":\"ok-1\",\"outbox\":\"0a\",\"n\":%d,\"host_time\":\"x\","
            + "\"host_us\":1,\"seq\":%d,\"t_ms\":5,\"keyword\":\"yes\",\"score\":\"0.930\"}";

    @Test
    void badInputIsRejectedAndCountedAndGoodInputStillStored() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path db = dir.resolve("fleet.db");
            FleetSubscriber fleet = FleetTestSupport.fleet(broker.url("bad"), db);
            assertTrue(waitFor(fleet::connected, 10_000));
            MqttClient evil = new MqttClient("tcp://127.0.0.1:" + broker.port(), "evil", new MemoryPersistence());
            evil.connect();
            byte[] good1 = String.format(GOOD, 1, 1).getBytes(StandardCharsets.UTF_8);
            evil.publish("bad/ok-1/det", good1, 1, false);
            evil.publish("bad/ok-1/det", good1, 1, false);                                      // duplicate
            evil.publish("bad/ok-1/det", "{not json".getBytes(StandardCharsets.UTF_8), 1, false);  // malformed
            evil.publish("bad/ok-1/det", "[1,2]".getBytes(StandardCharsets.UTF_8), 1, false);      // not an object
            evil.publish("bad/ok-1/det", new byte[2_000_000], 1, false);                          // huge
            evil.publish("bad/ok-1/weird", good1, 1, false);                                      // unknown type
            evil.publish("bad/a/b/det", good1, 1, false);                                         // unknown shape
            evil.publish("bad/../det", good1, 1, false);                                          // device ".."
            evil.publish("bad/..%2F/det", good1, 1, false);                                       // '%'
            evil.publish("bad/ok-2/det", good1, 1, false);                                        // names another device
            evil.publish("bad/ok-1/det", String.format(GOOD, 2, 2).replace("0.930", "93%").getBytes(StandardCharsets.UTF_8), 1, false);
            evil.publish("bad/ok-1/det", String.format(GOOD, 3, 3).replace("\"yes\"", "\"<img src=x onerror=alert(1)>\"")
                    .getBytes(StandardCharsets.UTF_8), 1, false);                                  // space: not a keyword
            for (int i = 0; i < 2000; i++) {                                                     // a flood stays bounded
                evil.publish("bad/ok-1/det", ("{\"junk\":" + i + "}").getBytes(StandardCharsets.UTF_8), 0, false);
            }
            evil.publish("bad/ok-1/det", String.format(GOOD, 4, 4).getBytes(StandardCharsets.UTF_8), 1, false);
            assertTrue(waitFor(() -> fleet.state().storedDetections() == 2 && fleet.state().rejected(Rejection.DEVICE_MISMATCH) >= 2001, 20_000),
                    fleet.state().counters().toString());
            FleetState s = fleet.state();
            assertEquals(2, s.rejected(Rejection.MALFORMED_JSON));
            assertEquals(1, s.rejected(Rejection.TOO_LARGE));
            assertEquals(2, s.rejected(Rejection.UNKNOWN_TOPIC));
            assertEquals(2, s.rejected(Rejection.BAD_DEVICE_ID));
            assertEquals(1 + 2000, s.rejected(Rejection.DEVICE_MISMATCH));   // the flood names no device
            assertEquals(2, s.rejected(Rejection.BAD_FIELD));
            assertEquals(1, s.duplicates());
            assertEquals(2, query(db, "SELECT count(*) FROM detections"));
            assertEquals(1, s.fleet(0).size(), "rejected device ids must not create devices");

            try (WebServer web = WebServer.start(WebBinding.parse("127.0.0.1:0"), 4);
                 FleetWeb view = FleetWeb.attach(web, fleet, "/fleet")) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + web.port();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/fleet")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                JsonNode f = new ObjectMapper().readTree(r.body());
                assertEquals("ok-1", f.path("devices").get(0).path("device").asText());
                assertEquals(2, f.path("devices").get(0).path("detections").asLong());
                assertEquals(2010, f.path("counters").path("rejected_total").asLong());
                r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/fleet/device?id=ok-1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("yes", new ObjectMapper().readTree(r.body()).path("recent").get(0).path("keyword").asText());
                r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/fleet/device?id=..%2Fx")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(400, r.statusCode());
                r = http.send(HttpRequest.newBuilder(URI.create(base + "/fleet")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertTrue(r.body().contains("/static/fleet.js"));
            }
            evil.disconnect();
            evil.close();
            fleet.close();
        }
    }
}
