package dev.tinykws.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until its owner lands the real command. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws demo: not implemented yet");
        return 2;
    }
}
