package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.review.ReviewClip;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.sim.DeviceSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard over plain HTTP: safety rules, input validation, actions reaching the device and the stores. */
class DashboardHttpTest {
    static final List<String> LABELS = List.of("_silence_", "_unknown_", "yes", "no");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void stateAndPageAreServedWithAStrictContentSecurityPolicy() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            HttpResponse<String> page = f.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"/static/dashboard.js\""), page.body());
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
            JsonNode st = JSON.readTree(f.get("/api/state").body());
            assertEquals("sim-web", st.path("hello").path("model").asText());
            assertEquals("0.700", st.path("threshold").asText());
            assertEquals(false, st.path("meta").path("token_required").asBoolean());
            assertEquals(200, f.get("/static/dashboard.js").statusCode());
            assertTrue(f.get("/static/dashboard.js").headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
            assertEquals(404, f.get("/static/nope.js").statusCode());
            assertEquals(400, f.get("/static/..%2f..%2fpom.xml").statusCode()); // ".." refused before routing
            assertEquals(404, f.get("/nothing-here").statusCode());
            assertEquals(405, f.get("/api/threshold").statusCode());
        }
    }

    @Test
    void thresholdReachesTheDeviceAndBadValuesAreRefusedWith400() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            DeviceSimulator dev = f.device();
            for (String bad : List.of("{\"value\":1.5}", "{\"value\":-0.1}", "{\"value\":\"abc\"}", "{}",
                    "{\"value\":null}", "not json", "[0.5]", "{\"value\":\"NaN\"}", "{\"value\":1e400}")) {
                HttpResponse<String> r = f.post("/api/threshold", bad);
                assertEquals(400, r.statusCode(), bad + " -> " + r.body());
                assertTrue(JSON.readTree(r.body()).path("error").asText().length() > 5, r.body());
            }
            assertEquals("0.700", dev.threshold());
            HttpResponse<String> ok = f.post("/api/threshold", "{\"value\":0.85}");
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("0.850", JSON.readTree(ok.body()).path("value").asText());
            assertEquals("0.850", dev.threshold());
            assertEquals("0.850", JSON.readTree(f.get("/api/state").body()).path("threshold").asText());
        }
    }

    @Test
    void requestsFromOtherSitesAndOtherHostNamesAreRefused() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            assertEquals(415, f.post("/api/threshold", "{\"value\":0.5}", "Content-Type", "text/plain").statusCode());
            assertEquals(403, f.post("/api/threshold", "{\"value\":0.5}", "Content-Type", "application/json",
                    "Origin", "http://evil.example").statusCode());
            assertEquals(413, f.post("/api/threshold", "{\"value\":0.5,\"pad\":\"" + "x".repeat(20_000) + "\"}").statusCode());
            assertEquals("0.700", f.device().threshold());
            // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example
            try (Socket s = new Socket("127.0.0.1", f.dashboard.server().port())) {
                OutputStream o = s.getOutputStream();
                o.write("GET /api/state HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                o.flush();
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertTrue(status.contains(" 403"), status);
            }
            assertEquals(200, f.get("/api/state").statusCode()); // 127.0.0.1 itself is fine
        }
    }

    @Test
    void boundBeyondLoopbackActionsNeedTheTokenPrintedAtStartUp() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "0.0.0.0:0", LABELS).ready()) {
            String token = f.dashboard.server().token();
            assertNotNull(token);
            assertTrue(token.length() >= 20, token);
            assertTrue(f.dashboard.server().url().toString().endsWith("#token=" + token), f.dashboard.server().url().toString());
            assertTrue(JSON.readTree(f.get("/api/state").body()).path("meta").path("token_required").asBoolean());
            assertEquals(403, f.post("/api/threshold", "{\"value\":0.5}").statusCode());
            assertEquals(403, f.post("/api/threshold", "{\"value\":0.5}", "Content-Type", "application/json",
                    WebServer.TOKEN_HEADER, token + "x").statusCode());
            assertEquals(403, f.post("/api/review/label", "{\"id\":\"1-1\",\"label\":\"yes\"}").statusCode());
            assertEquals("0.700", f.device().threshold());
            HttpResponse<String> ok = f.post("/api/threshold", "{\"value\":0.5}", "Content-Type", "application/json",
                    WebServer.TOKEN_HEADER, token);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("0.500", f.device().threshold());
        }
        try (DashboardFixture f = new DashboardFixture(dir.resolve("local"), "127.0.0.1:0", LABELS).ready()) {
            assertNull(f.dashboard.server().token());
        }
    }

    @Test
    void recordingWritesClipsIntoTheDatasetAndValidatesItsInputs() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            for (String bad : List.of("{\"keyword\":\"maybe\",\"count\":1}", "{\"keyword\":\"yes\",\"count\":0}",
                    "{\"keyword\":\"yes\",\"count\":101}", "{\"keyword\":\"yes\",\"count\":2.5}",
                    "{\"keyword\":\"yes\",\"count\":1,\"ms\":50}", "{\"keyword\":\"yes\",\"count\":1,\"speaker\":\"../x\"}",
                    "{\"keyword\":\"../yes\",\"count\":1}")) {
                HttpResponse<String> r = f.post("/api/record", bad);
                assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            }
            HttpResponse<String> r = f.post("/api/record", "{\"keyword\":\"yes\",\"count\":2,\"ms\":200,\"speaker\":\"anna\"}");
            assertEquals(202, r.statusCode(), r.body());
            Path clip0 = dir.resolve("dataset/yes/anna_nohash_0.wav");
            Path clip1 = dir.resolve("dataset/yes/anna_nohash_1.wav");
            DashboardFixture.await(() -> Files.exists(clip1), 20_000, "two recorded clips");
            short[] s = WavFiles.readPcm16Mono(clip0);
            assertEquals(3200, s.length);
            for (int i = 0; i < s.length; i++) {
                assertEquals(DeviceSimulator.toneSample(i), s[i], "sample " + i);
            }
            DashboardFixture.await(() -> {
                try {
                    return JSON.readTree(f.get("/api/state").body()).path("recording").path("state").asText().equals("done");
                } catch (Exception e) {
                    return false;
                }
            }, 10_000, "recording done");
        }
    }

    @Test
    void detectionAudioLandsInTheReviewQueueAndLabelsLandInItsIndex() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            DeviceSimulator dev = f.device();
            dev.det(1000, "yes", "0.912");
            dev.detectionAudio(16000);
            dev.near(2000, "no", "0.555");
            dev.detectionAudio(8000);
            ReviewQueue q = f.dashboard.reviewQueue();
            DashboardFixture.await(() -> q.all().size() == 2, 10_000, "two review clips");
            JsonNode list = JSON.readTree(f.get("/api/review").body());
            assertEquals(2, list.path("pending_count").asInt());
            JsonNode near = list.path("pending").get(0);
            JsonNode det = list.path("pending").get(1);
            assertEquals("near", near.path("kind").asText());
            assertEquals("0.555", near.path("score").asText());
            assertEquals("yes", det.path("keyword").asText());
            assertEquals(1000, det.path("t_ms").asLong());
            HttpResponse<byte[]> wav = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(f.base() + det.path("audio").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, wav.statusCode());
            assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElseThrow());
            assertArrayEquals(Files.readAllBytes(q.wavPath(det.path("id").asText())), wav.body());
            assertEquals(400, f.get("/api/review/clip/..%2F..%2Fdetections.jsonl").statusCode());
            assertEquals(404, f.get("/api/review/clip/123-4.wav").statusCode());

            String id = det.path("id").asText();
            assertEquals(400, f.post("/api/review/label", "{\"id\":\"" + id + "\",\"label\":\"maybe\"}").statusCode());
            assertEquals(400, f.post("/api/review/label", "{\"id\":\"../x\",\"label\":\"yes\"}").statusCode());
            assertEquals(404, f.post("/api/review/label", "{\"id\":\"1-1\",\"label\":\"yes\"}").statusCode());
            HttpResponse<String> ok = f.post("/api/review/label", "{\"id\":\"" + id + "\",\"label\":\"_unknown_\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            ReviewClip back = ReviewQueue.open(dir.resolve("review")).get(id).orElseThrow();
            assertEquals("_unknown_", back.label().label());
            assertEquals("web", back.label().by());
            assertTrue(Files.readString(dir.resolve("review/index.jsonl")).contains("\"type\":\"label\",\"id\":\"" + id
                    + "\",\"label\":\"_unknown_\",\"by\":\"web\""));
            assertEquals(1, JSON.readTree(f.get("/api/review").body()).path("pending_count").asInt());
        }
    }

    @Test
    void eventsStreamCarriesDetectionsAsTheyArrive() throws Exception {
        try (DashboardFixture f = new DashboardFixture(dir, "127.0.0.1:0", LABELS).ready()) {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpClient c = HttpClient.newHttpClient();
            c.sendAsync(HttpRequest.newBuilder(URI.create(f.base() + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
                        try (Stream<String> s = r.body()) {
                            s.forEach(lines::add);
                        }
                    });
            DashboardFixture.await(() -> f.dashboard.events().clients() == 1, 5000, "the stream to open");
            f.device().det(4242, "no", "0.777");
            DashboardFixture.await(() -> lines.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"t_ms\":4242")),
                    5000, "the det event");
            int i = lines.indexOf(lines.stream().filter(l -> l.contains("\"t_ms\":4242")).findFirst().orElseThrow());
            assertEquals("event: det", lines.get(i - 1));
            JsonNode ev = JSON.readTree(lines.get(i).substring(6));
            assertEquals("no", ev.path("keyword").asText());
            assertEquals("0.777", ev.path("score").asText());
        }
    }

    @Test
    void bindingSpecsAreParsedAndBadOnesExplained() {
        assertEquals(new WebBinding("127.0.0.1", 8080), WebBinding.parse("8080"));
        assertEquals(new WebBinding("0.0.0.0", 8080), WebBinding.parse("0.0.0.0:8080"));
        assertEquals(new WebBinding("::1", 9000), WebBinding.parse("[::1]:9000"));
        assertTrue(WebBinding.parse("8080").loopback());
        assertTrue(WebBinding.parse("localhost:1").loopback());
        for (String bad : List.of("", "http", ":80", "1.2.3.4:99999", "80a")) {
            try {
                WebBinding.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (dev.tinykws.monitor.error.MonitorException e) {
                assertTrue(e.getMessage().contains("--web"), e.getMessage());
            }
        }
    }
}
