package dev.tinykws.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until its owner lands the real command. */
@Command(name = "eval-stream", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class EvalStreamCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws eval-stream: not implemented yet");
        return 2;
    }
}
