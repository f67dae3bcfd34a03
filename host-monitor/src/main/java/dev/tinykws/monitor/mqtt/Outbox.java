package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * The publisher's on-disk outbox: an append-only log of messages for the broker, kept until they are
 * confirmed (by the broker's PUBACK or by the fleet's ack, see {@link ConfirmMode}).
 *
 * <p>Layout of the folder:
 * <ul>
 *   <li>{@code epoch}: a random id made when the folder is created. Entry numbers are unique within an epoch, so
 *       {@code (device, epoch, n)} identifies a message for ever, even if the folder is deleted and made again.</li>
 *   <li>{@code seg-<first n>.log}: one line per entry, {@code n TAB device TAB type TAB retained TAB json}.
 *       Written with one {@code write(2)} per entry; a group-commit thread fsyncs (one fsync covers every entry
 *       appended meanwhile) and only fsync'd entries are handed to the sender.</li>
 *   <li>{@code confirmed}: every entry below this number is confirmed; segments wholly below it are deleted.</li>
 *   <li>{@code lock}: held (an OS file lock) while the outbox is open, so two processes never append to one
 *       folder (they would write the same numbers twice).</li>
 * </ul>
 * A torn last line (crash mid-write) is cut off when the folder is opened; a write that fails half-way (disk
 * full) is cut off at once, so a retry does not glue onto it. When an fsync fails, nothing after the last good
 * fsync is handed to the sender; it is tried again. A gap in the numbers on disk (a damaged line cut at
 * recovery) is skipped with a warning. Entries are kept in memory up to
 * {@code maxInMemory}; beyond that they stay on disk and are read back as the memory drains, so a long broker
 * outage costs disk, not heap.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final long SEGMENT_BYTES = 32L << 20;
    private static final long FSYNC_RETRY_MS = 1000;

    /** The two file operations that can fail under a full or failing disk; replaced in tests. */
    interface Io {
        Io REAL = new Io() {
        };

        default int write(FileChannel ch, ByteBuffer b) throws IOException {
            return ch.write(b);
        }

        default void force(FileChannel ch) throws IOException {
            ch.force(false);
        }
    }

    /** One message waiting for confirmation. The send fields are only touched by the sender thread. */
    public static final class Entry {
        final long n;
        final String device;
        final String type;
        final boolean retained;
        final byte[] payload;
        long sentNanos;
        long sentLinkEpoch = -1;
        int attempts;

        Entry(long n, String device, String type, boolean retained, byte[] payload) {
            this.n = n;
            this.device = device;
            this.type = type;
            this.retained = retained;
            this.payload = payload;
        }

        public long n() {
            return n;
        }

        public String device() {
            return device;
        }

        public String type() {
            return type;
        }

        public boolean retained() {
            return retained;
        }

        public byte[] payload() {
            return payload;
        }
    }

    private final Path dir;
    private final String epoch;
    private final boolean fsync;
    private final int maxInMemory;
    private final NavigableMap<Long, Entry> pending = new ConcurrentSkipListMap<>();
    /** {@code pending.size()} without its O(n) walk. */
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final Io io;
    private FileChannel lockChannel;
    private FileLock fileLock;
    private final Object lock = new Object();
    private final Thread syncer;
    private final Runnable onDurable;
    private FileChannel segment;
    private long segmentStart;
    private long segmentBytes;
    private long last;
    private volatile long durable;
    private long diskNext;
    private long writtenConfirmed = -1;
    private boolean closed;
    private long appended;

    private Outbox(Path dir, String epoch, boolean fsync, int maxInMemory, Runnable onDurable, Io io) {
        this.dir = dir;
        this.io = io;
        this.epoch = epoch;
        this.fsync = fsync;
        this.maxInMemory = maxInMemory;
        this.onDurable = onDurable;
        this.syncer = new Thread(this::syncLoop, "outbox-sync");
        this.syncer.setDaemon(true);
    }

    /**
     * Opens (or creates) the outbox in {@code dir}.
     *
     * @param fsync       fsync before an entry is handed to the sender (group commit); false trusts the page cache
     * @param maxInMemory entries kept in memory; more stay on disk until the memory drains
     * @param onDurable   called (from the sync thread) when new entries are durable; may be null
     */
    public static Outbox open(Path dir, boolean fsync, int maxInMemory, Runnable onDurable) {
        return open(dir, fsync, maxInMemory, onDurable, Io.REAL);
    }

    static Outbox open(Path dir, boolean fsync, int maxInMemory, Runnable onDurable, Io io) {
        FileChannel lockChannel = null;
        FileLock fileLock = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null; // held by this JVM
            }
            if (fileLock == null) {
                lockChannel.close();
                throw new MonitorException("the outbox " + dir.toAbsolutePath() + " is in use by another monitor (its lock file "
                        + dir.resolve("lock") + " is held); give each monitor its own folder with --outbox");
            }
            Path epochFile = dir.resolve("epoch");
            String epoch;
            if (Files.exists(epochFile)) {
                epoch = Files.readString(epochFile, StandardCharsets.US_ASCII).trim();
                if (!epoch.matches("[0-9a-f]{16}")) {
                    throw new MonitorException("outbox " + dir + " has a damaged epoch file; move the folder away to start a new outbox");
                }
            } else {
                byte[] b = new byte[8];
                new SecureRandom().nextBytes(b);
                epoch = HexFormat.of().formatHex(b);
                writeAtomically(epochFile, epoch + "\n");
            }
            Outbox o = new Outbox(dir, epoch, fsync, Math.max(16, maxInMemory), onDurable == null ? () -> { } : onDurable, io);
            o.lockChannel = lockChannel;
            o.fileLock = fileLock;
            o.recover();
            o.syncer.start();
            return o;
        } catch (IOException | RuntimeException e) {
            releaseLock(fileLock, lockChannel);
            if (e instanceof MonitorException m) {
                throw m;
            }
            throw new MonitorException("cannot open the outbox " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void releaseLock(FileLock l, FileChannel ch) {
        try {
            if (l != null && l.isValid()) {
                l.release();
            }
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    public String epoch() {
        return epoch;
    }

    public Path dir() {
        return dir;
    }

    private void recover() throws IOException {
        long confirmed = 1;
        Path cf = dir.resolve("confirmed");
        if (Files.exists(cf)) {
            String s = Files.readString(cf, StandardCharsets.US_ASCII).trim();
            if (s.matches("\\d{1,18}")) {
                confirmed = Math.max(1, Long.parseLong(s));
            }
        }
        List<Path> segs = segments();
        last = confirmed - 1;
        for (int i = 0; i < segs.size(); i++) {
            Path seg = segs.get(i);
            long validBytes = 0;
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                ByteBuffer all = ByteBuffer.allocate((int) Math.min(ch.size(), Integer.MAX_VALUE));
                while (all.hasRemaining() && ch.read(all) >= 0) {
                    // read it all
                }
                byte[] bytes = all.array();
                int start = 0;
                for (int p = 0; p < bytes.length; p++) {
                    if (bytes[p] == '\n') {
                        Entry e = parse(new String(bytes, start, p - start, StandardCharsets.UTF_8));
                        if (e == null) {
                            break;
                        }
                        last = Math.max(last, e.n);
                        start = p + 1;
                        validBytes = start;
                    }
                }
                if (validBytes < bytes.length) {
                    LOG.warn("outbox {}: cutting a torn or damaged tail of {} byte(s) (crash while writing)", seg,
                            bytes.length - validBytes);
                }
            }
            if (validBytes < Files.size(seg)) {
                try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                    ch.truncate(validBytes);
                    ch.force(true);
                }
            }
        }
        durable = last;
        diskNext = confirmed;
        writtenConfirmed = confirmed;
        refill();
        if (!segs.isEmpty()) {
            Path lastSeg = segs.get(segs.size() - 1);
            segmentStart = segmentStart(lastSeg);
            segment = FileChannel.open(lastSeg, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            segmentBytes = segment.size();
        }
        long waiting = last - confirmed + 1;
        if (waiting > 0) {
            LOG.info("outbox {}: {} unconfirmed message(s) from before (n {}..{}) will be sent again", dir, waiting, confirmed, last);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("seg-\\d{20}\\.log")).sorted().toList();
        }
    }

    private static long segmentStart(Path seg) {
        String name = seg.getFileName().toString();
        return Long.parseLong(name.substring(4, 24));
    }

    private static Entry parse(String line) {
        String[] f = line.split("\t", 5);
        if (f.length != 5 || !f[0].matches("\\d{1,18}") || !(f[3].equals("0") || f[3].equals("1"))) {
            return null;
        }
        return new Entry(Long.parseLong(f[0]), f[1], f[2], f[3].equals("1"), f[4].getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a message and returns its number {@code n} (1, 2, ... within this outbox's epoch).
     *
     * @param payload builds the JSON payload from {@code n}; must not contain a newline or a tab outside strings
     */
    public long append(String device, String type, boolean retained, LongFunction<byte[]> payload) {
        synchronized (lock) {
            if (closed) {
                throw new MonitorException("outbox " + dir + " is closed");
            }
            long n = last + 1;
            byte[] json = payload.apply(n);
            for (byte b : json) {
                if (b == '\n' || b == '\r' || b == '\t') {
                    throw new IllegalArgumentException("payload contains a line break or tab");
                }
            }
            byte[] head = (n + "\t" + device + "\t" + type + "\t" + (retained ? "1" : "0") + "\t").getBytes(StandardCharsets.UTF_8);
            ByteBuffer line = ByteBuffer.allocate(head.length + json.length + 1);
            line.put(head).put(json).put((byte) '\n').flip();
            try {
                if (segment == null || segmentBytes >= SEGMENT_BYTES) {
                    roll(n);
                }
            } catch (IOException e) {
                throw new MonitorException("cannot append to the outbox " + dir + " (disk full?): " + e.getMessage(), e);
            }
            try {
                while (line.hasRemaining()) {
                    io.write(segment, line);
                }
                segmentBytes += line.limit();
            } catch (IOException e) {
                cutTornWrite();
                throw new MonitorException("cannot append to the outbox " + dir + " (disk full?): " + e.getMessage(), e);
            }
            last = n;
            appended++;
            if (diskNext == n && pendingCount.get() < maxInMemory) {
                putPending(new Entry(n, device, type, retained, json));
                diskNext = n + 1;
            }
            if (!fsync) {
                durable = n;
            }
            lock.notifyAll();
        }
        if (!fsync) {
            onDurable.run();
        }
        return last;
    }

    /**
     * After a failed write, cuts the segment back to its last whole line, so the next append does not glue onto
     * a torn one. When even that fails, the segment is left (recovery cuts its torn tail) and the next append
     * starts a new one. Under {@link #lock}.
     */
    private void cutTornWrite() {
        try {
            segment.truncate(segmentBytes);
        } catch (IOException e) {
            LOG.error("outbox {}: cannot cut a torn write ({}); continuing in a new segment", dir, e.getMessage());
            try {
                io.force(segment); // what was appended before the torn line
                segment.close();
            } catch (IOException ignored) {
                // going to a new segment anyway
            }
            segment = null;
        }
    }

    private void putPending(Entry e) {
        if (pending.put(e.n, e) == null) {
            pendingCount.incrementAndGet();
        }
    }

    private void roll(long firstN) throws IOException {
        if (segment != null) {
            segment.force(false);
            segment.close();
        }
        Path seg = dir.resolve(String.format("seg-%020d.log", firstN));
        segment = FileChannel.open(seg, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentStart = firstN;
        segmentBytes = segment.size();
        if (fsync) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // directories cannot be fsync'd on every platform
            }
        }
    }

    private void syncLoop() {
        while (true) {
            long target;
            FileChannel ch;
            synchronized (lock) {
                while (!closed && last == durable) {
                    try {
                        lock.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                target = last;
                ch = segment;
            }
            if (ch != null) {
                try {
                    io.force(ch);
                } catch (java.nio.channels.ClosedChannelException e) {
                    // rolled meanwhile: roll() forced it before closing
                } catch (IOException e) {
                    // not durable: nothing after the last good fsync goes to the sender; try again
                    LOG.error("outbox {}: fsync failed: {}; entries {}..{} are held back until an fsync succeeds", dir,
                            e.getMessage(), durable + 1, target);
                    synchronized (lock) {
                        try {
                            lock.wait(FSYNC_RETRY_MS);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                    continue;
                }
            }
            synchronized (lock) {
                durable = Math.max(durable, target);
            }
            onDurable.run();
        }
    }

    /** The highest entry number that is on disk (fsync'd when fsync is on). */
    public long durable() {
        return durable;
    }

    /** The highest entry number appended. */
    public long last() {
        synchronized (lock) {
            return last;
        }
    }

    /** Entries in memory, not yet confirmed, in order; the sender walks this (read-only) view. */
    public NavigableMap<Long, Entry> pending() {
        return Collections.unmodifiableNavigableMap(pending);
    }

    /** Marks entry {@code n} confirmed (stored by the fleet, or accepted by the broker). */
    public boolean confirm(long n) {
        if (pending.remove(n) != null) {
            pendingCount.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Unconfirmed entries, in memory and on disk. */
    public long unconfirmed() {
        synchronized (lock) {
            return pendingCount.get() + (last - diskNext + 1);
        }
    }

    public long appendedThisSession() {
        synchronized (lock) {
            return appended;
        }
    }

    /** Every entry below this number is confirmed. */
    public long lowWatermark() {
        synchronized (lock) {
            // confirm() removes without the lock: one call, never isEmpty() then firstKey()
            var first = pending.firstEntry();
            return first != null ? first.getKey() : diskNext;
        }
    }

    /** Reads entries that stayed on disk back into memory when there is room (after a long outage). */
    public void refill() throws IOException {
        long from;
        long to;
        synchronized (lock) {
            if (diskNext > last || pendingCount.get() > maxInMemory / 2) {
                return;
            }
            from = diskNext;
            to = last;
        }
        int room = maxInMemory - pendingCount.get();
        List<Entry> loaded = new ArrayList<>();
        for (Path seg : segments()) {
            try (BufferedReader r = Files.newBufferedReader(seg, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null && loaded.size() < room) {
                    Entry e = parse(line);
                    if (e != null && e.n >= from && e.n <= to) {
                        loaded.add(e);
                    }
                }
            }
            if (loaded.size() >= room) {
                break;
            }
        }
        synchronized (lock) {
            long next = from;
            for (Entry e : loaded) {
                if (e.n < next) {
                    continue;
                }
                if (e.n > next) {
                    LOG.warn("outbox {}: entries {}..{} are missing on disk (a damaged line cut at recovery?); skipped",
                            dir, next, e.n - 1);
                }
                putPending(e);
                next = e.n + 1;
            }
            diskNext = loaded.isEmpty() ? to + 1 : next;
            if (loaded.isEmpty() && from <= to) {
                LOG.warn("outbox {}: entries {}..{} are missing on disk; skipped", dir, from, to);
            }
        }
    }

    /** Writes the confirmed watermark and deletes segments that hold only confirmed entries. */
    public void checkpoint() throws IOException {
        long lw = lowWatermark();
        if (lw == writtenConfirmed) {
            return;
        }
        writeAtomically(dir.resolve("confirmed"), lw + "\n");
        writtenConfirmed = lw;
        List<Path> segs = segments();
        for (int i = 0; i + 1 < segs.size(); i++) {
            long nextStart = segmentStart(segs.get(i + 1));
            if (nextStart <= lw) {
                synchronized (lock) {
                    if (segmentStart(segs.get(i)) != segmentStart) {
                        Files.deleteIfExists(segs.get(i));
                    }
                }
            }
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        try {
            syncer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try {
                if (segment != null) {
                    segment.force(false);
                    segment.close();
                }
            } catch (IOException e) {
                LOG.warn("outbox {}: close: {}", dir, e.getMessage());
            }
        }
        try {
            checkpoint();
        } catch (IOException e) {
            LOG.warn("outbox {}: checkpoint: {}", dir, e.getMessage());
        }
        releaseLock(fileLock, lockChannel);
    }
}
