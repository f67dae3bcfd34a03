package dev.tinykws.monitor.cli;

import dev.tinykws.contract.Durations;
import picocli.CommandLine;

import java.time.Duration;

/**
 * picocli adapter of {@link Durations#parse}: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} (a bare
 * number means seconds). Public so the root CLI's commands use the same convention (docs/cli.md).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
