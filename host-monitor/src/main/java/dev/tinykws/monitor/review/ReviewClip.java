package dev.tinykws.monitor.review;

import java.time.Instant;

/**
 * One clip in the review queue: the audio the device sent with a detection or a near-miss.
 *
 * @param id       queue id, {@code <host epoch ms>-<line seq>} (also the WAV name: {@code clips/<id>.wav})
 * @param hostTime when the host received the detection line
 * @param device   device id (model id from HELLO, or the port)
 * @param tMs      device stream time of the detection
 * @param keyword  keyword the device detected (as sent; may be any printable text)
 * @param score    score as on the wire ({@code 0.xxx})
 * @param kind     {@code det} (a detection) or {@code near} (a near-miss, below the device threshold)
 * @param samples  length of the clip in samples (16 kHz mono PCM16)
 * @param label    latest label, or null while the clip is pending
 */
public record ReviewClip(String id, Instant hostTime, String device, long tMs, String keyword, String score,
                         String kind, int samples, ReviewLabel label) {

    public boolean pending() {
        return label == null;
    }

    ReviewClip withLabel(ReviewLabel l) {
        return new ReviewClip(id, hostTime, device, tMs, keyword, score, kind, samples, l);
    }
}
