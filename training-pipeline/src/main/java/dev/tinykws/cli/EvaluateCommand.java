package dev.tinykws.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until its owner lands the real command. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class EvaluateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws evaluate: not implemented yet");
        return 2;
    }
}
