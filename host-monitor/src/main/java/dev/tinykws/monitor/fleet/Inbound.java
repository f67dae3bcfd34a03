package dev.tinykws.monitor.fleet;

import java.util.List;

/** A message from the broker that passed {@link InboundParser}'s checks. */
public sealed interface Inbound {
    String device();

    /** Data messages from a publisher's outbox carry their identity {@code (device, outbox, n)}. */
    sealed interface Numbered extends Inbound {
        String outbox();

        long n();

        long hostUs();
    }

    record Det(String device, String outbox, long n, long hostUs, int seq, long tMs, String keyword, double score)
            implements Numbered {
    }

    record Hello(String device, String outbox, long n, long hostUs, String firmware, String model, String frontend,
                 int sampleRate, String threshold, List<String> labels) implements Numbered {
    }

    record Stat(String device, String outbox, long n, long hostUs, long uptimeMs, long inferUs, int cpuPermille,
                long freeRam, long audioOverruns) implements Numbered {
    }

    /** {@code kind}: recording or review; {@code forKeyword}/{@code forSeq}: the DET of a review clip, else null/-1. */
    record Clip(String device, String outbox, long n, long hostUs, long clipId, int sampleRate, byte[] pcm16le, String kind,
                String forKeyword, int forSeq)
            implements Numbered {
    }

    /** Online/offline, retained; the offline one is the publisher connection's last will. */
    record Status(String device, boolean online, String time) implements Inbound {
    }
}
