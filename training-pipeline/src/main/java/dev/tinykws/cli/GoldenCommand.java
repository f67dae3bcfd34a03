package dev.tinykws.cli;

import dev.tinykws.golden.GoldenMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tinykws golden --out DIR}: regenerates the firmware's golden vectors from the Java reference. */
@Command(name = "golden", mixinStandardHelpOptions = true,
        description = {"Regenerate the firmware test vectors from the Java reference:",
                "frontend tables + golden MFCC (bundled fixtures), int8 test model C + per-layer outputs,",
                "detector scenarios. Then: make -C firmware check GOLDEN_DIR=DIR MODEL_DIR=DIR"})
public final class GoldenCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "firmware/build/golden", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path p : GoldenMain.writeAll(out)) {
            System.out.println("wrote " + p);
        }
        return 0;
    }
}
