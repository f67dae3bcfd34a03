package dev.tinykws.monitor.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.DecoderStats;
import dev.tinykws.monitor.protocol.Message;
import dev.tinykws.monitor.stats.MonitorSummary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the dashboard shows, kept up to date from the session's messages, in bounded memory: the last
 * {@value #TIMELINE} detections and near-misses, counts per keyword (at most {@value #MAX_KEYWORDS}
 * keywords, the rest as {@value #OTHER}), counts per UTC hour for the last {@value #HOURS} hours, score
 * histograms (20 bins), the HELLO facts and the last STAT. Each message is also published to the pages.
 */
final class DashboardState implements MonitorListener {
    static final int TIMELINE = 500;
    static final int MAX_KEYWORDS = 64;
    static final int HOURS = 48;
    static final int BINS = 20;
    static final String OTHER = "(other)";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH':00Z'")
            .withZone(ZoneOffset.UTC);

    private final EventHub hub;
    private final Supplier<MonitorSummary> lines;
    private final ArrayDeque<ObjectNode> timeline = new ArrayDeque<>();
    private final Map<String, long[]> counts = new TreeMap<>();
    private final TreeMap<String, Map<String, Long>> hours = new TreeMap<>();
    private final long[] detHistogram = new long[BINS];
    private final long[] nearHistogram = new long[BINS];
    private Message.Hello hello;
    private String threshold;
    private Message.Stat stat;
    private long maxInferUs;
    private Instant statAt;
    private boolean connected;
    private long dropped;

    DashboardState(EventHub hub, Supplier<MonitorSummary> lines) {
        this.hub = hub;
        this.lines = lines;
    }

    @Override
    public void onDetection(DetectionEvent e, long receivedNanos) {
        ObjectNode ev = event("det", e.hostTime(), e.tMs(), e.keyword(), e.score(), e.seq());
        ev.put("device", e.device());
        add(ev, "det", e.keyword(), e.scoreValue(), e.hostTime(), detHistogram);
        hub.publish("det", ev);
    }

    @Override
    public void onMessage(Message m) {
        if (m instanceof Message.Near n) {
            Instant now = Instant.now();
            ObjectNode ev = event("near", now, n.tMs(), n.keyword(), n.score(), n.frame().seq());
            add(ev, "near", n.keyword(), n.scoreValue(), now, nearHistogram);
            hub.publish("near", ev);
        } else if (m instanceof Message.Hello h) {
            synchronized (this) {
                hello = h;
                threshold = h.threshold();
            }
            hub.publish("hello", helloJson(h));
        } else if (m instanceof Message.Stat s) {
            ObjectNode j;
            synchronized (this) {
                stat = s;
                statAt = Instant.now();
                maxInferUs = Math.max(maxInferUs, s.inferUs());
                j = healthJson();
            }
            hub.publish("stat", j);
        } else if (m instanceof Message.Err e) {
            hub.publish("device_error", WebResponse.JSON.createObjectNode().put("code", e.code()).put("message", e.message()));
        }
    }

    @Override
    public synchronized void onDropped(DecodeEvent.Dropped d) {
        dropped++;
    }

    @Override
    public void onConnected(String port) {
        synchronized (this) {
            connected = true;
        }
        hub.publish("link", WebResponse.JSON.createObjectNode().put("connected", true).put("port", port));
    }

    @Override
    public void onDisconnected(String port, String reason) {
        synchronized (this) {
            connected = false;
        }
        hub.publish("link", WebResponse.JSON.createObjectNode().put("connected", false).put("port", port)
                .put("reason", reason));
    }

    /** The device accepted a new threshold. */
    void thresholdSet(String value) {
        synchronized (this) {
            threshold = value;
        }
        hub.publish("threshold", WebResponse.JSON.createObjectNode().put("value", value));
    }

    synchronized Message.Hello hello() {
        return hello;
    }

    private static ObjectNode event(String kind, Instant at, long tMs, String keyword, String score, int seq) {
        Instant now = Instant.now();
        return WebResponse.JSON.createObjectNode().put("kind", kind).put("host_time", at.toString())
                .put("sent_us", now.getEpochSecond() * 1_000_000L + now.getNano() / 1000)
                .put("t_ms", tMs).put("keyword", keyword).put("score", score).put("seq", seq);
    }

    private synchronized void add(ObjectNode ev, String kind, String keyword, double score, Instant at, long[] hist) {
        timeline.addLast(ev);
        if (timeline.size() > TIMELINE) {
            timeline.removeFirst();
        }
        String k = counts.containsKey(keyword) || counts.size() < MAX_KEYWORDS ? keyword : OTHER;
        counts.computeIfAbsent(k, x -> new long[2])[kind.equals("det") ? 0 : 1]++;
        if (kind.equals("det")) {
            hours.computeIfAbsent(HOUR.format(at), x -> new TreeMap<>()).merge(k, 1L, Long::sum);
            while (hours.size() > HOURS) {
                hours.pollFirstEntry();
            }
        }
        hist[Math.max(0, Math.min(BINS - 1, (int) (score * BINS)))]++;
    }

    private static ObjectNode helloJson(Message.Hello h) {
        ObjectNode n = WebResponse.JSON.createObjectNode().put("firmware", h.firmwareVersion()).put("model", h.modelId())
                .put("frontend", h.frontendHash()).put("sample_rate", h.sampleRate()).put("threshold", h.threshold());
        ArrayNode labels = n.putArray("labels");
        h.labels().forEach(labels::add);
        return n;
    }

    private ObjectNode healthJson() {
        if (stat == null) {
            return null;
        }
        return WebResponse.JSON.createObjectNode().put("at", statAt.toString()).put("uptime_ms", stat.uptimeMs())
                .put("infer_us", stat.inferUs()).put("max_infer_us", maxInferUs)
                .put("cpu_load_permille", stat.cpuLoadPermille()).put("free_ram_bytes", stat.freeRamBytes())
                .put("audio_overruns", stat.audioOverruns());
    }

    /** Counts, hours, histograms, link quality: sent once a second and in the full state. */
    ObjectNode aggregates() {
        MonitorSummary s = lines.get();
        ObjectNode n = WebResponse.JSON.createObjectNode();
        synchronized (this) {
            ObjectNode c = n.putObject("counts");
            counts.forEach((k, v) -> c.putObject(k).put("det", v[0]).put("near", v[1]));
            ArrayNode h = n.putArray("hours");
            hours.forEach((hour, per) -> {
                ObjectNode o = h.addObject().put("hour", hour);
                ObjectNode pc = o.putObject("counts");
                per.forEach(pc::put);
            });
            ObjectNode hist = n.putObject("histogram").put("bins", BINS);
            ArrayNode d = hist.putArray("det");
            ArrayNode nr = hist.putArray("near");
            for (int i = 0; i < BINS; i++) {
                d.add(detHistogram[i]);
                nr.add(nearHistogram[i]);
            }
            n.put("threshold", threshold);
            n.put("connected", connected);
        }
        DecoderStats ds = s.decoder();
        n.putObject("lines").put("ok", ds.frames()).put("lost", s.lostLines()).put("bad_checksum", ds.badChecksum())
                .put("dropped", ds.droppedLines()).put("garbage_bytes", ds.garbageBytes())
                .put("malformed", s.malformedMessages()).put("reconnects", s.reconnects()).put("detections", s.detectionCount())
                .put("port", s.port());
        return n;
    }

    /** Everything a page needs to draw itself from scratch. */
    ObjectNode snapshot() {
        ObjectNode n = aggregates();
        synchronized (this) {
            if (hello != null) {
                n.set("hello", helloJson(hello));
            } else {
                n.putNull("hello");
            }
            n.set("health", healthJson());
            ArrayNode t = n.putArray("timeline");
            timeline.forEach(t::add);
        }
        return n;
    }

    List<String> labels() {
        Message.Hello h = hello();
        return h == null ? List.of() : h.labels();
    }
}
