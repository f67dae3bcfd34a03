package dev.tinykws.cli;

import dev.tinykws.contract.Version;
import dev.tinykws.dataset.cli.DatasetCommand;
import dev.tinykws.monitor.cli.FleetCommand;
import dev.tinykws.monitor.cli.MonitorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tinykws} command line: one subcommand per job, each with --help. */
@Command(name = "tinykws", mixinStandardHelpOptions = true, version = Version.NAME_AND_VERSION,
        description = {"Turn a spoken keyword into a wake-word device: dataset, MFCC, int8 CNN, C firmware, serial monitor.",
                "Every command writes results to stdout or files and progress to stderr; see docs/cli.md."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the work failed (message on stderr)", "2:usage error: unknown option, bad value, missing required option"},
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
                FleetCommand.class,
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

    /**
     * The command line with this module's wiring: {@code monitor --verify-with} gets the teacher as its
     * verifier (host-monitor itself never depends on the training pipeline), and {@code dataset} gets
     * {@code add-reviewed}, which the dataset module cannot see.
     */
    public static CommandLine commandLine() {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cl = new CommandLine(new TinyKws(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == MonitorCommand.class) {
                    return cls.cast(new MonitorCommand(dev.tinykws.teacher.TeacherVerifier::load));
                }
                return defaults.create(cls);
            }
        });
        cl.getSubcommands().get("dataset").addSubcommand("add-reviewed",
                new dev.tinykws.monitor.cli.AddReviewedCommand());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
