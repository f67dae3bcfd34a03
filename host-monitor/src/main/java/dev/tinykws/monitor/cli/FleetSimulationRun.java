package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.mqtt.MqttPublisher;

import dev.tinykws.monitor.mqtt.SimulatedFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** {@code tinykws monitor simulate --devices N --publish URL}: many simulated devices straight to a broker. */
final class FleetSimulationRun {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulationRun.class);
    /** The outbox of {@code monitor simulate --publish} without {@code --outbox} (relative to the working directory). */
    static final String DEFAULT_OUTBOX = "tinykws-sim-outbox";

    private FleetSimulationRun() {
    }

    static int run(PublishOptions options, int devices, double rate, Duration duration, long count) {
        if (!options.enabled()) {
            LOG.error("--devices {} needs --publish mqtt://HOST:PORT[/PREFIX] (one simulated device on TCP: leave out --devices)", devices);
            return 2;
        }
        if (devices < 1 || devices > 100_000) {
            LOG.error("--devices must be 1..100000");
            return 2;
        }
        if (options.deviceId != null) {
            LOG.error("--device-id names one device; with --devices the ids are sim-0001, sim-0002, ...");
            return 2;
        }
        AtomicReference<SimulatedFleet> running = new AtomicReference<>();
        // Ctrl-C stops the devices; the hook then waits until the outbox is drained (shorter) and closed
        GracefulShutdown shutdown = new GracefulShutdown("simulate-shutdown", () -> {
            SimulatedFleet f = running.get();
            if (f != null) {
                f.stop();
            }
        }, Duration.ofSeconds(20));
        try (shutdown; MqttPublisher publisher = options.open(Path.of(DEFAULT_OUTBOX))) {
            SimulatedFleet fleet = new SimulatedFleet(publisher, devices, "sim-");
            running.set(fleet);
            if (shutdown.signalled()) {
                fleet.stop();
            }
            LOG.info("{} simulated device(s), {} detection(s)/s each, publishing to {}", devices, rate, options.publish);
            fleet.run(rate, duration, count, System.nanoTime());
            long drainSeconds = shutdown.signalled() ? 5 : 30;
            LOG.info("waiting up to {} s for the outbox to be confirmed", drainSeconds);
            if (!publisher.drain(drainSeconds * 1000)) {
                LOG.warn("{} message(s) still unconfirmed; they stay in the outbox for the next run", publisher.stats().unconfirmed());
            }
            return 0;
        } catch (MonitorException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.io.IOException e) {
            LOG.error("simulation failed: {}", e.getMessage());
            return 1;
        }
    }
}
