package dev.tinykws.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a run's output folder, held from the first moment of {@code tinykws train}
 * until it ends: an OS file lock ({@link FileChannel#tryLock()}) on {@code <out>/.lock}, so a second
 * run on the same folder (another process, or another thread of this one) is refused with a clear
 * message instead of overwriting the first. The OS releases the lock when the process dies (even on
 * {@code kill -9}), so a crashed run never leaves a stale lock; the file itself stays and only records
 * who held it last (pid, start time) for the message.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name inside the output folder. */
    public static final String FILE = ".lock";
    /**
     * Folders locked by this JVM → holder note. Checked before the file is opened: on POSIX, closing
     * any descriptor of a file drops every lock the process holds on it, so a refused second attempt
     * from this JVM must never open (and close) the lock file.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Path, String> HELD =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code out} (created if missing).
     *
     * @param resume only changes the wording of the refusal
     * @throws TrainingException when another run holds the folder, naming its pid and start time
     */
    public static OutputLock acquire(Path out, boolean resume) {
        Path file = out.resolve(FILE);
        Path key;
        try {
            Files.createDirectories(out);
            key = out.toRealPath();
        } catch (IOException e) {
            throw new TrainingException("cannot create the output folder " + out + ": " + e.getMessage(), e);
        }
        String who = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
        String mine = HELD.putIfAbsent(key, who);
        if (mine != null) {
            throw refused(out, resume, " (" + mine + ")");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(key);
            throw new TrainingException("cannot create the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // cannot happen while HELD is consistent; treat as held
        } catch (IOException e) {
            close(ch);
            HELD.remove(key);
            throw new TrainingException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = holder(ch);
            close(ch);
            HELD.remove(key);
            throw refused(out, resume, holder);
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        } catch (IOException e) {
            // the lock is what matters; the note is only for the message
        }
        return new OutputLock(file, key, ch, lock);
    }

    private static TrainingException refused(Path out, boolean resume, String holder) {
        return new TrainingException((resume ? "cannot resume: " : "")
                + "another `tinykws train` is running on " + out + holder
                + "; wait for it to finish (or stop it), or choose another --out");
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            int n = ch.read(b, 0);
            String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : " (" + s + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
        HELD.remove(key);
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
