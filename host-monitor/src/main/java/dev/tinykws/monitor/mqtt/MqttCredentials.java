package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Username/password for the broker and TLS trust. {@link #toString()} never shows the password.
 *
 * @param username null for none
 * @param password null for none
 * @param caFile   PEM file with the CA certificate(s) to trust for {@code mqtts://}; null uses the JDK's trust store
 */
public record MqttCredentials(String username, char[] password, Path caFile) {
    public static final String ENV_USERNAME = "TINYKWS_MQTT_USERNAME";
    public static final String ENV_PASSWORD = "TINYKWS_MQTT_PASSWORD";

    public static MqttCredentials none() {
        return new MqttCredentials(null, null, null);
    }

    /**
     * Options first, then the environment ({@value #ENV_USERNAME}, {@value #ENV_PASSWORD}). A password file's first
     * line is the password (so it stays out of {@code ps} and shell history).
     */
    public static MqttCredentials resolve(String username, Path passwordFile, Path caFile, Map<String, String> env) {
        String user = username != null ? username : env.get(ENV_USERNAME);
        char[] pass = null;
        if (passwordFile != null) {
            try {
                String first = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                pass = first.toCharArray();
            } catch (IOException e) {
                throw new MonitorException("cannot read the password file " + passwordFile + ": " + e.getMessage(), e);
            }
        } else if (env.get(ENV_PASSWORD) != null) {
            pass = env.get(ENV_PASSWORD).toCharArray();
        }
        if (pass != null && user == null) {
            throw new MonitorException("a broker password was given without a username (--mqtt-username or " + ENV_USERNAME + ")");
        }
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new MonitorException("cannot read the CA file " + caFile + " (--mqtt-ca takes a PEM certificate)");
        }
        return new MqttCredentials(user, pass, caFile);
    }

    @Override
    public String toString() {
        return "MqttCredentials[username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", caFile=" + caFile + "]";
    }
}
