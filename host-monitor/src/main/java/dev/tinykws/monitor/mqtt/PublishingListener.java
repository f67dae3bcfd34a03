package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.device.ClipAssembler;
import dev.tinykws.monitor.device.ClipLines;
import dev.tinykws.monitor.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connects a monitor session to an {@link MqttPublisher}: every HELLO, DET and STAT is appended to the outbox as
 * it is decoded, and clips once all their AUD chunks arrived: recordings (announced by {@code ACK,REC,<id>}) and
 * review clips (detection audio sent after a DET or NEAR, tagged with that line; {@link ClipLines}, the rule the
 * review queue uses too). The device id is fixed
 * ({@code --device-id}) or made from the HELLO's model id ({@code <id prefix>-<model id>}, the command line's
 * prefix being the host name, so two gateways with devices of one model do not share an id); messages before the
 * first HELLO wait (at most {@value #MAX_WAITING}) for it.
 */
public final class PublishingListener implements MonitorListener {
    private static final Logger LOG = LoggerFactory.getLogger(PublishingListener.class);
    static final int MAX_WAITING = 1000;
    private static final int MAX_OPEN_CLIPS = 4;

    private final MqttPublisher publisher;
    private final String fixedDevice;
    private final String idPrefix;
    private String device;
    private final Deque<Object[]> waiting = new ArrayDeque<>();
    private final Map<Long, ClipAssembler> clips = new LinkedHashMap<>();
    /** The line each open clip belongs to (absent: a recording, or detection audio that follows no line). */
    private final Map<Long, ClipLines.Line> clipLines = new LinkedHashMap<>();
    private final ClipLines lines = new ClipLines();
    private long droppedBeforeHello;

    /** @param fixedDevice the device id, or null to use the HELLO's model id */
    public PublishingListener(MqttPublisher publisher, String fixedDevice) {
        this(publisher, fixedDevice, null);
    }

    /**
     * @param fixedDevice the device id, or null to make it from HELLO
     * @param idPrefix    without a fixed id: the id is {@code idPrefix-<model id>} (null: the model id alone)
     */
    public PublishingListener(MqttPublisher publisher, String fixedDevice, String idPrefix) {
        this.publisher = publisher;
        this.fixedDevice = fixedDevice == null ? null : DeviceIds.require(fixedDevice, "--device-id");
        this.idPrefix = idPrefix;
        this.device = this.fixedDevice;
    }

    /** The device id made from a HELLO's model id (see the constructor), or null when none is usable. */
    String idFromHello(String modelId) {
        if (idPrefix == null) {
            return DeviceIds.valid(modelId) ? modelId : null;
        }
        String id = DeviceIds.sanitize(idPrefix + "-" + modelId, null);
        return id;
    }

    @Override
    public void onMessage(Message m) {
        Instant now = Instant.now();
        if (m instanceof Message.Hello h && fixedDevice == null) {
            String id = idFromHello(h.modelId());
            if (id == null) {
                LOG.error("HELLO model id '{}' is not a usable device id ({}); give one with --device-id; not publishing",
                        DeviceIds.printable(h.modelId()), DeviceIds.problem(h.modelId()));
                return;
            }
            if (!id.equals(device)) {
                LOG.info("publishing as device '{}' (from HELLO)", id);
            }
            device = id;
        }
        if (m instanceof Message.Aud a) {
            clip(a, now);
            return;
        }
        lines.onMessage(m, now);
        if (!(m instanceof Message.Hello || m instanceof Message.Det || m instanceof Message.Stat)) {
            return;
        }
        if (device == null) {
            if (waiting.size() >= MAX_WAITING) {
                waiting.removeFirst();
                if (droppedBeforeHello++ % 1000 == 0) {
                    LOG.warn("no HELLO yet and no --device-id: not publishing the oldest waiting messages ({} dropped)", droppedBeforeHello);
                }
            }
            waiting.addLast(new Object[] {m, now});
            return;
        }
        while (!waiting.isEmpty()) {
            Object[] w = waiting.removeFirst();
            publisher.publish(device, (Message) w[0], (Instant) w[1]);
        }
        publisher.publish(device, m, now);
    }

    private void clip(Message.Aud a, Instant now) {
        ClipAssembler c = clips.get(a.clipId());
        if (c == null) {
            if (clips.size() >= MAX_OPEN_CLIPS) {
                Long oldest = clips.keySet().iterator().next();
                clipLines.remove(oldest);
                LOG.warn("clip {} incomplete ({}); not published", oldest, clips.remove(oldest).missingReason());
            }
            c = new ClipAssembler(a.clipId(), a.total());
            clips.put(a.clipId(), c);
            if (!lines.isRecording(a.clipId())) {
                ClipLines.Line l = lines.claim(now); // at the first chunk: one clip per line
                if (l != null) {
                    clipLines.put(a.clipId(), l);
                }
            }
        }
        c.accept(a);
        if (c.complete()) {
            clips.remove(a.clipId());
            ClipLines.Line line = clipLines.remove(a.clipId());
            boolean recording = lines.isRecording(a.clipId());
            lines.recordingDone(a.clipId());
            if (device != null) {
                publisher.publishClip(device, a.clipId(), c.samples(), now, recording ? "recording" : "review",
                        recording ? null : line);
            }
        }
    }
}
