package dev.tinykws.cli;

import dev.tinykws.contract.Durations;
import dev.tinykws.contract.Version;
import dev.tinykws.dataset.cli.SynthCommand;
import dev.tinykws.dataset.synth.SynthOptions;
import dev.tinykws.demo.Demo;
import dev.tinykws.demo.FirmwareRunner;
import dev.tinykws.monitor.cli.DurationConverter;
import dev.tinykws.train.TrainOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tinykws demo}: the whole product end to end on embedded defaults, no hardware, no downloads. */
@Command(name = "demo", mixinStandardHelpOptions = true, version = Version.NAME_AND_VERSION,
        description = {"Turn a keyword into a detecting device in one command, without hardware or downloads.",
                "Synthesizes a dataset, trains, quantizes and exports the default model, builds the C firmware, runs it",
                "(emulated Cortex-M4 when qemu-system-arm and arm-none-eabi-gcc are installed, else the host build) on a",
                "generated test stream and monitors its detections. Idempotent: finished steps are reused.",
                "Writes the dataset and the runs into --work, the model package into --model; prints a summary."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every step finished (the summary gives the results)", "1:a step failed (message on stderr)",
                "2:usage error: unknown option, bad value, missing required option"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keywords", split = ",", defaultValue = TrainOptions.SPEECH_COMMANDS_10_CSV,
            description = "Keywords (default: the ten Speech Commands words: ${DEFAULT-VALUE}).")
    List<String> keywords;

    @Option(names = "--work", defaultValue = "work/demo", paramLabel = "DIR",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--model", defaultValue = "models/demo", paramLabel = "DIR",
            description = "Model package folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--arch", defaultValue = TrainOptions.DEFAULT_ARCHITECTURE, 
            description = "Architecture: ds-cnn-s or tiny-conv (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "" + TrainOptions.DEFAULT_EPOCHS, description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--stream-length", defaultValue = "3m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Length of the test stream (default: ${DEFAULT-VALUE}).")
    Duration streamLength;

    @Option(names = "--device", defaultValue = "auto",
            description = "Where the firmware runs: auto, host or qemu (default: ${DEFAULT-VALUE}: qemu when installed).")
    String device;

    @Option(names = "--fresh", description = "Delete the working folder and the model package first.")
    boolean fresh;

    @Option(names = "--synth-arg", paramLabel = "OPTION",
            description = "Extra option passed to `dataset synth` (repeatable), e.g. --synth-arg=--per-voice=3 "
                    + "(the demo's own default is --per-voice 6 --unknown-speakers 16).")
    List<String> synthArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // the firmware sources are found from the install; --work and --model, like every path, from the working directory
        Path root = Path.of(System.getProperty("tinykws.root", ".")).toAbsolutePath().normalize();
        Path w = work.toAbsolutePath().normalize();
        Path m = model.toAbsolutePath().normalize();
        FirmwareRunner.Target target = switch (device.toLowerCase(Locale.ROOT)) {
            case "host" -> FirmwareRunner.Target.HOST;
            case "qemu" -> FirmwareRunner.Target.QEMU;
            case "auto" -> FirmwareRunner.armToolsAvailable() ? FirmwareRunner.Target.QEMU : FirmwareRunner.Target.HOST;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--device must be auto, host or qemu");
        };
        // the demo composes library calls; --synth-arg values are `dataset synth` options, parsed by its command
        List<String> synth = new ArrayList<>(List.of("--keywords", String.join(",", keywords),
                "--out", Demo.Options.datasetDir(w).toString()));
        boolean ownPerVoice = synthArgs.stream().anyMatch(a -> a.startsWith("--per-voice"));
        synth.addAll(Demo.datasetDefaults(synthArgs, ownPerVoice ? 0 : Demo.perVoiceForEnoughSpeakers()));
        synth.addAll(synthArgs);
        SynthOptions so = SynthCommand.parseOptions(synth.toArray(String[]::new));
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--data", Demo.Options.datasetDir(w).toString(), "--out", m.toString(),
                "--keywords", String.join(",", keywords), "--arch", arch, "--epochs", Integer.toString(epochs));
        Demo.Options o = new Demo.Options(root, w, m, so, train.options(), Durations.minutes(streamLength), target, fresh);
        try {
            return new Demo(o, System.out).run();
        } catch (Demo.DemoException e) {
            System.err.println("tinykws demo: " + e.getMessage());
            return 1;
        }
    }
}
