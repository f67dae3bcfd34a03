package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.transport.SerialPorts;
import dev.tinykws.monitor.transport.Transport;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code --port} and {@code --baud}, shared by the monitor's commands. */
final class PortOptions {
    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Serial port (/dev/ttyACM0, COM3) or tcp://host:port (ser2net raw, QEMU -serial tcp:). "
                    + "(default: the single USB serial device found, or ask).")
    String port;

    @Option(names = {"-b", "--baud"}, defaultValue = "115200", paramLabel = "BAUD",
            description = "Baud rate for serial ports (default: ${DEFAULT-VALUE}).")
    int baud;

    Transport transport() {
        return Transport.of(port != null ? port : choosePort(), baud);
    }

    /** The single likely board, or a choice on an interactive console, or an actionable error. */
    static String choosePort() {
        List<SerialPorts.PortInfo> likely = SerialPorts.list().stream().filter(SerialPorts.PortInfo::likely).toList();
        if (likely.size() == 1) {
            System.err.println("using " + likely.get(0).path() + " (" + likely.get(0).description() + ")");
            return likely.get(0).path();
        }
        if (likely.isEmpty()) {
            throw new MonitorException("no USB serial device found: plug in the board, or pass --port "
                    + "(a serial port, or tcp://host:port for an emulated or networked device); see --list");
        }
        Console console = System.console();
        if (console == null) {
            throw new MonitorException(likely.size() + " serial devices found (" + String.join(", ",
                    likely.stream().map(SerialPorts.PortInfo::path).toList()) + "): choose one with --port");
        }
        for (int i = 0; i < likely.size(); i++) {
            System.err.printf("  [%d] %s  %s  %s%n", i + 1, likely.get(i).path(), likely.get(i).description(),
                    likely.get(i).details());
        }
        System.err.print("port number? ");
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            int k = Integer.parseInt(answer == null ? "" : answer.trim());
            if (k >= 1 && k <= likely.size()) {
                return likely.get(k - 1).path();
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        throw new MonitorException("no port chosen; pass --port");
    }
}
