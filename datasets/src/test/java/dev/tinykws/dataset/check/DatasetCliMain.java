package dev.tinykws.dataset.check;

import dev.tinykws.dataset.cli.DatasetCommand;
import picocli.CommandLine;

/** Child-JVM entry point for {@link LargeWavMemoryTest}: {@code tinykws dataset ARGS}. */
public final class DatasetCliMain {
    private DatasetCliMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DatasetCommand()).execute(args));
    }
}
