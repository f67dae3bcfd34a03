package dev.tinykws.monitor.fleet;

import dev.tinykws.monitor.cli.MonitorCommand;
import dev.tinykws.monitor.testutil.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tinykws.monitor.fleet.FleetTestSupport.query;
import static dev.tinykws.monitor.fleet.FleetTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway ({@code tinykws monitor simulate --devices 5 --publish ...} in a child JVM) killed with SIGKILL mid-burst
 * and started again on the same outbox: every DET that reached its outbox is stored exactly once.
 */
@Timeout(120)
class PublisherKillTest {
    @TempDir
    Path dir;

    private Process gateway(String url, String duration) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), MonitorCommand.class.getName(),
                "simulate", "--devices", "5", "--rate", "100", "--duration", duration, "--publish", url,
                "--outbox", dir.resolve("outbox").toString(), "--confirm-timeout", "2s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
    }

    @Test
    void aGatewayKilledWithSigkillAndRestartedLosesNothing() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            String url = broker.url("kill");
            Path db = dir.resolve("fleet.db");
            FleetSubscriber fleet = FleetTestSupport.fleet(url, db);
            assertTrue(waitFor(fleet::connected, 10_000));
            Process first = gateway(url, "60s");
            assertTrue(waitFor(() -> fleet.state().storedDetections() >= 500, 30_000), "the gateway did not start publishing");
            first.destroyForcibly();   // SIGKILL
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            long atKill = fleet.state().storedDetections();
            Process second = gateway(url, "2s");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, second.exitValue(), Files.readString(dir.resolve("gateway.log")));
            fleet.awaitIdle(5_000);
            Set<String> appended = new HashSet<>();
            try (Stream<Path> segs = Files.list(dir.resolve("outbox"))) {
                for (Path seg : segs.filter(p -> p.getFileName().toString().startsWith("seg-")).toList()) {
                    for (String line : Files.readAllLines(seg, StandardCharsets.UTF_8)) {
                        List<String> f = List.of(line.split("\t", 5));
                        if (f.get(2).equals("det")) {
                            appended.add(f.get(1) + "/" + f.get(0));
                        }
                    }
                }
            }
            assertTrue(appended.size() > atKill, "nothing appended after the restart");
            assertTrue(waitFor(() -> {
                try {
                    return query(db, "SELECT count(*) FROM detections") == appended.size();
                } catch (Exception e) {
                    return false;
                }
            }, 30_000), "stored " + fleet.state().storedDetections() + " of " + appended.size() + " appended");
            assertEquals(appended.size(), query(db, "SELECT count(DISTINCT device || '/' || n) FROM detections"));
            System.out.printf("gateway kill -9: %d stored at the kill, %d appended in all, %d stored, %d duplicates ignored%n",
                    atKill, appended.size(), query(db, "SELECT count(*) FROM detections"), fleet.state().duplicates());
            fleet.close();
        }
    }
}
