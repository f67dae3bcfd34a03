package dev.tinykws.monitor.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fleet knows about each device, in memory, bounded: online/offline (retained status and last will),
 * HELLO facts, last STAT (health), stored detections, detections per UTC hour per keyword (last
 * {@value #HOURS_KEPT} hours, at most {@value #MAX_KEYWORDS} keywords per hour), the last
 * {@value #RECENT} detections. Rebuilt from the store at start. Thread-safe.
 */
public final class FleetState {
    static final int HOURS_KEPT = 48;
    static final int MAX_KEYWORDS = 32;
    static final int RECENT = 20;
    private static final long HOUR_US = 3_600_000_000L;

    private final int maxDevices;
    private final Map<String, Device> devices = new HashMap<>();
    private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    private static final class Device {
        final String id;
        Boolean online;
        String statusTime;
        JsonNode hello;
        String helloOutbox;
        Long helloN;
        JsonNode stat;
        String statOutbox;
        Long statN;
        long lastSeenUs;
        long detections;
        long duplicates;
        long clips;
        final TreeMap<Long, Map<String, Long>> hourly = new TreeMap<>();
        final Deque<ObjectNode> recent = new ArrayDeque<>();

        Device(String id) {
            this.id = id;
        }
    }

    public FleetState(int maxDevices) {
        this.maxDevices = maxDevices;
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** Loads devices, counts and the hourly table from the store (after a restart). */
    public synchronized void restore(FleetStore store) {
        for (FleetStore.DeviceRow r : store.devices()) {
            Device d = devices.computeIfAbsent(r.device(), Device::new);
            d.online = r.online();
            d.statusTime = r.statusTime();
            d.hello = parse(r.hello());
            d.helloOutbox = r.helloOutbox();
            d.helloN = r.helloN();
            d.stat = parse(r.stat());
            d.statOutbox = r.statOutbox();
            d.statN = r.statN();
            d.lastSeenUs = r.lastSeenUs() == null ? 0 : r.lastSeenUs();
        }
        store.detectionCounts().forEach((dev, n) -> devices.computeIfAbsent(dev, Device::new).detections = n);
        long since = (System.currentTimeMillis() * 1000 / HOUR_US - HOURS_KEPT + 1) * HOUR_US;
        store.hourly(since).forEach((dev, hours) -> {
            Device d = devices.computeIfAbsent(dev, Device::new);
            hours.forEach((h, kw) -> d.hourly.put(h, new HashMap<>(kw)));
        });
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : FleetJson.JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    /** False when {@code device} is new and the fleet already has {@code maxDevices}. */
    public synchronized boolean admit(String device) {
        return devices.containsKey(device) || devices.size() < maxDevices;
    }

    public void reject(Rejection r) {
        rejected.get(r).incrementAndGet();
    }

    public void received() {
        received.incrementAndGet();
    }

    public void committed() {
        commits.incrementAndGet();
    }

    /** Applies a stored message; {@code fresh} is false for a detection or clip that was already stored. */
    public synchronized void apply(Inbound in, boolean fresh) {
        Device d = devices.computeIfAbsent(in.device(), Device::new);
        if (in instanceof Inbound.Numbered num) {
            d.lastSeenUs = Math.max(d.lastSeenUs, num.hostUs());
        }
        if (in instanceof Inbound.Status s) {
            d.online = s.online();
            d.statusTime = s.time();
        } else if (in instanceof Inbound.Hello h) {
            // the store's rule (FleetStore.newer), so the view shows what a restart would restore
            if (FleetStore.newer(d.helloOutbox, d.helloN, h.outbox(), h.n())) {
                d.hello = FleetJson.hello(h);
                d.helloOutbox = h.outbox();
                d.helloN = h.n();
            }
        } else if (in instanceof Inbound.Stat s) {
            if (FleetStore.newer(d.statOutbox, d.statN, s.outbox(), s.n())) {
                d.stat = FleetJson.stat(s);
                d.statOutbox = s.outbox();
                d.statN = s.n();
            }
        } else if (in instanceof Inbound.Clip) {
            if (fresh) {
                d.clips++;
            }
        } else if (in instanceof Inbound.Det det) {
            if (!fresh) {
                d.duplicates++;
                duplicates.incrementAndGet();
                return;
            }
            stored.incrementAndGet();
            d.detections++;
            long hour = det.hostUs() / HOUR_US * HOUR_US;
            Map<String, Long> kw = d.hourly.computeIfAbsent(hour, h -> new HashMap<>());
            String key = kw.containsKey(det.keyword()) || kw.size() < MAX_KEYWORDS ? det.keyword() : "(other)";
            kw.merge(key, 1L, Long::sum);
            while (d.hourly.size() > HOURS_KEPT) {
                d.hourly.pollFirstEntry();
            }
            ObjectNode r = FleetJson.JSON.createObjectNode();
            r.put("host_us", det.hostUs());
            r.put("keyword", det.keyword());
            r.put("score", det.score());
            r.put("seq", det.seq());
            r.put("n", det.n());
            d.recent.addFirst(r);
            while (d.recent.size() > RECENT) {
                d.recent.removeLast();
            }
        }
    }

    /** Totals: received, stored detections, duplicates, commits, rejections per reason. */
    public synchronized ObjectNode counters() {
        ObjectNode o = FleetJson.JSON.createObjectNode();
        o.put("devices", devices.size());
        o.put("received", received.get());
        o.put("stored_detections", stored.get());
        o.put("duplicates", duplicates.get());
        o.put("commits", commits.get());
        ObjectNode rj = o.putObject("rejected");
        long total = 0;
        for (Map.Entry<Rejection, AtomicLong> e : rejected.entrySet()) {
            rj.put(e.getKey().name().toLowerCase(), e.getValue().get());
            total += e.getValue().get();
        }
        o.put("rejected_total", total);
        return o;
    }

    public long rejected(Rejection r) {
        return rejected.get(r).get();
    }

    public long storedDetections() {
        return stored.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** One row per device, sorted by id. */
    public synchronized ArrayNode fleet(long nowUs) {
        ArrayNode a = FleetJson.JSON.createArrayNode();
        devices.values().stream().sorted((x, y) -> x.id.compareTo(y.id)).forEach(d -> a.add(row(d, nowUs)));
        return a;
    }

    private ObjectNode row(Device d, long nowUs) {
        ObjectNode o = FleetJson.JSON.createObjectNode();
        o.put("device", d.id);
        if (d.online == null) {
            o.putNull("online");
        } else {
            o.put("online", d.online);
        }
        o.put("last_seen_us", d.lastSeenUs);
        o.put("detections", d.detections);
        long lastHour = nowUs / HOUR_US * HOUR_US;
        Map<String, Long> kw = d.hourly.getOrDefault(lastHour, Map.of());
        o.put("detections_this_hour", kw.values().stream().mapToLong(Long::longValue).sum());
        o.put("model", d.hello == null ? null : d.hello.path("model").asText(null));
        o.put("firmware", d.hello == null ? null : d.hello.path("firmware").asText(null));
        if (d.stat != null) {
            o.put("cpu_permille", d.stat.path("cpu_permille").asInt());
            o.put("infer_us", d.stat.path("infer_us").asLong());
            o.put("free_ram", d.stat.path("free_ram").asLong());
            o.put("audio_overruns", d.stat.path("audio_overruns").asLong());
        }
        return o;
    }

    /** A device's own view, or null when unknown. */
    public synchronized ObjectNode device(String id, long nowUs) {
        Device d = devices.get(id);
        if (d == null) {
            return null;
        }
        ObjectNode o = row(d, nowUs);
        o.put("status_time", d.statusTime);
        o.set("hello", d.hello);
        o.set("health", d.stat);
        o.put("duplicates", d.duplicates);
        o.put("clips", d.clips);
        ArrayNode hours = o.putArray("hourly");
        d.hourly.descendingMap().forEach((h, kw) -> {
            ObjectNode hr = hours.addObject();
            hr.put("hour_us", h);
            ObjectNode k = hr.putObject("keywords");
            new TreeMap<>(kw).forEach(k::put);
        });
        ArrayNode rec = o.putArray("recent");
        d.recent.forEach(rec::add);
        return o;
    }
}
