package dev.tinykws.monitor.web;

import dev.tinykws.monitor.error.MonitorException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens: {@code [HOST:]PORT} ({@code 8080}, {@code 0.0.0.0:8080}, {@code [::1]:8080});
 * the host defaults to {@code 127.0.0.1}. Port 0 picks a free port.
 */
public record WebBinding(String host, int port) {

    public static WebBinding parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new MonitorException("--web needs [HOST:]PORT, e.g. 8080 or 0.0.0.0:8080");
        }
        String s = spec.trim();
        String host = "127.0.0.1";
        String port = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new MonitorException("--web '" + spec + "': empty host before ':' (leave out the host for 127.0.0.1)");
            }
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            throw new MonitorException("--web '" + spec + "': port '" + port + "' is not 0..65535");
        }
        return new WebBinding(host, Integer.parseInt(port));
    }

    public InetAddress address() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new MonitorException("--web: unknown host '" + host + "': " + e.getMessage(), e);
        }
    }

    /** True when only this machine can connect (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() {
        return address().isLoopbackAddress();
    }
}
