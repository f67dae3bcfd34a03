package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.check.DatasetChecker;
import dev.tinykws.dataset.check.Finding;
import dev.tinykws.dataset.check.Issue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tinykws dataset check DIR}. */
@Command(name = "check", mixinStandardHelpOptions = true, version = dev.tinykws.contract.Version.NAME_AND_VERSION,
        description = {"Validate every clip of a dataset folder.",
                "Checks WAV header, 16 kHz mono PCM16, truncation, 1 s duration,",
                "clipping, silence, duplicate content, _nohash_ naming. Prints a table per word and the problems."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:no problems (warnings allowed)", "1:problems were found",
                "2:usage error: unknown option, bad value, a missing or empty DIR"})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Dataset folder.")
    Path dir;

    @Option(names = "--max-lines", defaultValue = "50", paramLabel = "N",
            description = "Most problem lines to print; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        DatasetChecker.Report r;
        try {
            r = DatasetChecker.check(dir);
        } catch (DatasetException e) {
            System.err.println("tinykws dataset check: " + e.getMessage());
            return 2;
        }
        print(out, r, maxLines);
        return r.problems() > 0 ? 1 : 0;
    }

    static void print(PrintStream out, DatasetChecker.Report r, int maxLines) {
        Issue[] issues = Issue.values();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-24s %6s %6s", "word", "files", "ok"));
        for (Issue i : issues) {
            head.append(String.format(Locale.ROOT, " %9s", shortName(i)));
        }
        out.println(head);
        for (Map.Entry<String, Integer> e : r.filesPerWord().entrySet()) {
            Map<Issue, Integer> c = new EnumMap<>(Issue.class);
            r.findings().stream().filter(f -> f.word().equals(e.getKey())).forEach(f -> c.merge(f.issue(), 1, Integer::sum));
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-24s %6d %6d", e.getKey(), e.getValue(),
                    r.okPerWord().getOrDefault(e.getKey(), 0)));
            for (Issue i : issues) {
                row.append(String.format(Locale.ROOT, " %9d", c.getOrDefault(i, 0)));
            }
            out.println(row);
        }
        out.printf(Locale.ROOT, "%n%d files, %d with problems, %d warnings%n", r.files(), r.problems(), r.warnings());
        List<Finding> problems = r.findings().stream().filter(f -> f.issue().problem()).toList();
        int shown = 0;
        for (Finding f : problems) {
            if (maxLines > 0 && shown++ >= maxLines) {
                out.println("... " + (problems.size() - maxLines) + " more");
                break;
            }
            out.println(f.issue().name() + ": " + f.message());
        }
        List<Finding> warnings = r.findings().stream()
                .filter(f -> !f.issue().problem() && f.issue() != Issue.NAME).toList();
        shown = 0;
        for (Finding f : warnings) {
            if (maxLines > 0 && shown++ >= maxLines) {
                out.println("... " + (warnings.size() - maxLines) + " more warnings");
                break;
            }
            out.println("warning " + f.issue().name() + ": " + f.message());
        }
        if (problems.stream().anyMatch(f -> f.issue().convertible())) {
            out.println("format and duration problems can be repaired with `tinykws dataset convert " + r.root() + " <new folder>`");
        }
    }

    private static String shortName(Issue i) {
        return switch (i) {
            case NOT_WAV -> "not-wav";
            case TRUNCATED -> "truncated";
            case FORMAT -> "format";
            case DURATION -> "duration";
            case CLIPPED -> "clipped";
            case SILENT -> "silent";
            case DUPLICATE -> "dup";
            case NAME -> "name(w)";
            case PARTIAL_FRAME -> "partial(w)";
            case NON_FINITE -> "nan(w)";
            case LINK -> "link";
        };
    }
}
