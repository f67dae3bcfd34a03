package dev.tinykws.monitor.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tinykws.monitor.protocol.Frame;
import dev.tinykws.monitor.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which line a published clip is tied to: the last DET or NEAR before its first chunk, one clip per line (the
 * review queue's rule). The publisher used to ignore NEAR and never forget its last DET, so a near-miss's audio
 * went out as the review clip of an older, unrelated detection. No broker: the entries are read from the outbox.
 */
class PublishingListenerClipTest {
    @TempDir
    Path dir;
    private int seq;

    private Frame frame(String type) {
        return new Frame(type, seq++, List.of(), "");
    }

    private List<Message.Aud> clip(long id, int samples) {
        List<Message.Aud> out = new ArrayList<>();
        for (int off = 0; off < samples; off += 200) {
            int k = Math.min(200, samples - off);
            ByteBuffer b = ByteBuffer.allocate(k * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < k; i++) {
                b.putShort((short) (off + i));
            }
            out.add(new Message.Aud(frame("AUD"), id, off, samples, Base64.getEncoder().encodeToString(b.array())));
        }
        return out;
    }

    private List<JsonNode> clipsInOutbox(MqttPublisher p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Outbox.Entry e : p.outbox().pending().values()) {
            if (e.type().equals(Topics.CLIP)) {
                out.add(Payloads.JSON.readTree(e.payload()));
            }
        }
        return out;
    }

    @Test
    void aNearMissClipIsTiedToItsNearLineAndALaterClipToNoOlderDetection() throws Exception {
        // nothing listens on port 1: entries stay in the outbox
        try (MqttPublisher p = new MqttPublisher(BrokerAddress.parse("mqtt://127.0.0.1:1/t"), MqttCredentials.none(),
                PublisherConfig.defaults(dir.resolve("outbox")).withConfirm(ConfirmMode.BROKER).withFsync(false))) {
            PublishingListener l = new PublishingListener(p, "desk");
            l.onMessage(new Message.Hello(frame("HELLO"), "1.0", "kws", "0123abcd", 16000, "0.700", List.of("yes", "no")));
            l.onMessage(new Message.Det(frame("DET"), 100, "yes", "0.910"));
            clip(1, 400).forEach(l::onMessage);                                  // the DET's audio
            int nearSeq = seq;
            l.onMessage(new Message.Near(frame("NEAR"), 900, "no", "0.420"));
            clip(2, 400).forEach(l::onMessage);                                  // the near-miss's audio
            clip(3, 400).forEach(l::onMessage);                                  // follows no new line
            l.onMessage(new Message.Ack(frame("ACK"), "REC", "4"));
            clip(4, 400).forEach(l::onMessage);                                  // a recording
            List<JsonNode> clips = clipsInOutbox(p);
            assertEquals(4, clips.size());
            assertEquals("det", clips.get(0).path("detection").path("line").asText());
            assertEquals("yes", clips.get(0).path("detection").path("keyword").asText());
            assertEquals("review", clips.get(1).path("kind").asText());
            assertEquals("near", clips.get(1).path("detection").path("line").asText());
            assertEquals("no", clips.get(1).path("detection").path("keyword").asText());
            assertEquals(nearSeq, clips.get(1).path("detection").path("seq").asInt());
            assertTrue(clips.get(2).path("detection").isMissingNode(), clips.get(2).toString());
            assertEquals("recording", clips.get(3).path("kind").asText());
            assertTrue(clips.get(3).path("detection").isMissingNode());
        }
    }
}
