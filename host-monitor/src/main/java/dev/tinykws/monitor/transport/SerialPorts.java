package dev.tinykws.monitor.transport;

import com.fazecast.jSerialComm.SerialPort;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Serial port discovery through jSerialComm. */
public final class SerialPorts {
    /** Names of USB serial devices a board shows up as (Linux, macOS, Windows). */
    private static final Pattern LIKELY = Pattern.compile(".*(ttyACM\\d+|ttyUSB\\d+|cu\\.usbmodem.*|cu\\.usbserial.*|tty\\.usbmodem.*|COM\\d+)$");

    /**
     * One port.
     *
     * @param path        what to pass to {@code --port}
     * @param description jSerialComm's descriptive name
     * @param details     port description, manufacturer, VID:PID, serial number when known
     * @param likely      looks like a USB board (ttyACM/ttyUSB/usbmodem/COM)
     */
    public record PortInfo(String path, String description, String details, boolean likely) {
    }

    private SerialPorts() {
    }

    public static List<PortInfo> list() {
        List<PortInfo> out = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            String path = p.getSystemPortPath();
            StringBuilder d = new StringBuilder();
            append(d, p.getPortDescription());
            append(d, p.getManufacturer());
            if (p.getVendorID() >= 0 && p.getProductID() >= 0) {
                append(d, String.format("%04x:%04x", p.getVendorID(), p.getProductID()));
            }
            append(d, p.getSerialNumber());
            boolean usb = p.getVendorID() > 0 || LIKELY.matcher(path).matches();
            boolean legacy = path.matches(".*/ttyS\\d+$") && p.getVendorID() <= 0;
            out.add(new PortInfo(path, p.getDescriptivePortName(), d.toString(), usb && !legacy));
        }
        return out;
    }

    private static void append(StringBuilder sb, String s) {
        if (s != null && !s.isBlank() && !"Unknown".equalsIgnoreCase(s)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.trim());
        }
    }
}
