package dev.tinykws.monitor.transport;

import java.io.Closeable;
import java.io.IOException;

/** An open byte link to a device. */
public interface Connection extends Closeable {
    /**
     * Reads available bytes, waiting at most a short poll interval (about 200 ms).
     *
     * @return bytes read, 0 when nothing arrived in the interval, -1 when the link ended
     *         (EOF, device unplugged, peer closed)
     */
    int read(byte[] buf) throws IOException;

    /** Writes all of {@code data}. */
    void write(byte[] data) throws IOException;

    @Override
    void close();
}
