package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.cli.FleetCommand;
import dev.tinykws.monitor.cli.MonitorCommand;
import dev.tinykws.monitor.testutil.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM (what Ctrl-C does) to {@code monitor simulate --publish} and to {@code fleet} in a child JVM: the
 * shutdown hook waits for the clean-up, so the publisher and the store are closed before the JVM halts (the hooks
 * used to only signal, and the JVM halted mid-close).
 */
@Timeout(120)
class GracefulStopTest {
    @TempDir
    Path dir;

    private Process java(Path log, String main, String... args) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), main));
        cmd.addAll(java.util.List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void ctrlCClosesThePublisherAndTheFleetStore() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            String url = broker.url("stop");
            Path fleetLog = dir.resolve("fleet.log");
            Process fleet = java(fleetLog, FleetCommand.class.getName(), "--broker", url, "--db",
                    dir.resolve("fleet.db").toString(), "--web", "off");
            assertTrue(waitFor(() -> read(fleetLog).contains("fleet subscribed"), 30_000), read(fleetLog));
            Path gwLog = dir.resolve("gateway.log");
            Process gateway = java(gwLog, MonitorCommand.class.getName(), "simulate", "--devices", "3", "--rate", "20",
                    "--duration", "60s", "--publish", url, "--outbox", dir.resolve("outbox").toString());
            assertTrue(waitFor(() -> read(gwLog).contains("connected in"), 30_000), read(gwLog));
            Thread.sleep(1000);
            gateway.destroy(); // SIGTERM
            assertTrue(gateway.waitFor(40, TimeUnit.SECONDS));
            assertTrue(read(gwLog).contains("publisher closed"), read(gwLog));
            fleet.destroy();
            assertTrue(fleet.waitFor(40, TimeUnit.SECONDS));
            assertTrue(read(fleetLog).contains("closed"), read(fleetLog));
            assertTrue(read(fleetLog).contains("fleet stopped"), read(fleetLog));
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
