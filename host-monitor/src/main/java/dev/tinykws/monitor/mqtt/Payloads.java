package dev.tinykws.monitor.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.protocol.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

/**
 * The JSON payloads on the broker (version {@code v: 1}). Every data message carries the device id, the
 * outbox epoch and entry number {@code n} (its identity: the fleet stores {@code (device, outbox, n)} once)
 * and the device's own line sequence number {@code seq}, so duplicates are recognisable either way.
 */
public final class Payloads {
    public static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    private static ObjectNode head(String type, String device, String epoch, long n, Instant hostTime) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("type", type);
        o.put("device", device);
        o.put("outbox", epoch);
        o.put("n", n);
        o.put("host_time", hostTime.toString());
        o.put("host_us", hostTime.getEpochSecond() * 1_000_000L + hostTime.getNano() / 1000);
        return o;
    }

    /** The payload of a HELLO, DET or STAT message; null for other message types. */
    public static byte[] of(Message m, String device, String epoch, long n, Instant hostTime) {
        ObjectNode o;
        if (m instanceof Message.Det d) {
            o = head(Topics.DET, device, epoch, n, hostTime);
            o.put("seq", d.frame().seq());
            o.put("t_ms", d.tMs());
            o.put("keyword", d.keyword());
            o.put("score", d.score());
        } else if (m instanceof Message.Hello h) {
            o = head(Topics.HELLO, device, epoch, n, hostTime);
            o.put("seq", h.frame().seq());
            o.put("firmware", h.firmwareVersion());
            o.put("model", h.modelId());
            o.put("frontend", h.frontendHash());
            o.put("sample_rate", h.sampleRate());
            o.put("threshold", h.threshold());
            ArrayNode labels = o.putArray("labels");
            h.labels().forEach(labels::add);
        } else if (m instanceof Message.Stat s) {
            o = head(Topics.STAT, device, epoch, n, hostTime);
            o.put("seq", s.frame().seq());
            o.put("uptime_ms", s.uptimeMs());
            o.put("infer_us", s.inferUs());
            o.put("cpu_permille", s.cpuLoadPermille());
            o.put("free_ram", s.freeRamBytes());
            o.put("audio_overruns", s.audioOverruns());
        } else {
            return null;
        }
        return bytes(o);
    }

    /**
     * A clip (16 kHz mono PCM16, little-endian, base64): {@code kind} {@code recording} (asked for with REC) or
     * {@code review} (detection audio sent after a DET or NEAR, for the review queue); {@code line} is that line
     * ({@code detection}, with {@code line: det|near}), or null.
     */
    public static byte[] clip(String device, String epoch, long n, Instant hostTime, long clipId, short[] samples,
                              String kind, dev.tinykws.monitor.device.ClipLines.Line line) {
        ObjectNode o = head(Topics.CLIP, device, epoch, n, hostTime);
        o.put("clip_id", clipId);
        o.put("kind", kind);
        if (line != null) {
            ObjectNode d = o.putObject("detection");
            d.put("line", line.kind());
            d.put("seq", line.seq());
            d.put("t_ms", line.tMs());
            d.put("keyword", line.keyword());
            d.put("score", line.score());
        }
        o.put("sample_rate", 16000);
        o.put("samples", samples.length);
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        o.put("pcm16le_base64", Base64.getEncoder().encodeToString(b.array()));
        return bytes(o);
    }

    /** The retained online/offline status; the offline one is the connection's last will (its time is when it was registered). */
    public static byte[] status(String device, boolean online, Instant time) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("type", Topics.STATUS);
        o.put("device", device);
        o.put("online", online);
        o.put("time", time.toString());
        return bytes(o);
    }

    /** The fleet's confirmation of stored entries of one outbox. */
    public static byte[] ack(String epoch, Collection<Long> ns) {
        return ack(epoch, ns, java.util.List.of());
    }

    /**
     * The fleet's answer for entries of one outbox: {@code n} it stored, {@code rejected} it will never store
     * (they broke {@link PayloadRules}); the publisher drops both from its outbox. {@code rejected} is left out
     * when empty.
     */
    public static byte[] ack(String epoch, Collection<Long> ns, Collection<Long> rejected) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("outbox", epoch);
        ArrayNode a = o.putArray("n");
        ns.forEach(a::add);
        if (!rejected.isEmpty()) {
            ArrayNode r = o.putArray("rejected");
            rejected.forEach(r::add);
        }
        return bytes(o);
    }

    static byte[] bytes(ObjectNode o) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            JSON.writeValue(out, o);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MonitorException("cannot encode JSON: " + e.getMessage(), e);
        }
    }
}
