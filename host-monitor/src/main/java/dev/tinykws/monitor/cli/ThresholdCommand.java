package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.device.DeviceClient;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tinykws monitor threshold --port P 0.85}. */
@Command(name = "threshold", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Set the device's detection threshold.",
                "Sends $TKWS,THRESH and waits for the ACK; prints nothing on stdout, the log on stderr says what happened."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the device acknowledged", "1:no ACK after the retries, or the port cannot be opened",
                "2:usage error: unknown option, bad value, missing required option"})
public final class ThresholdCommand implements Callable<Integer> {
    @Mixin
    PortOptions portOptions;

    @Parameters(index = "0", paramLabel = "THRESHOLD", description = "Detection threshold, 0.000..1.000.")
    double threshold;

    @Option(names = "--timeout", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to wait for the ACK (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", defaultValue = "2", description = "Resend when no ACK arrives (default: ${DEFAULT-VALUE}).")
    int retries;

    @Override
    public Integer call() {
        CliLogging.configure(null, MonitorCommand.useColor("auto"), false);
        try (DeviceClient client = DeviceClient.open(portOptions.transport())) {
            for (int attempt = 0; ; attempt++) {
                try {
                    client.setThreshold(threshold, timeout);
                    return 0;
                } catch (MonitorException e) {
                    if (attempt >= retries || !e.getMessage().startsWith("no ACK")) {
                        throw e;
                    }
                    LoggerFactory.getLogger(ThresholdCommand.class).warn("{}; retrying", e.getMessage());
                }
            }
        } catch (MonitorException e) {
            LoggerFactory.getLogger(ThresholdCommand.class).error("{}", e.getMessage());
            return 1;
        } finally {
            CliLogging.shutdown();
        }
    }
}
