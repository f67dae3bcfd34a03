package dev.tinykws.cli;

import dev.tinykws.contract.Version;
import dev.tinykws.dataset.cli.DatasetCommand;
import dev.tinykws.monitor.cli.MonitorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tinykws} command line: one subcommand per job, each with --help. */
@Command(name = "tinykws", mixinStandardHelpOptions = true, version = Version.NAME_AND_VERSION,
        description = "From a spoken keyword to a wake-word device: dataset, MFCC, int8 CNN, C firmware, serial monitor.",
        subcommands = {
                DemoCommand.class,
                FeaturesCommand.class,
                DatasetCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                DetectCommand.class,
                EvalStreamCommand.class,
                CalibrateCommand.class,
                MonitorCommand.class,
                dev.tinykws.monitor.cli.ReviewCommand.class,
                CommandLine.HelpCommand.class
        })
public final class TinyKws implements Runnable {

    public static final String VERSION = Version.VERSION;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with every subcommand, including those of modules the dataset module cannot see. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TinyKws());
        cl.getSubcommands().get("dataset").addSubcommand("add-reviewed",
                new dev.tinykws.monitor.cli.AddReviewedCommand());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
