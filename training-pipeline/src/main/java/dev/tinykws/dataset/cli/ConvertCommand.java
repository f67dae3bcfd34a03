package dev.tinykws.dataset.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true)
public final class ConvertCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
