package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.MonitorSession;
import dev.tinykws.monitor.device.DatasetRecorder;
import dev.tinykws.monitor.device.DeviceClient;
import dev.tinykws.monitor.device.SafeNames;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.review.ReviewClip;
import dev.tinykws.monitor.review.ReviewQueue;
import dev.tinykws.monitor.review.ReviewRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard of a {@link MonitorSession} ({@code tinykws monitor --web [HOST:]PORT}): one page with
 * the timeline, counts, score histogram, health and HELLO facts, updated by Server-Sent Events, and the
 * actions threshold / record / review, which use the same code as {@code monitor threshold},
 * {@code monitor record} and the review queue. Routes:
 * <pre>
 * GET  /                         the dashboard page (static files under /static/)
 * GET  /api/state                everything, for a page that (re)connects
 * GET  /api/events               Server-Sent Events: det, near, hello, stat, tick (1/s), threshold, rec, review, label, link
 * POST /api/threshold            {"value": 0.85}
 * POST /api/record               {"keyword": "yes", "count": 5, "ms": 1000, "speaker": "me"}
 * GET  /api/review?limit=50      pending clips (newest first) and the latest labelled ones
 * GET  /api/review/clip/ID.wav   a clip's audio
 * POST /api/review/label         {"id": "...", "label": "yes"}
 * </pre>
 * Another feature adds a page with {@code server().page(...)} and its API with {@code server().route(...)};
 * it can push live data to open pages with {@code events().publish(...)}.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    public static final int MAX_RECORD_CLIPS = 100;
    public static final int MAX_EVENT_CLIENTS = 16;

    /**
     * @param binding  where to listen
     * @param reviewDir review queue folder ({@code OUT/review})
     * @param recordTo dataset root for recordings started from the page
     */
    public record Options(WebBinding binding, Path reviewDir, Path recordTo) {
    }

    private final MonitorSession session;
    private final Options options;
    private final WebServer server;
    private final EventHub hub = new EventHub(MAX_EVENT_CLIENTS);
    private final DashboardState state;
    private final SessionLink link;
    private final ReviewQueue review;
    private final ReviewRecorder reviewRecorder;
    private final Object deviceLock = new Object();
    private final ScheduledExecutorService ticker;
    private volatile Thread recording;
    private volatile ObjectNode recordingStatus;
    private volatile long lastInfoNanos;

    private Dashboard(MonitorSession session, Options options, WebServer server) {
        this.session = session;
        this.options = options;
        this.server = server;
        this.state = new DashboardState(hub, () -> session.stats().snapshot(Instant.now(), false));
        this.link = new SessionLink(session);
        this.review = ReviewQueue.open(options.reviewDir());
        this.reviewRecorder = new ReviewRecorder(review, () -> session.stats().device(), this::clipAdded);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web-tick");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the server and attaches the dashboard (and the review recorder) to {@code session}; call
     * before {@link MonitorSession#run()}.
     */
    public static Dashboard start(MonitorSession session, Options options) {
        WebServer server = WebServer.start(options.binding(), MAX_EVENT_CLIENTS + 8);
        Dashboard d;
        try {
            d = new Dashboard(session, options, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        session.addListener(d.state).addListener(d.link).addListener(d.reviewRecorder);
        d.routes();
        d.ticker.scheduleAtFixedRate(d::tick, 1, 1, TimeUnit.SECONDS);
        return d;
    }

    public WebServer server() {
        return server;
    }

    public EventHub events() {
        return hub;
    }

    public ReviewQueue reviewQueue() {
        return review;
    }

    DashboardState stateForTests() {
        return state;
    }

    private void routes() {
        byte[] icon = WebServer.resource("favicon.svg");
        server.page("Device", "/", "index.html")
                .route("GET", "/favicon.ico", WebServer.Access.READ, r -> WebResponse.bytes("image/svg+xml", icon))
                .stream("/api/events", hub)
                .route("GET", "/api/state", WebServer.Access.READ, r -> WebResponse.ok(fullState()))
                .route("POST", "/api/threshold", WebServer.Access.CHANGE, this::setThreshold)
                .route("POST", "/api/record", WebServer.Access.CHANGE, this::startRecording)
                .route("GET", "/api/review", WebServer.Access.READ, this::listReview)
                .route("GET", "/api/review/clip/", WebServer.Access.READ, this::clipAudio)
                .route("POST", "/api/review/label", WebServer.Access.CHANGE, this::labelClip);
    }

    private ObjectNode fullState() {
        ObjectNode n = state.snapshot();
        ObjectNode meta = n.putObject("meta").put("token_required", server.token() != null)
                .put("review_dir", options.reviewDir().toString()).put("record_to", options.recordTo().toString());
        meta.set("pages", server.pagesJson());
        n.put("review_pending", review.pendingCount());
        n.set("recording", recordingStatus);
        return n;
    }

    private void tick() {
        try {
            if (hub.clients() > 0) {
                ObjectNode t = state.aggregates();
                t.put("review_pending", review.pendingCount());
                hub.publish("tick", t);
            }
            // a monitor started after the device's HELLO asks for it once in a while (labels, threshold)
            if (state.hello() == null && System.nanoTime() - lastInfoNanos > 10_000_000_000L
                    && session.stats().snapshot(Instant.now(), false).connects() > 0) {
                lastInfoNanos = System.nanoTime();
                try {
                    session.send("INFO");
                } catch (MonitorException e) {
                    LOG.debug("INFO not sent: {}", e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard tick failed: {}", e.toString());
        }
    }

    // ---- actions ------------------------------------------------------------------------------------

    /** Validates a threshold from the page: a number (or numeric string) in 0..1. */
    static double parseThreshold(JsonNode v) {
        double d;
        if (v != null && v.isNumber()) {
            d = v.asDouble();
        } else if (v != null && v.isTextual() && v.asText().matches("\\s*\\d{1,3}(\\.\\d{1,6})?\\s*")) {
            d = Double.parseDouble(v.asText().trim());
        } else {
            throw new MonitorException("threshold must be a number from 0 to 1, e.g. {\"value\": 0.85}");
        }
        if (!(d >= 0 && d <= 1)) {
            throw new MonitorException("threshold " + v + " is outside 0..1");
        }
        return d;
    }

    private WebResponse setThreshold(WebRequest r) {
        double value = parseThreshold(r.json().get("value"));
        if (recording != null) {
            return WebResponse.error(409, "a recording is running; set the threshold when it is done");
        }
        String text = String.format(Locale.ROOT, "%.3f", value);
        synchronized (deviceLock) {
            try (DeviceClient client = new DeviceClient(link.open(), session.transport().name())) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        client.setThreshold(value, Duration.ofSeconds(3));
                        break;
                    } catch (MonitorException e) {
                        if (attempt >= 2 || !e.getMessage().startsWith("no ACK")) {
                            return WebResponse.error(502, e.getMessage());
                        }
                        LOG.warn("{}; retrying", e.getMessage());
                    }
                }
            } catch (IllegalStateException e) {
                return WebResponse.error(409, e.getMessage());
            }
        }
        state.thresholdSet(text);
        return WebResponse.ok(WebResponse.JSON.createObjectNode().put("value", text));
    }

    private WebResponse startRecording(WebRequest r) {
        JsonNode j = r.json();
        Message.Hello hello = state.hello();
        if (hello == null) {
            return WebResponse.error(409, "the device has not said HELLO yet, so its labels are unknown; wait a moment");
        }
        String keyword = j.path("keyword").asText("");
        if (!hello.labels().contains(keyword)) {
            throw new MonitorException("keyword '" + keyword + "' is not a label of the device " + hello.labels());
        }
        if (SafeNames.sanitize(keyword, null) == null || !keyword.equals(SafeNames.sanitize(keyword, null))) {
            throw new MonitorException("keyword '" + keyword + "' cannot be a dataset folder name ([A-Za-z0-9_-])");
        }
        int count = intIn(j, "count", 1, MAX_RECORD_CLIPS, 10);
        int ms = intIn(j, "ms", 100, 10_000, 1000);
        String speaker = j.hasNonNull("speaker") && !j.get("speaker").asText().isEmpty() ? j.get("speaker").asText()
                : hello.modelId();
        if (!ReviewQueue.LABEL.matcher(speaker).matches() || speaker.contains("_nohash_")) {
            throw new MonitorException("speaker '" + speaker + "' must be [A-Za-z0-9_-], at most 64 characters");
        }
        synchronized (this) {
            if (recording != null) {
                return WebResponse.error(409, "a recording is already running");
            }
            DatasetRecorder.Options o = new DatasetRecorder.Options(options.recordTo(), keyword, speaker, count, ms,
                    Duration.ofMillis(700), Math.max(3, count));
            Thread t = new Thread(() -> record(o), "web-record");
            t.setDaemon(true);
            recording = t;
            recStatus("started", "recording " + count + " clip(s) of '" + keyword + "' into " + options.recordTo(), List.of());
            t.start();
        }
        ObjectNode ok = WebResponse.JSON.createObjectNode().put("keyword", keyword).put("count", count).put("ms", ms)
                .put("speaker", speaker).put("dataset", options.recordTo().toString());
        return WebResponse.json(202, ok);
    }

    private void record(DatasetRecorder.Options o) {
        try {
            List<Path> files;
            synchronized (deviceLock) {
                try (DeviceClient client = new DeviceClient(link.open(), session.transport().name())) {
                    files = DatasetRecorder.record(client, o, msg -> recStatus("prompt", msg, List.of()));
                }
            }
            recStatus("done", "saved " + files.size() + " clip(s) in " + o.dataset().resolve(o.keyword()),
                    files.stream().map(Path::toString).toList());
        } catch (MonitorException | IllegalStateException e) {
            recStatus("failed", e.getMessage(), List.of());
        } finally {
            recording = null;
        }
    }

    private void recStatus(String stateName, String message, List<String> files) {
        ObjectNode n = WebResponse.JSON.createObjectNode().put("state", stateName).put("message", message)
                .put("at", Instant.now().toString());
        ArrayNode f = n.putArray("files");
        files.forEach(f::add);
        recordingStatus = n;
        hub.publish("rec", n);
    }

    private static int intIn(JsonNode j, String field, int min, int max, int dflt) {
        JsonNode v = j.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new MonitorException(field + " must be a whole number from " + min + " to " + max + ", not " + v);
        }
        return v.asInt();
    }

    // ---- review -------------------------------------------------------------------------------------

    private void clipAdded(ReviewClip c) {
        hub.publish("review", clipJson(c));
    }

    static ObjectNode clipJson(ReviewClip c) {
        ObjectNode n = WebResponse.JSON.createObjectNode().put("id", c.id()).put("host_time", c.hostTime().toString())
                .put("device", c.device()).put("t_ms", c.tMs()).put("keyword", c.keyword()).put("score", c.score())
                .put("kind", c.kind()).put("samples", c.samples()).put("audio", "/api/review/clip/" + c.id() + ".wav");
        if (c.label() != null) {
            n.putObject("label").put("label", c.label().label()).put("by", c.label().by())
                    .put("at", c.label().at().toString());
        } else {
            n.putNull("label");
        }
        return n;
    }

    private WebResponse listReview(WebRequest r) {
        String lim = r.query().getOrDefault("limit", "50");
        if (!lim.matches("\\d{1,4}") || Integer.parseInt(lim) < 1 || Integer.parseInt(lim) > 1000) {
            throw new MonitorException("limit must be 1..1000");
        }
        int limit = Integer.parseInt(lim);
        ObjectNode n = WebResponse.JSON.createObjectNode().put("pending_count", review.pendingCount())
                .put("dir", review.dir().toString());
        ArrayNode p = n.putArray("pending");
        review.pending(limit).forEach(c -> p.add(clipJson(c)));
        ArrayNode done = n.putArray("labelled");
        List<ReviewClip> all = review.all();
        List<ReviewClip> labelled = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && labelled.size() < 20; i--) {
            if (!all.get(i).pending()) {
                labelled.add(all.get(i));
            }
        }
        labelled.forEach(c -> done.add(clipJson(c)));
        ArrayNode labels = n.putArray("labels");
        allowedLabels(null).forEach(labels::add);
        return WebResponse.ok(n);
    }

    private WebResponse clipAudio(WebRequest r) throws IOException {
        String tail = r.tail();
        if (!tail.endsWith(".wav") || !ReviewQueue.ID.matcher(tail.substring(0, tail.length() - 4)).matches()) {
            return WebResponse.error(404, "no such clip");
        }
        String id = tail.substring(0, tail.length() - 4);
        Path f = review.wavPath(id);
        if (review.get(id).isEmpty() || !Files.isRegularFile(f)) {
            return WebResponse.error(404, "no clip " + id + " in the review queue");
        }
        return WebResponse.bytes("audio/wav", Files.readAllBytes(f));
    }

    /** The labels a reviewer may give: the device's labels, {@code _unknown_}, and the clip's own keyword. */
    private Set<String> allowedLabels(ReviewClip clip) {
        Set<String> s = new LinkedHashSet<>(state.labels());
        s.add("_unknown_");
        if (clip != null) {
            s.add(clip.keyword());
        }
        s.removeIf(l -> !ReviewQueue.LABEL.matcher(l).matches());
        return s;
    }

    private WebResponse labelClip(WebRequest r) {
        JsonNode j = r.json();
        String id = j.path("id").asText("");
        if (!ReviewQueue.ID.matcher(id).matches()) {
            throw new MonitorException("'" + id + "' is not a review clip id");
        }
        ReviewClip clip = review.get(id).orElse(null);
        if (clip == null) {
            return WebResponse.error(404, "no clip " + id + " in the review queue");
        }
        String label = j.path("label").asText("");
        Set<String> allowed = allowedLabels(clip);
        if (!allowed.contains(label)) {
            throw new MonitorException("label '" + label + "' is not one of " + allowed);
        }
        review.label(id, label, "web", Instant.now());
        ObjectNode n = clipJson(review.get(id).orElseThrow());
        hub.publish("label", n);
        return WebResponse.ok(n);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        Thread t = recording;
        if (t != null) {
            t.interrupt();
        }
        hub.close();
        server.close();
    }
}
