package dev.tinykws.monitor.log;

import java.time.Instant;

/**
 * One detection as logged to {@code detections.jsonl}.
 *
 * @param hostTime when the host received the line
 * @param device   the device id (model id from HELLO, or the port when no HELLO was seen)
 * @param port     where the line came from ({@code /dev/ttyACM0}, {@code tcp://...}, a replay file)
 * @param tMs      device stream time of the detection
 * @param keyword  keyword as sent by the device
 * @param score    score with three decimals as sent ({@code 0.930})
 * @param seq      line sequence number
 */
public record DetectionEvent(Instant hostTime, String device, String port, long tMs, String keyword, String score,
                             int seq) {

    public double scoreValue() {
        return Double.parseDouble(score);
    }
}
