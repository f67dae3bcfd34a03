package dev.tinykws.monitor.protocol;

import dev.tinykws.monitor.error.MonitorException;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Turns checksum-valid {@link Frame}s into typed {@link Message}s, validating every field. */
public final class Messages {
    /** Largest clip the monitor accepts from the wire (10 s at 16 kHz). */
    public static final int MAX_CLIP_SAMPLES = 160_000;
    /** Most samples in one AUD line. */
    public static final int MAX_CHUNK_SAMPLES = 256;
    private static final Pattern SCORE = Pattern.compile("(0\\.\\d{3}|1\\.000)");
    private static final Pattern HEX8 = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private Messages() {
    }

    /**
     * @throws MonitorException when a known type has missing or invalid fields (the message names the field)
     */
    public static Message parse(Frame f) {
        switch (f.type()) {
            case "HELLO": {
                need(f, 6);
                String thr = f.field(4);
                if (!SCORE.matcher(thr).matches()) {
                    throw bad(f, "threshold '" + thr + "' is not 0.xxx");
                }
                if (!HEX8.matcher(f.field(2)).matches()) {
                    throw bad(f, "frontend hash '" + f.field(2) + "' is not 8 hex digits");
                }
                List<String> labels = f.field(5).isEmpty() ? List.of() : Arrays.asList(f.field(5).split("\\|", -1));
                return new Message.Hello(f, f.field(0), f.field(1), f.field(2),
                        (int) number(f, 3, "sample_rate", 1, 1_000_000), thr, labels);
            }
            case "DET":
            case "NEAR": {
                need(f, 3);
                String score = f.field(2);
                if (!SCORE.matcher(score).matches()) {
                    throw bad(f, "score '" + score + "' is not 0.xxx");
                }
                if (f.field(1).isEmpty()) {
                    throw bad(f, "empty keyword");
                }
                long tMs = number(f, 0, "t_ms", 0, Long.MAX_VALUE / 2);
                return f.type().equals("DET") ? new Message.Det(f, tMs, f.field(1), score)
                        : new Message.Near(f, tMs, f.field(1), score);
            }
            case "STAT": {
                need(f, 5);
                return new Message.Stat(f, number(f, 0, "uptime_ms", 0, Long.MAX_VALUE / 2),
                        number(f, 1, "infer_us", 0, Long.MAX_VALUE / 2),
                        (int) number(f, 2, "cpu_load_permille", 0, 100_000),
                        number(f, 3, "free_ram_bytes", 0, Long.MAX_VALUE / 2),
                        number(f, 4, "audio_overruns", 0, Long.MAX_VALUE / 2));
            }
            case "AUD": {
                need(f, 4);
                long clip = number(f, 0, "clip_id", 0, 0xFFFF_FFFFL);
                int total = (int) number(f, 2, "total", 1, MAX_CLIP_SAMPLES);
                int offset = (int) number(f, 1, "offset", 0, total - 1L);
                String b64 = f.field(3);
                if (b64.length() > 4 * ((MAX_CHUNK_SAMPLES * 2 + 2) / 3) || b64.length() % 4 != 0
                        || !BASE64.matcher(b64).matches()) {
                    throw bad(f, "audio payload is not base64 of at most " + MAX_CHUNK_SAMPLES + " samples");
                }
                return new Message.Aud(f, clip, offset, total, b64);
            }
            case "ACK":
                need(f, 2);
                return new Message.Ack(f, f.field(0), f.field(1));
            case "ERR":
                need(f, 2);
                return new Message.Err(f, f.field(0), f.field(1));
            default:
                return new Message.Unknown(f);
        }
    }

    private static void need(Frame f, int n) {
        if (f.fields().size() < n) {
            throw bad(f, "expected " + n + " fields after the sequence number, got " + f.fields().size());
        }
    }

    private static long number(Frame f, int i, String name, long min, long max) {
        String s = f.field(i);
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(f, name + " '" + s + "' is not a decimal number");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw bad(f, name + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static MonitorException bad(Frame f, String why) {
        return new MonitorException("malformed " + f.type() + " line (" + why + "): " + f.line());
    }
}
