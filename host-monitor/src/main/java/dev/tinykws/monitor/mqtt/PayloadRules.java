package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.protocol.Message;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a data payload on the broker may hold, in one place: the fleet's {@code InboundParser} rejects what breaks
 * these rules, and the publisher checks them before an entry enters the outbox, so nothing the fleet would reject
 * is sent (and re-sent) at all.
 */
public final class PayloadRules {
    /** Keywords, labels, firmware, model and frontend: 1..64 printable ASCII characters without spaces. */
    public static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,64}");
    public static final int MAX_TOKEN = 64;
    public static final int MAX_LABELS = 64;
    public static final int MAX_SAMPLE_RATE = 384_000;
    public static final int MAX_CPU_PERMILLE = 1000;
    public static final int MAX_CLIP_SAMPLES = 160_000;

    private PayloadRules() {
    }

    /** @return null when {@code s} is a valid token, else why not (naming {@code field}) */
    public static String tokenProblem(String field, String s) {
        if (s == null || !TOKEN.matcher(s).matches()) {
            return field + " must be 1.." + MAX_TOKEN + " printable ASCII characters without spaces";
        }
        return null;
    }

    /** @return null when the fleet would accept the payload made of {@code m}, else why not */
    public static String problem(Message m) {
        if (m instanceof Message.Det d) {
            return tokenProblem("keyword", d.keyword());
        }
        if (m instanceof Message.Hello h) {
            String p = tokenProblem("firmware", h.firmwareVersion());
            p = p != null ? p : tokenProblem("model", h.modelId());
            p = p != null ? p : tokenProblem("frontend", h.frontendHash());
            if (p != null) {
                return p;
            }
            if (h.sampleRate() < 1 || h.sampleRate() > MAX_SAMPLE_RATE) {
                return "sample_rate must be in 1.." + MAX_SAMPLE_RATE;
            }
            return labelsProblem(h.labels());
        }
        if (m instanceof Message.Stat s && (s.cpuLoadPermille() < 0 || s.cpuLoadPermille() > MAX_CPU_PERMILLE)) {
            return "cpu_permille must be in 0.." + MAX_CPU_PERMILLE;
        }
        return null;
    }

    public static String labelsProblem(List<String> labels) {
        if (labels.size() > MAX_LABELS) {
            return "at most " + MAX_LABELS + " labels";
        }
        for (String l : labels) {
            String p = tokenProblem("labels", l);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** @return null when a clip of {@code samples} samples for {@code line} (or null) is acceptable */
    public static String clipProblem(int samples, dev.tinykws.monitor.device.ClipLines.Line line) {
        if (samples < 1 || samples > MAX_CLIP_SAMPLES) {
            return "samples must be in 1.." + MAX_CLIP_SAMPLES;
        }
        return line == null ? null : tokenProblem("detection keyword", line.keyword());
    }
}
