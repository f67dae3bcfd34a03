package dev.tinykws.monitor.stats;

import java.time.Instant;

/**
 * Device health from the last {@code STAT} line, plus the worst inference time seen.
 *
 * @param receivedAt      host time of the STAT line
 * @param uptimeMs        device uptime
 * @param inferUs         last inference time
 * @param maxInferUs      largest inference time over the session
 * @param cpuLoadPermille CPU load, 0..1000
 * @param freeRamBytes    free RAM
 * @param audioOverruns   audio buffer overruns since start
 */
public record DeviceHealth(Instant receivedAt, long uptimeMs, long inferUs, long maxInferUs, int cpuLoadPermille,
                           long freeRamBytes, long audioOverruns) {
}
