package dev.tinykws.monitor.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A serial port through jSerialComm (USB CDC boards, USB-UART adapters, pseudo-terminals). */
public final class SerialTransport implements Transport {
    /** Read poll interval, ms. */
    static final int POLL_MS = 200;
    private final String port;
    private final int baud;

    public SerialTransport(String port, int baud) {
        this.port = port;
        this.baud = baud;
    }

    @Override
    public String name() {
        return port;
    }

    public int baud() {
        return baud;
    }

    @Override
    public boolean reconnectable() {
        return true;
    }

    /** "wrong baud rate? ..." naming the common rates other than this port's. */
    public String baudHint(double nonPrintableFraction) {
        StringBuilder others = new StringBuilder();
        for (int b : new int[]{115200, 9600, 19200, 38400, 57600, 230400, 460800, 921600}) {
            if (b != baud) {
                others.append(others.length() == 0 ? "" : ", ").append(b);
            }
        }
        return "wrong baud rate? (now " + baud + ") try --baud " + others
                + (nonPrintableFraction < 0.05 ? "; or this is not a TinyKWS device" : "");
    }

    @Override
    public Connection open() throws IOException {
        if (port.startsWith("/") && !Files.exists(Path.of(port))) {
            throw new IOException(port + " does not exist (device unplugged?)");
        }
        SerialPort sp;
        try {
            sp = SerialPort.getCommPort(port);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port " + port + ": " + e.getMessage(), e);
        }
        sp.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        sp.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        sp.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, POLL_MS, 2000);
        if (!sp.openPort()) {
            throw new IOException("cannot open " + port + " (error " + sp.getLastErrorCode()
                    + "; busy, or no permission: on Linux add yourself to the 'dialout' group)");
        }
        String path = port;
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException {
                int n = sp.readBytes(buf, buf.length);
                if (n < 0 || !sp.isOpen()) {
                    return -1;
                }
                if (n == 0 && path.startsWith("/") && !Files.exists(Path.of(path))) {
                    return -1; // device node gone: unplugged
                }
                return n;
            }

            @Override
            public void write(byte[] data) throws IOException {
                int off = 0;
                while (off < data.length) {
                    int n = sp.writeBytes(data, data.length - off, off);
                    if (n <= 0) {
                        throw new IOException("write to " + path + " failed (error " + sp.getLastErrorCode() + ")");
                    }
                    off += n;
                }
            }

            @Override
            public void close() {
                sp.closePort();
            }
        };
    }
}
