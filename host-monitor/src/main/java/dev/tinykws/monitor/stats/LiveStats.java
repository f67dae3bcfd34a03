package dev.tinykws.monitor.stats;

import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.DecoderStats;
import dev.tinykws.monitor.protocol.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Running statistics of a session; thread-safe (the reader updates, the live view reads). Memory is
 * bounded whatever the device sends: every per-key count is a {@link BoundedCounts} (at most
 * {@link #MAX_KEYWORDS} keywords, {@link #MAX_HOURS} hours, {@link #MAX_OTHER_KEYS} line types, error
 * codes and protocol-error reasons; the rest in an overflow bucket), and the in-memory detection list
 * keeps at most {@code keepDetections} events of tracked keywords (the full record is detections.jsonl).
 */
public final class LiveStats {
    /** Most distinct keywords counted by name; further ones are counted under {@link #OTHER}. */
    public static final int MAX_KEYWORDS = 64;
    /** Most clock hours counted by name (31 days); older hours fold into {@code "(earlier)"}. */
    public static final int MAX_HOURS = 31 * 24;
    /** Most distinct unknown line types, device error codes and protocol-error reasons. */
    public static final int MAX_OTHER_KEYS = 32;
    /** Protocol-error reason of a DET line whose keyword is not among the HELLO labels. */
    public static final String UNKNOWN_KEYWORD = "keyword not in HELLO labels";
    /** The overflow bucket's name. */
    public static final String OTHER = "(other)";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private final String port;
    private final Instant start;
    private final int keepDetections;
    private String device;
    private String firmwareVersion = "";
    private List<String> labels = List.of();
    private long detectionCount;
    private final BoundedCounts perKeyword = new BoundedCounts(MAX_KEYWORDS, BoundedCounts.Policy.KEEP_FIRST, OTHER);
    private final BoundedCounts perHour = new BoundedCounts(MAX_HOURS, BoundedCounts.Policy.KEEP_LATEST, "(earlier)");
    private final long[] histogram = new long[10];
    private DeviceHealth health;
    private DecoderStats decoder = new DecoderStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private final BoundedCounts unknownTypes = new BoundedCounts(MAX_OTHER_KEYS, BoundedCounts.Policy.KEEP_FIRST, OTHER);
    private final BoundedCounts deviceErrors = new BoundedCounts(MAX_OTHER_KEYS, BoundedCounts.Policy.KEEP_FIRST, OTHER);
    private final BoundedCounts protocolErrors = new BoundedCounts(MAX_OTHER_KEYS, BoundedCounts.Policy.KEEP_FIRST, OTHER);
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

    /** The labels of the last HELLO (empty before one arrived). */
    public synchronized List<String> labels() {
        return labels;
    }

    /**
     * Why a DET line's keyword is not acceptable, or null when it is: once a HELLO has announced the
     * device's labels, a detection must name one of them (SPEC §5).
     */
    public synchronized String keywordProblem(String keyword) {
        if (labels.isEmpty() || labels.contains(keyword)) {
            return null;
        }
        return UNKNOWN_KEYWORD;
    }

    public synchronized void detection(DetectionEvent e) {
        detectionCount++;
        String kw = perKeyword.add(e.keyword());
        perHour.add(HOUR.format(e.hostTime()));
        histogram[Math.min(9, (int) (e.scoreValue() * 10))]++;
        // keep events of tracked keywords only, sharing the tracked name: memory stays bounded
        if (kw != null && detections.size() < keepDetections) {
            detections.add(kw == e.keyword() ? e
                    : new DetectionEvent(e.hostTime(), e.device(), e.port(), e.tMs(), kw, e.score(), e.seq()));
        }
    }

    /** A checksum-valid line this monitor rejects, counted per {@code reason} (keep reasons few and fixed). */
    public synchronized void protocolError(String reason) {
        protocolErrors.add(reason);
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
        unknownTypes.add(type);
    }

    public synchronized void deviceError(String code) {
        deviceErrors.add(code);
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
                perKeyword.snapshot(), perHour.snapshot(), detectionCount / hours,
                histogram.clone(), health, decoder, unknownTypes.snapshot(), malformed,
                deviceErrors.snapshot(), connects, withDetections ? List.copyOf(detections) : List.of(),
                protocolErrors.snapshot());
    }
}
