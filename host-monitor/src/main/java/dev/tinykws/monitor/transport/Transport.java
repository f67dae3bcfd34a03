package dev.tinykws.monitor.transport;

import java.io.IOException;

/** A way to reach a device: a serial port, a TCP serial server, a captured session. */
public interface Transport {
    /** How the user named it: {@code /dev/ttyACM0}, {@code tcp://127.0.0.1:4000}, {@code replay:session.raw}. */
    String name();

    /** Opens a new connection; fails when the device is absent. */
    Connection open() throws IOException;

    /** Whether it makes sense to open again after the link ended (false for replays and streams). */
    boolean reconnectable();

    /**
     * Parses a {@code --port} value: {@code tcp://host:port} (ser2net-style raw TCP) or a serial port
     * path/name for jSerialComm.
     */
    static Transport of(String port, int baud) {
        if (port.startsWith("tcp://")) {
            return TcpTransport.parse(port);
        }
        return new SerialTransport(port, baud);
    }
}
