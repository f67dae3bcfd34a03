package dev.tinykws.monitor;

import dev.tinykws.monitor.log.DetectionEvent;
import dev.tinykws.monitor.protocol.DecodeEvent;
import dev.tinykws.monitor.protocol.Message;

/** Callbacks from a {@link MonitorSession}, on its reader thread, in wire order. Keep them quick. */
public interface MonitorListener {
    /**
     * A detection, called after it was appended to {@code detections.jsonl}.
     *
     * @param receivedNanos {@link System#nanoTime()} when the bytes that completed the line were read
     */
    default void onDetection(DetectionEvent event, long receivedNanos) {
    }

    /** Every valid, well-formed message (detections included). */
    default void onMessage(Message message) {
    }

    /** Bytes or lines that were dropped. */
    default void onDropped(DecodeEvent.Dropped dropped) {
    }

    default void onConnected(String port) {
    }

    default void onDisconnected(String port, String reason) {
    }
}
