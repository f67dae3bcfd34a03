package dev.tinykws.monitor.cli;

import dev.tinykws.monitor.error.MonitorException;
import dev.tinykws.monitor.mqtt.MqttPublisher;

import dev.tinykws.monitor.mqtt.SimulatedFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/** {@code tinykws monitor simulate --devices N --publish URL}: many simulated devices straight to a broker. */
final class FleetSimulationRun {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulationRun.class);

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
        try (MqttPublisher publisher = options.open(Path.of("tinykws-sim-outbox"))) {
            SimulatedFleet fleet = new SimulatedFleet(publisher, devices, "sim-");
            Thread hook = new Thread(fleet::stop, "simulate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("{} simulated device(s), {} detection(s)/s each, publishing to {}", devices, rate, options.publish);
            fleet.run(rate, duration, count, System.nanoTime());
            LOG.info("waiting up to 30 s for the outbox to be confirmed");
            if (!publisher.drain(30_000)) {
                LOG.warn("{} message(s) still unconfirmed; they stay in the outbox for the next run", publisher.stats().unconfirmed());
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
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
