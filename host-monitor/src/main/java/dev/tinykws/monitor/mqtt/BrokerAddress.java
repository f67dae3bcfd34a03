package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the MQTT broker is: {@code mqtt://HOST:PORT[/PREFIX]} or {@code mqtts://HOST:PORT[/PREFIX]} (TLS).
 * Credentials are never part of the address (they would end up in shell history, {@code ps} and logs):
 * they come from {@link MqttCredentials}.
 *
 * @param tls    true for {@code mqtts://}
 * @param host   broker host
 * @param port   broker port (default 1883, 8883 with TLS)
 * @param prefix topic prefix without leading or trailing slash (default {@code tinykws})
 */
public record BrokerAddress(boolean tls, String host, int port, String prefix) {
    public static final String DEFAULT_PREFIX = "tinykws";

    public BrokerAddress {
        Topics.checkPrefix(prefix);
    }

    /** Parses {@code mqtt://HOST[:PORT][/PREFIX]}; a bad address is a {@link MonitorException} saying what is expected. */
    public static BrokerAddress parse(String text) {
        String expected = "expected mqtt://HOST:PORT[/PREFIX] or mqtts://HOST:PORT[/PREFIX], e.g. mqtt://127.0.0.1:1883/tinykws";
        if (text == null || text.isBlank()) {
            throw new MonitorException("no broker address; " + expected);
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new MonitorException("bad broker address '" + redact(text) + "': " + e.getReason() + "; " + expected);
        }
        String scheme = uri.getScheme();
        boolean tls;
        if ("mqtt".equalsIgnoreCase(scheme) || "tcp".equalsIgnoreCase(scheme)) {
            tls = false;
        } else if ("mqtts".equalsIgnoreCase(scheme) || "ssl".equalsIgnoreCase(scheme)) {
            tls = true;
        } else {
            throw new MonitorException("bad broker address '" + redact(text) + "': scheme must be mqtt or mqtts; " + expected);
        }
        if (uri.getRawUserInfo() != null) {
            throw new MonitorException("do not put credentials in the broker address (they would show in logs and `ps`); "
                    + "use --mqtt-username and TINYKWS_MQTT_PASSWORD or --mqtt-password-file");
        }
        if (uri.getHost() == null) {
            throw new MonitorException("bad broker address '" + redact(text) + "': no host; " + expected);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new MonitorException("bad broker address '" + redact(text) + "': no ?query or #fragment allowed; " + expected);
        }
        int port = uri.getPort() < 0 ? (tls ? 8883 : 1883) : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new BrokerAddress(tls, uri.getHost(), port, path.isEmpty() ? DEFAULT_PREFIX : path);
    }

    /** The URI Paho connects to ({@code tcp://} or {@code ssl://}). */
    public String pahoUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (tls ? "ssl://" : "tcp://") + h + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + host + ":" + port + "/" + prefix;
    }

    private static String redact(String text) {
        int at = text.indexOf('@');
        int scheme = text.indexOf("://");
        return at > 0 && scheme >= 0 && at > scheme ? text.substring(0, scheme + 3) + "***@" + text.substring(at + 1) : text;
    }
}
