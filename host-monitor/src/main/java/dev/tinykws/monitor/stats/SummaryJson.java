package dev.tinykws.monitor.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.DecoderStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/** Writes a {@link MonitorSummary} as {@code summary.json} (without the detection list: that is the jsonl). */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Longest map key written (device-chosen names such as keywords and error codes). */
    static final int MAX_KEY_CHARS = 64;

    private SummaryJson() {
    }

    public static ObjectNode toJson(MonitorSummary s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("port", s.port());
        o.put("device", s.device());
        o.put("firmware_version", s.firmwareVersion());
        ArrayNode labels = o.putArray("labels");
        s.labels().forEach(labels::add);
        o.put("start", s.start().toString());
        o.put("end", s.end().toString());
        o.put("duration_s", Duration.between(s.start(), s.end()).toMillis() / 1000.0);
        o.put("detections", s.detectionCount());
        o.put("detections_per_hour", Math.round(s.detectionsPerHour() * 10) / 10.0);
        map(o.putObject("per_keyword"), s.perKeyword());
        map(o.putObject("per_hour_utc"), s.perHour());
        ArrayNode hist = o.putArray("score_histogram");
        for (int i = 0; i < s.scoreHistogram().length; i++) {
            ObjectNode bin = hist.addObject();
            bin.put("from", i / 10.0);
            bin.put("to", (i + 1) / 10.0);
            bin.put("count", s.scoreHistogram()[i]);
        }
        if (s.health() != null) {
            DeviceHealth h = s.health();
            ObjectNode ho = o.putObject("health");
            ho.put("received_at", h.receivedAt().toString());
            ho.put("uptime_ms", h.uptimeMs());
            ho.put("infer_us", h.inferUs());
            ho.put("max_infer_us", h.maxInferUs());
            ho.put("cpu_load_permille", h.cpuLoadPermille());
            ho.put("free_ram_bytes", h.freeRamBytes());
            ho.put("audio_overruns", h.audioOverruns());
        } else {
            o.putNull("health");
        }
        DecoderStats d = s.decoder();
        ObjectNode lines = o.putObject("lines");
        lines.put("bytes", d.bytes());
        lines.put("valid", d.frames());
        lines.put("lost", d.lostLines());
        lines.put("sequence_resets", d.sequenceResets());
        lines.put("bad_checksum", d.badChecksum());
        lines.put("too_long", d.tooLong());
        lines.put("binary_noise", d.noise());
        lines.put("partial", d.partial());
        lines.put("malformed", d.malformed() + s.malformedMessages());
        lines.put("garbage_bytes", d.garbageBytes());
        map(lines.putObject("unknown_types"), s.unknownTypes());
        map(lines.putObject("rejected"), s.protocolErrors());
        map(o.putObject("device_errors"), s.deviceErrors());
        o.put("reconnects", s.reconnects());
        return o;
    }

    /** Writes atomically (temp file + rename), so a reader never sees half a summary. */
    public static void write(MonitorSummary s, Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), toJson(s));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MonitorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void map(ObjectNode o, Map<String, Long> m) {
        // keys are device-controlled: shorten them so summary.json stays small whatever arrives
        m.forEach((k, v) -> {
            String key = shorten(k);
            o.put(key, o.has(key) ? o.get(key).asLong() + v : v);
        });
    }

    /** At most {@value #MAX_KEY_CHARS} characters, the cut marked with an ellipsis. */
    static String shorten(String k) {
        return k.length() <= MAX_KEY_CHARS ? k : k.substring(0, MAX_KEY_CHARS - 1) + "…";
    }
}
