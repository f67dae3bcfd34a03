package dev.tinykws.cli;

import dev.tinykws.train.Adaptation;
import dev.tinykws.train.Architecture;
import dev.tinykws.train.KwsTrainer;
import dev.tinykws.train.OutputLock;
import dev.tinykws.train.PackageStep;
import dev.tinykws.train.TrainOptions;
import dev.tinykws.train.TrainPipeline;
import dev.tinykws.train.TrainingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tinykws train}: dataset → MFCC → DJL training (checkpoints, resume) → float model →
 * int8 package (model.json, C, .tflite) → evaluation on the test split → threshold calibrated
 * to a false-accept target → metrics in model.json and a report.
 */
@Command(name = "train", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the package is written", "1:training failed (bad data, a missing tool, a busy --out)",
                "2:usage error: unknown option, bad value, missing required option"},
        description = {"Train a keyword model and write its package.",
                "Writes into --out: model.json, float checkpoint, int8 C source, .tflite, evaluation report on the test "
                        + "split, detection threshold calibrated to a false-accept target.",
                "Checkpoints every epoch; --resume continues an interrupted run from its last epoch."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder (Speech Commands layout).")
    Path data;

    @Option(names = "--keywords", split = ",", description = "Keywords in label order (default: ${DEFAULT-VALUE}).",
            defaultValue = TrainOptions.SPEECH_COMMANDS_10_CSV)
    List<String> keywords;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model package folder, e.g. models/NAME.")
    Path out;

    @Option(names = "--arch", defaultValue = TrainOptions.DEFAULT_ARCHITECTURE, 
            description = "Architecture: ds-cnn-s or tiny-conv (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", description = "Maximum epochs (default: " + TrainOptions.DEFAULT_EPOCHS + ", or "
            + Adaptation.DEFAULT_INIT_EPOCHS + " with --init).")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "" + TrainOptions.DEFAULT_BATCH_SIZE, description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Peak Adam learning rate, cosine decay (default: "
            + TrainOptions.DEFAULT_LEARNING_RATE + ", or "
            + Adaptation.DEFAULT_INIT_LEARNING_RATE + " with --init).")
    Float lr;

    @Option(names = "--init", paramLabel = "MODEL",
            description = {"Start from this model package (same frontend and architecture) instead of random weights: "
                    + "fine-tuning to new clips or keywords. A new keyword set re-initialises only the last layer's rows "
                    + "of the new labels. Fewer epochs by default."})
    Path init;

    @Option(names = "--real-oversample", defaultValue = "" + Adaptation.DEFAULT_REAL_OVERSAMPLE, paramLabel = "N",
            description = "Copies of every real (recorded, not synthetic) keyword clip per training epoch, each "
                    + "augmented differently; 1 = no oversampling (default: ${DEFAULT-VALUE}).")
    int realOversample;

    @Option(names = "--no-keep-real", negatable = false,
            description = "Do not move a keyword's only real speaker into the training split (by default a keyword "
                    + "whose real speakers all hash into validation/test keeps its best one in training).")
    boolean noKeepReal;

    @Option(names = "--seed", defaultValue = "" + TrainOptions.DEFAULT_SEED, description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the interrupted run in --out from its last epoch.")
    boolean resume;

    @Option(names = "--augment", defaultValue = "default", 
            description = "Augmentation: default or none (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--augment-variants", defaultValue = "" + TrainOptions.DEFAULT_AUGMENT_VARIANTS,
            description = "Augmented copies per clip, computed once and cached; each epoch picks one and adds a fresh "
                    + "SpecAugment; 0 = augment every clip afresh every epoch, slower (default: ${DEFAULT-VALUE}).")
    int augmentVariants;

    @Option(names = "--jobs", defaultValue = "" + TrainOptions.DEFAULT_JOBS, paramLabel = "N",
            description = "Workers: PyTorch intra-op threads, also feature/augmentation workers (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--silence-percent", defaultValue = "" + TrainOptions.DEFAULT_SILENCE_PERCENT,
            description = "Silence samples, %% of keyword clips per split (default: ${DEFAULT-VALUE}).")
    double silencePercent;

    @Option(names = "--unknown-percent", defaultValue = "" + TrainOptions.DEFAULT_UNKNOWN_PERCENT,
            description = "Unknown-word samples, %% of keyword clips per split (default: ${DEFAULT-VALUE}).")
    double unknownPercent;

    @Option(names = "--patience", defaultValue = "" + TrainOptions.DEFAULT_PATIENCE,
            description = "Early stopping after this many epochs without better validation accuracy; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--target-fa-per-hour", defaultValue = "" + TrainOptions.DEFAULT_TARGET_FA_PER_HOUR,
            description = "False accepts per hour the detection threshold is calibrated to (default: ${DEFAULT-VALUE}, i.e. 1 per 10 h).")
    double targetFaPerHour;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @picocli.CommandLine.Mixin
    VoiceCliOptions voice = new VoiceCliOptions();

    @picocli.CommandLine.Mixin
    TeacherOptions teacher = new TeacherOptions();

    @Override
    public Integer call() {
        TrainOptions o;
        try {
            o = options();
            o.validate();
            teacher.validate();
            // checks the real-voice options now (a bad value is a usage error); the teacher's id comes later
            boolean willDistil = voice.distill() && (teacher.enabled() || voice.distillFrom != null);
            o = o.withVoice(voice.options(willDistil ? "teacher" : "none"));
        } catch (TrainingException e) {
            System.err.println("tinykws train: " + e.getMessage());
            return 2; // a bad option value is a usage error (docs/cli.md)
        }
        dev.tinykws.distill.ClipTeacher distilFrom;
        try {
            checkInputs(o);
            distilFrom = voice.teacherFromPackage();
        } catch (TrainingException | dev.tinykws.distill.DistillException | dev.tinykws.teacher.TeacherException
                 | java.io.UncheckedIOException e) {
            System.err.println("tinykws train: " + e.getMessage());
            // a missing --unlabeled folder, a wrong --init or --distill-from package: a usage error, found before training
            return 2;
        }
        try {
            // the output folder is ours from the first moment: a second run on it is refused
            try (OutputLock lock = OutputLock.acquire(o.out(), o.resume())) {
                // an existing run is refused before anything (the teacher) is written over it; --teacher only
                // asks for exactly that (retraining the teacher of a model)
                if (!teacher.only()) {
                    KwsTrainer.checkNoRun(o.out(), o.resume());
                }
                Adaptation adapt = adaptation();
                // the cleaned dataset and sample plan, shared by the teacher and the device model
                TrainPipeline.Prepared prepared = TrainPipeline.prepare(o, adapt);
                if (teacher.enabled() && (distilFrom == null || teacher.only())) {
                    dev.tinykws.teacher.TeacherTraining.Outcome t = teacher.train(o, prepared, adapt);
                    TeacherOptions.print(t);
                    if (teacher.only()) {
                        return 0;
                    }
                    if (voice.distill()) {
                        distilFrom = TeacherClips.of(t.model(), t.pkg().id(),
                                dev.tinykws.teacher.FeatureCache.open(dev.tinykws.teacher.FeatureCache.defaultDir(),
                                        t.model().embedding()), TeacherClips.variants(t.pkg()));
                    }
                } else if (distilFrom != null && teacher.enabled()) {
                    System.out.println("teacher    not trained: distilling from " + voice.distillFrom + " ("
                            + distilFrom.id() + "); no " + TeacherOptions.FOLDER + "/ is written into " + o.out());
                }
                o = o.withVoice(voice.options(distilFrom == null ? "none" : distilFrom.id()));
                TrainPipeline.Outcome outcome = TrainPipeline.run(o, prepared, distilFrom, adapt);
                PackageStep.Result packaged = PackageStep.run(o, outcome);
                return finish(o, outcome, packaged);
            }
        } catch (TrainingException | dev.tinykws.dataset.DatasetException | dev.tinykws.features.FeatureException
                 | dev.tinykws.pkg.ModelPackageException | dev.tinykws.eval.EvalException
                 | dev.tinykws.distill.DistillException | dev.tinykws.teacher.TeacherException
                 | java.io.UncheckedIOException e) {
            System.err.println("tinykws train: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Checks the inputs that are only used after the teacher step (13-27 min in), so that a wrong value is a
     * usage error now: the --unlabeled folder must hold a readable WAV file, --init must be a package this run
     * can start from.
     */
    private void checkInputs(TrainOptions o) {
        if (voice.unlabeled != null && o.augment() && voice.distill()) {
            new dev.tinykws.distill.UnlabeledAudio(voice.unlabeled, dev.tinykws.distill.UnlabeledAudio.DEFAULT_HOP)
                    .scan();
        }
        if (init != null) {
            dev.tinykws.train.WarmStart.open(init, o.architecture(), dev.tinykws.features.FrontendConfig.defaults());
        }
    }

    TrainOptions options() {
        boolean aug = switch (augment.toLowerCase(Locale.ROOT)) {
            case "default" -> true;
            case "none" -> false;
            default -> throw new TrainingException("--augment must be 'default' or 'none', got '" + augment + "'");
        };
        List<String> kws = new ArrayList<>();
        for (String k : keywords) {
            if (!k.isBlank()) {
                kws.add(k.strip());
            }
        }
        int e = epochs != null ? epochs : init != null ? Adaptation.DEFAULT_INIT_EPOCHS : TrainOptions.DEFAULT_EPOCHS;
        float rate = lr != null ? lr : init != null ? Adaptation.DEFAULT_INIT_LEARNING_RATE : TrainOptions.DEFAULT_LEARNING_RATE;
        return new TrainOptions(data, kws, out, Architecture.parse(arch), e, batch, rate, seed, resume, aug,
                augmentVariants, jobs, silencePercent, unknownPercent, patience, targetFaPerHour,
                !noProgress && System.console() != null);
    }

    Adaptation adaptation() {
        return new Adaptation(init, realOversample, !noKeepReal);
    }

    private int finish(TrainOptions o, TrainPipeline.Outcome r, PackageStep.Result p) {
        PackageStep.printSummary(System.out, o, r, p);
        return 0;
    }
}
