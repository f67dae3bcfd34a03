package dev.tinykws.dataset.cli;

import dev.tinykws.contract.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** picocli adapter of {@link Durations#parse}: {@code 500ms}, {@code 4s}, {@code 5m} (docs/cli.md). */
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
