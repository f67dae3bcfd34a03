package dev.tinykws.monitor.stats;

import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.DecoderStats;
import dev.tinykws.monitor.protocol.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Running statistics of a session; thread-safe (the reader updates, the live view reads). */
public final class LiveStats {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private final String port;
    private final Instant start;
    private final int keepDetections;
    private String device;
    private String firmwareVersion = "";
    private List<String> labels = List.of();
    private long detectionCount;
    private final Map<String, Long> perKeyword = new TreeMap<>();
    private final Map<String, Long> perHour = new TreeMap<>();
    private final long[] histogram = new long[10];
    private DeviceHealth health;
    private DecoderStats decoder = new DecoderStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private final Map<String, Long> unknownTypes = new TreeMap<>();
    private final Map<String, Long> deviceErrors = new TreeMap<>();
    private long malformed;
    private int connects;
    private final List<DetectionEvent> detections = new ArrayList<>();

    public LiveStats(String port, Instant start, int keepDetections) {
        this.port = port;
        this.device = port;
        this.start = start;
        this.keepDetections = keepDetections;
    }

    public synchronized void hello(Message.Hello h) {
        device = h.modelId();
        firmwareVersion = h.firmwareVersion();
        labels = h.labels();
    }

    public synchronized String device() {
        return device;
    }

    public synchronized void detection(DetectionEvent e) {
        detectionCount++;
        perKeyword.merge(e.keyword(), 1L, Long::sum);
        perHour.merge(HOUR.format(e.hostTime()), 1L, Long::sum);
        histogram[Math.min(9, (int) (e.scoreValue() * 10))]++;
        if (detections.size() < keepDetections) {
            detections.add(e);
        }
    }

    public synchronized void stat(Message.Stat s, Instant at) {
        long max = Math.max(s.inferUs(), health == null ? 0 : health.maxInferUs());
        health = new DeviceHealth(at, s.uptimeMs(), s.inferUs(), max, s.cpuLoadPermille(), s.freeRamBytes(),
                s.audioOverruns());
    }

    public synchronized void decoder(DecoderStats d) {
        decoder = d;
    }

    public synchronized void unknownType(String type) {
        unknownTypes.merge(type, 1L, Long::sum);
    }

    public synchronized void deviceError(String code) {
        deviceErrors.merge(code, 1L, Long::sum);
    }

    public synchronized void malformed() {
        malformed++;
    }

    public synchronized void connected() {
        connects++;
    }

    public synchronized long detectionCount() {
        return detectionCount;
    }

    public synchronized MonitorSummary snapshot(Instant now) {
        return snapshot(now, true);
    }

    /** @param withDetections false for a cheap snapshot (live view) with an empty detection list */
    public synchronized MonitorSummary snapshot(Instant now, boolean withDetections) {
        double hours = Math.max(1e-9, Duration.between(start, now).toMillis() / 3_600_000.0);
        return new MonitorSummary(port, device, firmwareVersion, labels, start, now, detectionCount,
                new LinkedHashMap<>(perKeyword), new LinkedHashMap<>(perHour), detectionCount / hours,
                histogram.clone(), health, decoder, new LinkedHashMap<>(unknownTypes), malformed,
                new LinkedHashMap<>(deviceErrors), connects, withDetections ? List.copyOf(detections) : List.of());
    }
}
