package dev.tinykws.dataset.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tinykws dataset}: build, record, check and convert keyword datasets (Speech Commands layout). */
@Command(name = "dataset", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Build, record, check and convert keyword datasets (Google Speech Commands layout).",
                "Layout:",
                "<word>/<speaker>_nohash_<n>.wav (1 s, 16 kHz mono PCM16), _background_noise_/, and optional",
                "validation_list.txt / testing_list.txt. See datasets/README.md."},
        subcommands = {SynthCommand.class, RecordCommand.class, CheckCommand.class, ConvertCommand.class,
                CommandLine.HelpCommand.class})
public final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
