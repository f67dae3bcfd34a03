package dev.tinykws.dataset.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true)
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
