package dev.tinykws.monitor.transport;

import dev.tinykws.monitor.error.MonitorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;

/** Raw serial-over-TCP (ser2net {@code raw} mode, QEMU {@code -serial tcp:...}): bytes in, bytes out. */
public final class TcpTransport implements Transport {
    private final String host;
    private final int port;

    public TcpTransport(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new MonitorException("TCP port " + port + " is outside 1..65535");
        }
        this.host = host;
        this.port = port;
    }

    /** Parses {@code tcp://host:port}. */
    public static TcpTransport parse(String spec) {
        try {
            URI u = new URI(spec);
            if (!"tcp".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
                throw new MonitorException("'" + spec + "' is not tcp://host:port (e.g. tcp://127.0.0.1:4000)");
            }
            return new TcpTransport(u.getHost(), u.getPort());
        } catch (URISyntaxException e) {
            throw new MonitorException("'" + spec + "' is not tcp://host:port (e.g. tcp://127.0.0.1:4000)", e);
        }
    }

    @Override
    public String name() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public boolean reconnectable() {
        return true;
    }

    @Override
    public Connection open() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(200);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        return new Connection() {
            @Override
            public int read(byte[] buf) throws IOException {
                try {
                    return in.read(buf);
                } catch (SocketTimeoutException e) {
                    return 0;
                }
            }

            @Override
            public void write(byte[] data) throws IOException {
                out.write(data);
                out.flush();
            }

            @Override
            public void close() {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a dead socket
                }
            }
        };
    }
}
