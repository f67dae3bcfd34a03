package dev.tinykws.cli;

import dev.tinykws.demo.Demo;
import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.train.TrainOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws demo}: the whole product end to end on embedded defaults, no hardware, no downloads. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Keyword to detecting device in one command: synthesize a dataset, train + quantize + export",
                "the default model, build the C firmware, run it (emulated Cortex-M4 when qemu-system-arm and",
                "arm-none-eabi-gcc are installed, else the host build) on a generated test stream, monitor its",
                "detections, and print a summary. Idempotent: finished steps are reused."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keywords", split = ",", defaultValue = TrainOptions.SPEECH_COMMANDS_10_CSV,
            description = "Keywords (default: the ten Speech Commands words: ${DEFAULT-VALUE}).")
    List<String> keywords;

    @Option(names = "--work", defaultValue = "work/demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--model", defaultValue = "models/demo", description = "Model package folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--arch", defaultValue = TrainOptions.DEFAULT_ARCHITECTURE, description = "ds-cnn-s | tiny-conv (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "" + TrainOptions.DEFAULT_EPOCHS, description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--stream-minutes", defaultValue = "3", description = "Length of the test stream (default: ${DEFAULT-VALUE}).")
    double streamMinutes;

    @Option(names = "--device", defaultValue = "auto",
            description = "auto | host | qemu: where the firmware runs (default: ${DEFAULT-VALUE}: qemu when installed).")
    String device;

    @Option(names = "--fresh", description = "Delete the working folder and the model package first.")
    boolean fresh;

    @Option(names = "--synth-arg", description = "Extra option passed to `dataset synth` (repeatable), e.g. --synth-arg=--per-voice=6")
    List<String> synthArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("tinykws.root", ".")).toAbsolutePath().normalize();
        Path w = root.resolve(work);
        Path m = root.resolve(model);
        FirmwareRunner.Target target = switch (device.toLowerCase(Locale.ROOT)) {
            case "host" -> FirmwareRunner.Target.HOST;
            case "qemu" -> FirmwareRunner.Target.QEMU;
            case "auto" -> FirmwareRunner.armToolsAvailable() ? FirmwareRunner.Target.QEMU : FirmwareRunner.Target.HOST;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--device must be auto, host or qemu");
        };
        Demo.Options o = new Demo.Options(root, w, m, keywords, arch, epochs, streamMinutes, target, fresh, synthArgs);
        try {
            return new Demo(o, args -> new CommandLine(new TinyKws()).execute(args), System.out).run();
        } catch (Demo.DemoException e) {
            System.err.println("tinykws demo: " + e.getMessage());
            return 1;
        }
    }
}
