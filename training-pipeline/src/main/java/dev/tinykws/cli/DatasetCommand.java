package dev.tinykws.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until its owner lands the real command. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class DatasetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws dataset: not implemented yet");
        return 2;
    }
}
