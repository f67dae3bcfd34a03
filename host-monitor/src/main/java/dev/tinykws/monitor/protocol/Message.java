package dev.tinykws.monitor.protocol;

import java.util.List;

/** A typed device-to-host line (SPEC §5). Parse with {@link Messages#parse(Frame)}. */
public sealed interface Message {
    Frame frame();

    /** {@code HELLO}: sent at start and in answer to {@code INFO}. */
    record Hello(Frame frame, String firmwareVersion, String modelId, String frontendHash, int sampleRate,
                 String threshold, List<String> labels) implements Message {
        public Hello {
            labels = List.copyOf(labels);
        }
    }

    /** {@code DET}: a detection; {@code score} as on the wire ({@code 0.xxx}). */
    record Det(Frame frame, long tMs, String keyword, String score) implements Message {
        public double scoreValue() {
            return Double.parseDouble(score);
        }
    }

    /**
     * {@code NEAR}: a near-miss (optional, SPEC §5): a keyword score above the device's review threshold but
     * below its detection threshold; same fields as {@code DET}.
     */
    record Near(Frame frame, long tMs, String keyword, String score) implements Message {
        public double scoreValue() {
            return Double.parseDouble(score);
        }
    }

    /** {@code STAT}: device health. */
    record Stat(Frame frame, long uptimeMs, long inferUs, int cpuLoadPermille, long freeRamBytes,
                long audioOverruns) implements Message {
    }

    /** {@code AUD}: one base64 chunk of PCM16LE samples of a recorded clip. */
    record Aud(Frame frame, long clipId, int offset, int total, String base64) implements Message {
    }

    /** {@code ACK}: answer to a host command. */
    record Ack(Frame frame, String command, String result) implements Message {
        public boolean ok() {
            return "OK".equals(result);
        }
    }

    /** {@code ERR}: the device reports a problem. */
    record Err(Frame frame, String code, String message) implements Message {
    }

    /** A line type this monitor does not know (kept, reported as a warning). */
    record Unknown(Frame frame) implements Message {
    }
}
