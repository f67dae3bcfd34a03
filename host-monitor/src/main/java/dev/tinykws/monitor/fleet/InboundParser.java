package dev.tinykws.monitor.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.mqtt.DeviceIds;
import dev.tinykws.monitor.mqtt.PayloadRules;
import dev.tinykws.monitor.mqtt.Topics;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a broker message before anything is kept: topic shape and type first (a string compare), then the size
 * (before any parsing), device id, JSON, and every field's type and range ({@link PayloadRules}, the rules the
 * publisher also checks). Anything from the broker is untrusted: another client may publish below the prefix.
 */
public final class InboundParser {
    /** The identity {@code (device, outbox, n)} of a data message, read before its other fields are checked. */
    public record Ref(String device, String outbox, long n) {
    }

    /**
     * Result: exactly one of {@code inbound}, {@code rejection} is set. A rejected data message whose device,
     * outbox and n could be read carries them in {@code ref}, so the fleet can tell its publisher to drop it.
     */
    public record Result(Inbound inbound, Rejection rejection, String detail, Ref ref) {
        public Result(Inbound inbound, Rejection rejection, String detail) {
            this(inbound, rejection, detail, null);
        }

        static Result ok(Inbound i) {
            return new Result(i, null, null);
        }

        static Result no(Rejection r, String detail) {
            return new Result(null, r, detail);
        }
    }

    private static final Pattern OUTBOX = Pattern.compile("[0-9a-f]{1,32}");
    private static final Pattern SCORE = Pattern.compile("0\\.\\d{3}|1\\.000");
    private static final Pattern TOKEN = PayloadRules.TOKEN;
    private static final int MAX_LABELS = PayloadRules.MAX_LABELS;
    private static final int MAX_CLIP_SAMPLES = PayloadRules.MAX_CLIP_SAMPLES;

    /** How far ahead of the fleet's clock a gateway's {@code host_us} may be; later is taken as the fleet's now. */
    public static final long MAX_AHEAD_US = 5 * 60 * 1_000_000L;

    private final String prefix;
    private final java.util.function.LongSupplier nowUs;
    private final int maxPayload;
    private final int maxClipPayload;
    private final ObjectMapper json;

    /**
     * @param maxPayload     largest accepted HELLO/DET/STAT/status payload in bytes
     * @param maxClipPayload largest accepted clip payload in bytes
     */
    public InboundParser(String prefix, int maxPayload, int maxClipPayload) {
        this(prefix, maxPayload, maxClipPayload, FleetSubscriber::nowUs);
    }

    /** @param nowUs the fleet's clock (µs since the epoch), which bounds {@code host_us} */
    public InboundParser(String prefix, int maxPayload, int maxClipPayload, java.util.function.LongSupplier nowUs) {
        this.prefix = prefix;
        this.nowUs = nowUs;
        this.maxPayload = maxPayload;
        this.maxClipPayload = maxClipPayload;
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(maxClipPayload).build())
                .build();
        this.json = new ObjectMapper(f);
    }

    public Result parse(String topic, byte[] payload) {
        Topics.Parsed t = Topics.parse(prefix, topic);
        if (t == null || !Topics.TYPES.contains(t.type())) {
            return Result.no(Rejection.UNKNOWN_TOPIC, topic);
        }
        int limit = Topics.CLIP.equals(t.type()) ? maxClipPayload : maxPayload;
        if (payload.length > limit) {
            return Result.no(Rejection.TOO_LARGE, payload.length + " bytes on " + topic);
        }
        String p = DeviceIds.problem(t.device());
        if (p != null) {
            return Result.no(Rejection.BAD_DEVICE_ID, p);
        }
        JsonNode o;
        try {
            o = json.readTree(payload);
        } catch (Exception e) {
            return Result.no(Rejection.MALFORMED_JSON, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (o == null || !o.isObject()) {
            return Result.no(Rejection.MALFORMED_JSON, "not an object");
        }
        if (!t.device().equals(o.path("device").asText(null))) {
            return Result.no(Rejection.DEVICE_MISMATCH, "topic " + t.device());
        }
        Ref ref = Topics.STATUS.equals(t.type()) ? null : ref(t.device(), o);
        try {
            return Result.ok(switch (t.type()) {
                case Topics.STATUS -> new Inbound.Status(t.device(), bool(o, "online"), token(o, "time", 40));
                case Topics.DET -> new Inbound.Det(t.device(), outbox(o), n(o), hostUs(o), (int) num(o, "seq", 0, 65535),
                        num(o, "t_ms", 0, Long.MAX_VALUE / 2), token(o, "keyword", 64), score(o));
                case Topics.HELLO -> new Inbound.Hello(t.device(), outbox(o), n(o), hostUs(o), token(o, "firmware", 64),
                        token(o, "model", 64), token(o, "frontend", 64), (int) num(o, "sample_rate", 1, PayloadRules.MAX_SAMPLE_RATE),
                        scoreText(o, "threshold"), labels(o));
                case Topics.STAT -> new Inbound.Stat(t.device(), outbox(o), n(o), hostUs(o), num(o, "uptime_ms", 0, Long.MAX_VALUE / 2),
                        num(o, "infer_us", 0, Long.MAX_VALUE / 2), (int) num(o, "cpu_permille", 0, PayloadRules.MAX_CPU_PERMILLE),
                        num(o, "free_ram", 0, Long.MAX_VALUE / 2), num(o, "audio_overruns", 0, Long.MAX_VALUE / 2));
                case Topics.CLIP -> clip(t.device(), o);
                default -> throw new IllegalStateException(t.type());
            });
        } catch (BadField e) {
            return new Result(null, Rejection.BAD_FIELD, e.getMessage(), ref);
        }
    }

    /** The message's identity when its outbox and n are well-formed (other fields unchecked), else null. */
    private static Ref ref(String device, JsonNode o) {
        try {
            return new Ref(device, outbox(o), n(o));
        } catch (BadField e) {
            return null;
        }
    }

    private static final class BadField extends Exception {
        BadField(String m) {
            super(m, null, false, false);
        }
    }

    private Inbound.Clip clip(String device, JsonNode o) throws BadField {
        long samples = num(o, "samples", 1, MAX_CLIP_SAMPLES);
        String b64 = o.path("pcm16le_base64").asText(null);
        if (b64 == null) {
            throw new BadField("pcm16le_base64 missing");
        }
        byte[] pcm;
        try {
            pcm = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new BadField("pcm16le_base64 is not base64");
        }
        if (pcm.length != samples * 2) {
            throw new BadField("pcm16le_base64 holds " + pcm.length / 2 + " samples, not " + samples);
        }
        String kind = o.path("kind").asText("recording");
        if (!kind.equals("recording") && !kind.equals("review")) {
            throw new BadField("kind must be recording or review");
        }
        String forKeyword = null;
        int forSeq = -1;
        JsonNode det = o.get("detection");
        if (det != null && !det.isNull()) {
            forKeyword = token(det, "keyword", 64);
            forSeq = (int) num(det, "seq", 0, 65535);
        }
        return new Inbound.Clip(device, outbox(o), n(o), hostUs(o), num(o, "clip_id", 0, Long.MAX_VALUE / 2),
                (int) num(o, "sample_rate", 1, 384_000), pcm, kind, forKeyword, forSeq);
    }

    private static String outbox(JsonNode o) throws BadField {
        String s = o.path("outbox").asText(null);
        if (s == null || !OUTBOX.matcher(s).matches()) {
            throw new BadField("outbox must be 1..32 lower-case hex digits");
        }
        return s;
    }

    private static long n(JsonNode o) throws BadField {
        return num(o, "n", 1, Long.MAX_VALUE / 2);
    }

    /**
     * The gateway's clock may be wrong: a {@code host_us} more than {@link #MAX_AHEAD_US} ahead of the fleet's clock
     * would stay the device's "last seen" for ever and push the real hours out of the hourly table; it is taken
     * as the fleet's now.
     */
    private long hostUs(JsonNode o) throws BadField {
        long v = num(o, "host_us", 0, Long.MAX_VALUE / 2);
        long now = nowUs.getAsLong();
        return v > now + MAX_AHEAD_US ? now : v;
    }

    private static long num(JsonNode o, String field, long min, long max) throws BadField {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new BadField(field + " must be an integer in " + min + ".." + max);
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode o, String field) throws BadField {
        JsonNode v = o.get(field);
        if (v == null || !v.isBoolean()) {
            throw new BadField(field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static String token(JsonNode o, String field, int max) throws BadField {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().length() > max || !TOKEN.matcher(v.asText()).matches()) {
            throw new BadField(field + " must be 1.." + max + " printable characters without spaces");
        }
        return v.asText();
    }

    private static String scoreText(JsonNode o, String field) throws BadField {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || !SCORE.matcher(v.asText()).matches()) {
            throw new BadField(field + " must be a string 0.xxx or 1.000");
        }
        return v.asText();
    }

    private static double score(JsonNode o) throws BadField {
        return Double.parseDouble(scoreText(o, "score"));
    }

    private static List<String> labels(JsonNode o) throws BadField {
        JsonNode v = o.get("labels");
        if (v == null || !v.isArray() || v.size() > MAX_LABELS) {
            throw new BadField("labels must be an array of at most " + MAX_LABELS);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode l : v) {
            if (!l.isTextual() || !TOKEN.matcher(l.asText()).matches()) {
                throw new BadField("labels must be printable names of at most 64 characters");
            }
            out.add(l.asText());
        }
        return out;
    }
}
