package dev.tinykws.monitor.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.device.WavFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The review queue of the field loop: clips the device sent with its detections and near-misses, waiting
 * for a person to say whether the device was right. Stored in a folder (normally {@code OUT/review/}):
 * <pre>
 * review/index.jsonl     one JSON object per line, appended, never rewritten:
 *                        {"type":"clip","id":...,"host_time":...,"device":...,"t_ms":...,"keyword":...,
 *                         "score":"0.912","kind":"det","samples":16000,"file":"clips/ID.wav"}
 *                        {"type":"label","id":...,"label":"yes","by":"web","at":"2026-..Z"}
 * review/clips/ID.wav    16 kHz mono PCM16
 * </pre>
 * A clip's label is its latest label line (a relabel appends another line). Each line is one
 * {@code write(2)} on a file opened for append, so the monitor (adding clips) and {@code tinykws review}
 * or the dashboard (adding labels) can write at the same time. A torn last line (crash mid-write) is
 * skipped on load and closed by the next append. Thread-safe.
 */
public final class ReviewQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);
    /** Clip ids: host epoch milliseconds, dash, line sequence number (optionally a dash and a counter). */
    public static final Pattern ID = Pattern.compile("[0-9]{1,16}-[0-9]{1,5}(-[0-9]{1,4})?");
    /** Label names: the characters of a Speech Commands folder. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final int SAMPLE_RATE = 16_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path index;
    private final Map<String, ReviewClip> clips = new LinkedHashMap<>();
    private long skippedLines;

    private ReviewQueue(Path dir) {
        this.dir = dir;
        this.index = dir.resolve("index.jsonl");
    }

    /** Opens (creating when missing) the queue in {@code dir} and loads its index. */
    public static ReviewQueue open(Path dir) {
        ReviewQueue q = new ReviewQueue(dir);
        try {
            Files.createDirectories(dir.resolve("clips"));
        } catch (IOException e) {
            throw new MonitorException("cannot create the review queue in " + dir + ": " + e.getMessage(), e);
        }
        q.reload();
        return q;
    }

    public Path dir() {
        return dir;
    }

    public Path indexFile() {
        return index;
    }

    /** Re-reads the index (labels written by another process appear). */
    public synchronized void reload() {
        clips.clear();
        skippedLines = 0;
        if (!Files.exists(index)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MonitorException("cannot read " + index + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                apply(JSON.readTree(line));
            } catch (IOException | RuntimeException e) {
                skippedLines++;
                LOG.warn("{}: skipped an unreadable line ({}): {}", index, e.getMessage(),
                        line.length() > 120 ? line.substring(0, 120) + "..." : line);
            }
        }
    }

    private void apply(JsonNode n) {
        String type = n.path("type").asText();
        String id = n.path("id").asText();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad id '" + id + "'");
        }
        if (type.equals("clip")) {
            clips.put(id, new ReviewClip(id, Instant.parse(n.path("host_time").asText()), n.path("device").asText(),
                    n.path("t_ms").asLong(), n.path("keyword").asText(), n.path("score").asText(),
                    n.path("kind").asText("det"), n.path("samples").asInt(), null));
        } else if (type.equals("label")) {
            ReviewClip c = clips.get(id);
            if (c == null) {
                throw new IllegalArgumentException("label for unknown clip " + id);
            }
            clips.put(id, c.withLabel(new ReviewLabel(id, n.path("label").asText(), n.path("by").asText(),
                    Instant.parse(n.path("at").asText()))));
        } else {
            throw new IllegalArgumentException("unknown type '" + type + "'");
        }
    }

    /** Lines of the index that could not be read on the last load. */
    public synchronized long skippedLines() {
        return skippedLines;
    }

    /**
     * Adds a clip: writes {@code clips/<id>.wav}, then appends its index line.
     *
     * @param kind {@code det} or {@code near}
     * @return the clip (pending)
     * @throws MonitorException on a bad argument or when the files cannot be written
     */
    public synchronized ReviewClip add(Instant hostTime, String device, long tMs, String keyword, String score,
                                       String kind, int seq, short[] samples) {
        if (!kind.equals("det") && !kind.equals("near")) {
            throw new MonitorException("review clip kind must be det or near, not '" + kind + "'");
        }
        if (samples.length == 0) {
            throw new MonitorException("review clip has no samples");
        }
        String base = hostTime.toEpochMilli() + "-" + (seq & 0xFFFF);
        String id = base;
        for (int k = 1; clips.containsKey(id) || Files.exists(wavPath(id)); k++) {
            if (k > 9999) {
                throw new MonitorException("too many review clips with id " + base);
            }
            id = base + "-" + k;
        }
        WavFiles.writeNew(wavPath(id), samples, SAMPLE_RATE);
        ObjectNode n = JSON.createObjectNode().put("type", "clip").put("id", id).put("host_time", hostTime.toString())
                .put("device", device).put("t_ms", tMs).put("keyword", keyword).put("score", score).put("kind", kind)
                .put("samples", samples.length).put("file", "clips/" + id + ".wav");
        append(n);
        ReviewClip c = new ReviewClip(id, hostTime, device, tMs, keyword, score, kind, samples.length, null);
        clips.put(id, c);
        return c;
    }

    /**
     * Labels a clip (appends a label line; the latest one counts).
     *
     * @param label the clip's true class ({@link #LABEL})
     * @param by    who labels ({@link #LABEL} characters)
     * @throws MonitorException for an unknown clip or a malformed label
     */
    public synchronized ReviewLabel label(String id, String label, String by, Instant at) {
        if (id == null || !clips.containsKey(id)) {
            throw new MonitorException("no clip '" + id + "' in the review queue " + dir);
        }
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new MonitorException("label '" + label + "' is not a label name ([A-Za-z0-9_-], at most 64)");
        }
        if (by == null || !LABEL.matcher(by).matches()) {
            throw new MonitorException("reviewer '" + by + "' is not a name ([A-Za-z0-9_-], at most 64)");
        }
        ReviewLabel l = new ReviewLabel(id, label, by, at);
        append(JSON.createObjectNode().put("type", "label").put("id", id).put("label", label).put("by", by)
                .put("at", at.toString()));
        clips.put(id, clips.get(id).withLabel(l));
        return l;
    }

    public synchronized Optional<ReviewClip> get(String id) {
        return Optional.ofNullable(id == null ? null : clips.get(id));
    }

    /** All clips, oldest first. */
    public synchronized List<ReviewClip> all() {
        return List.copyOf(clips.values());
    }

    /** Clips without a label, newest first, at most {@code limit}. */
    public synchronized List<ReviewClip> pending(int limit) {
        List<ReviewClip> out = new ArrayList<>();
        for (ReviewClip c : clips.values()) {
            if (c.pending()) {
                out.add(c);
            }
        }
        java.util.Collections.reverse(out); // newest added first among equal times (the sort is stable)
        out.sort(Comparator.comparing(ReviewClip::hostTime).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    public synchronized long pendingCount() {
        return clips.values().stream().filter(ReviewClip::pending).count();
    }

    /** The WAV file of a clip ({@code clips/<id>.wav}); the id is checked first, so no path escapes the queue. */
    public Path wavPath(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new MonitorException("'" + id + "' is not a review clip id");
        }
        return dir.resolve("clips").resolve(id + ".wav");
    }

    private void append(ObjectNode n) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MonitorException("cannot encode a review line: " + e.getMessage(), e);
        }
        try {
            if (Files.exists(index) && Files.size(index) > 0) {
                try (FileChannel r = FileChannel.open(index, StandardOpenOption.READ)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    r.read(last, r.size() - 1);
                    if (last.get(0) != '\n') { // close a line torn by a crash
                        byte[] fixed = new byte[line.length + 1];
                        fixed[0] = '\n';
                        System.arraycopy(line, 0, fixed, 1, line.length);
                        line = fixed;
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        } catch (IOException e) {
            throw new MonitorException("cannot append to " + index + ": " + e.getMessage(), e);
        }
    }
}
