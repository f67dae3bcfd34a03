package dev.tinykws.monitor.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinykws.monitor.error.MonitorException;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends detections to a JSON-lines file, one object per event, each written with a single
 * {@code write(2)} as soon as it arrives: a crash or {@code kill -9} of the monitor loses nothing
 * already appended and never leaves half a line. Reopening an existing file appends to it (after
 * repairing a torn last line, should the machine itself have crashed mid-write).
 *
 * <p>Object fields: {@code host_time} (ISO-8601 UTC), {@code device}, {@code port}, {@code t_ms},
 * {@code keyword}, {@code score}, {@code seq}.
 */
public final class DetectionLog implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path file;
    private final FileChannel channel;
    private final boolean fsync;
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);
    private long written;

    private DetectionLog(Path file, FileChannel channel, boolean fsync) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
    }

    /**
     * Opens {@code file} for appending, creating it and its folder.
     *
     * @param fsync also {@code fsync} after each event (survives a power cut, costs a disk flush per event)
     */
    public static DetectionLog open(Path file, boolean fsync) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean torn = false;
            if (Files.exists(file) && Files.size(file) > 0) {
                try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    r.read(last, r.size() - 1);
                    torn = last.get(0) != '\n';
                }
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (torn) {
                ch.write(ByteBuffer.wrap(new byte[]{'\n'}));
            }
            return new DetectionLog(file, ch, fsync);
        } catch (IOException e) {
            throw new MonitorException("cannot open detection log " + file + " for appending: " + e.getMessage()
                    + " (check that the --out folder is writable)", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one event and returns once it is in the file (the OS page cache, or the disk with fsync). */
    public synchronized void append(DetectionEvent e) {
        scratch.reset();
        try (JsonGenerator g = JSON.createGenerator(scratch)) {
            g.writeStartObject();
            g.writeStringField("host_time", e.hostTime().toString());
            g.writeStringField("device", e.device());
            g.writeStringField("port", e.port());
            g.writeNumberField("t_ms", e.tMs());
            g.writeStringField("keyword", e.keyword());
            g.writeFieldName("score");
            g.writeNumber(e.score()); // validated 0.xxx on the wire: written exactly as received
            g.writeNumberField("seq", e.seq());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new MonitorException("cannot encode detection " + e, ex);
        }
        scratch.write('\n');
        ByteBuffer buf = ByteBuffer.wrap(scratch.toByteArray());
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException ex) {
            throw new MonitorException("cannot append to " + file + ": " + ex.getMessage() + " (disk full?)", ex);
        }
        written++;
    }

    /** Events appended through this instance. */
    public synchronized long written() {
        return written;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to save: every event was written when it arrived
        }
    }

    /** Reads a detection log back; a torn last line (machine crash) is skipped. */
    public static List<DetectionEvent> readAll(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        List<DetectionEvent> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = mapper.readTree(line);
                } catch (IOException torn) {
                    continue;
                }
                out.add(new DetectionEvent(Instant.parse(n.get("host_time").asText()), n.get("device").asText(),
                        n.path("port").asText(""), n.get("t_ms").asLong(), n.get("keyword").asText(),
                        n.get("score").decimalValue().setScale(3).toPlainString(), n.get("seq").asInt()));
            }
        } catch (IOException e) {
            throw new MonitorException("cannot read detection log " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
