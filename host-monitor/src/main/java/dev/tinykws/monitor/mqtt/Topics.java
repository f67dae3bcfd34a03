package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;

import java.util.Set;

/**
 * Topic layout: {@code PREFIX/<device-id>/<type>}, {@code type} one of {@link #TYPES}.
 * <ul>
 *   <li>{@code hello} (retained): the device's HELLO facts;</li>
 *   <li>{@code det}, {@code stat}, {@code clip}: detections, health, recorded clips;</li>
 *   <li>{@code status} (retained): online/offline, the offline one being the connection's last will.</li>
 * </ul>
 * The fleet confirms what it stored on {@code PREFIX-ack/<device-id>} ({@link #ack}): outside {@code PREFIX/#}, so
 * the fleet's own subscription does not receive its acks back.
 */
public final class Topics {
    public static final String HELLO = "hello";
    public static final String DET = "det";
    public static final String STAT = "stat";
    public static final String CLIP = "clip";
    public static final String STATUS = "status";
    public static final Set<String> TYPES = Set.of(HELLO, DET, STAT, CLIP, STATUS);

    private Topics() {
    }

    public static String topic(String prefix, String device, String type) {
        return prefix + "/" + device + "/" + type;
    }

    /** Where the fleet confirms the entries of {@code device} it stored. */
    public static String ack(String prefix, String device) {
        return prefix + "-ack/" + device;
    }

    /** The subscription covering every device below {@code prefix}. */
    public static String all(String prefix) {
        return prefix + "/#";
    }

    static void checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > 128) {
            throw new MonitorException("topic prefix must be 1..128 characters");
        }
        for (String level : prefix.split("/", -1)) {
            if (level.isEmpty() || level.contains("+") || level.contains("#") || level.equals("..") || level.startsWith("$")) {
                throw new MonitorException("bad topic prefix '" + DeviceIds.printable(prefix)
                        + "': levels must be non-empty, without + # $ or ..");
            }
        }
    }

    /**
     * A topic split into device and type.
     *
     * @param device the device level (not validated here)
     * @param type   the type level (not validated here)
     */
    public record Parsed(String device, String type) {
    }

    /** @return the device and type of {@code topic} below {@code prefix}, or null when it has another shape */
    public static Parsed parse(String prefix, String topic) {
        if (topic == null || !topic.startsWith(prefix + "/")) {
            return null;
        }
        String rest = topic.substring(prefix.length() + 1);
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new Parsed(rest.substring(0, slash), rest.substring(slash + 1));
    }
}
