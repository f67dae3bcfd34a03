package dev.tinykws.monitor.stats;

import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.DecoderStats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a monitoring session saw (also written as {@code summary.json}).
 *
 * @param port             where the bytes came from
 * @param device           device id (model id from HELLO, else the port)
 * @param firmwareVersion  from HELLO, or empty
 * @param labels           from HELLO, or empty
 * @param start            session start (host time)
 * @param end              session end
 * @param detectionCount   detections received
 * @param perKeyword       detections per keyword
 * @param perHour          detections per host clock hour ({@code 2025-01-31T14}, UTC)
 * @param detectionsPerHour detections per hour over the session's duration
 * @param scoreHistogram   detections per score bin of 0.1 (index 9 holds 0.9..1.0)
 * @param health           last device health, or null when no STAT line arrived
 * @param decoder          decoder counters (lost lines, drops by reason, bytes)
 * @param unknownTypes     lines of unknown type, per type
 * @param malformedMessages valid-checksum lines with invalid fields
 * @param deviceErrors     ERR lines, per code
 * @param connects         successful connections (1 + reconnects)
 * @param detections       the detections, in arrival order (at most the configured number kept in memory,
 *                         only of the keywords counted by name in {@code perKeyword})
 * @param protocolErrors   checksum-valid lines rejected by the monitor, per reason (e.g. a DET keyword
 *                         that is not among the HELLO labels); each per-key map holds at most a bounded
 *                         number of keys plus an {@code "(other)"} bucket ({@link LiveStats})
 */
public record MonitorSummary(String port, String device, String firmwareVersion, List<String> labels, Instant start,
                             Instant end, long detectionCount, Map<String, Long> perKeyword,
                             Map<String, Long> perHour, double detectionsPerHour, long[] scoreHistogram,
                             DeviceHealth health, DecoderStats decoder, Map<String, Long> unknownTypes,
                             long malformedMessages, Map<String, Long> deviceErrors, int connects,
                             List<DetectionEvent> detections, Map<String, Long> protocolErrors) {

    /** Protocol errors of every reason. */
    public long protocolErrorCount() {
        return protocolErrors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long lostLines() {
        return decoder.lostLines();
    }

    public int reconnects() {
        return Math.max(0, connects - 1);
    }
}
