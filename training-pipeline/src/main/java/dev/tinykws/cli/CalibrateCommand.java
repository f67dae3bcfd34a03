package dev.tinykws.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until its owner lands the real command. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class CalibrateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws calibrate: not implemented yet");
        return 2;
    }
}
