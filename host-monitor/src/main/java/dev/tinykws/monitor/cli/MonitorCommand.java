package dev.tinykws.monitor.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

/** Placeholder until the monitor lands. */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class MonitorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tinykws monitor: not implemented yet");
        return 2;
    }
}
