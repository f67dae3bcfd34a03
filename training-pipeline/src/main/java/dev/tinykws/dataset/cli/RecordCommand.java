package dev.tinykws.dataset.cli;

import picocli.CommandLine.Command;
import java.util.concurrent.Callable;

@Command(name = "record", mixinStandardHelpOptions = true)
public final class RecordCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
