package dev.tinykws.cli;

import dev.tinykws.distill.ClipTeacher;
import dev.tinykws.train.TrainingException;
import dev.tinykws.train.VoiceOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code tinykws train}'s real-voice options (a picocli mixin): prior correction, noise floor, VTLP, distillation. */
public final class VoiceCliOptions {

    @Option(names = "--prior-correction", defaultValue = "on", paramLabel = "on|off|λ",
            description = "Subtract λ times the log of the training class shares from the logits (folded into the "
                    + "final bias before quantization, so device, Java and firmware all apply it); on = λ "
                    + VoiceOptions.DEFAULT_PRIOR_CORRECTION + ", off = 0 (default: ${DEFAULT-VALUE}).")
    String priorCorrection;

    @Option(names = "--noise-floor", defaultValue = "off", paramLabel = "DBFS|on|off",
            description = "RMS level of a noise floor added to every augmented training input, in dBFS (±10 dB per "
                    + "input); on = " + VoiceOptions.DEFAULT_NOISE_FLOOR_DBFS + " (default: ${DEFAULT-VALUE}: it lowered "
                    + "real-voice accuracy, docs/real-voices.md).")
    String noiseFloor;

    @Option(names = "--vtlp", defaultValue = "0", paramLabel = "W",
            description = "Vocal-tract-length warping of the mel filter bank in training: factor in [1-W, 1+W]; "
                    + "0 = off (default: ${DEFAULT-VALUE}).")
    double vtlp;

    @Option(names = "--distill", defaultValue = "on", paramLabel = "on|off",
            description = "Distil the teacher into the device model: soft targets on augmented copies, mixtures and "
                    + "--unlabeled audio (default: ${DEFAULT-VALUE}; needs a teacher).")
    String distill;

    @Option(names = "--distill-from", paramLabel = "DIR",
            description = "Distil from this existing teacher package (a <model>/teacher folder): no teacher is "
                    + "trained and none is written into --out (unless --teacher only).")
    Path distillFrom;

    @Option(names = "--unlabeled", paramLabel = "DIR",
            description = "Unlabeled audio (WAV files, any length: room or field recordings, speech without keywords); "
                    + "the teacher labels its 1-s windows for distillation. Unreadable files are skipped.")
    Path unlabeled;

    static boolean onOff(String option, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new TrainingException(option + " must be 'on' or 'off', got '" + v + "'");
        };
    }

    double priorStrength() {
        String v = priorCorrection.toLowerCase(Locale.ROOT);
        if (v.equals("on") || v.equals("off") || v.equals("true") || v.equals("false")) {
            return onOff("--prior-correction", v) ? VoiceOptions.DEFAULT_PRIOR_CORRECTION : 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TrainingException("--prior-correction must be on, off or a strength in [0, 1], got '"
                    + priorCorrection + "'");
        }
    }

    boolean distill() {
        return onOff("--distill", distill);
    }

    /** The options; {@code teacher} describes the teacher distilled from ("none" without one). */
    VoiceOptions options(String teacher) {
        double floor;
        if (noiseFloor.equalsIgnoreCase("off") || noiseFloor.equalsIgnoreCase("none")) {
            floor = Double.NEGATIVE_INFINITY;
        } else if (noiseFloor.equalsIgnoreCase("on")) {
            floor = VoiceOptions.DEFAULT_NOISE_FLOOR_DBFS;
        } else {
            try {
                floor = Double.parseDouble(noiseFloor.replaceFirst("(?i)dbfs$", "").strip());
            } catch (NumberFormatException e) {
                throw new TrainingException("--noise-floor must be a level in dBFS (e.g. -60) or 'off', got '"
                        + noiseFloor + "'");
            }
        }
        if (unlabeled != null && (teacher == null || teacher.equals("none"))) {
            throw new TrainingException("--unlabeled needs a teacher to label the audio (drop --teacher none / "
                    + "--distill off, or drop --unlabeled)");
        }
        return new VoiceOptions(priorStrength(), floor, vtlp, teacher, unlabeled);
    }

    /** The teacher given by --distill-from, or null. */
    ClipTeacher teacherFromPackage() {
        return distillFrom == null || !distill() ? null : TeacherClips.load(distillFrom);
    }
}
