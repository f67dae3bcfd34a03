package dev.tinykws.cli;

import dev.tinykws.contract.Version;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/cli.md, enforced: walks the whole {@code tinykws} command tree (including host-monitor's
 * monitor/review/fleet commands and {@code dataset add-reviewed}) through picocli's model and reports
 * every mechanically checkable violation of the convention at once.
 */
class CliConventionTest {

    /** First words a command's summary sentence may start with: verbs in the imperative. Add a verb when a new command needs one. */
    static final Set<String> IMPERATIVE = Set.of("Build", "Calibrate", "Choose", "Convert", "Copy", "Detect", "Evaluate",
            "Extract", "Label", "Measure", "Monitor", "Move", "Play", "Print", "Record", "Serve", "Set", "Subscribe",
            "Synthesize", "Train", "Turn", "Validate", "Watch", "Write", "Collect", "Make", "Run", "Check", "Compute");

    static final Set<String> EXIT_CODES = Set.of("0", "1", "2");
    static final String EXIT_CODE_HEADING = "Exit codes:%n";

    /** Option names that mean a worker count under another name than {@code --jobs}. */
    static final Pattern WORKER_NAME = Pattern.compile("--?(threads?|workers?|worker-count|parallel(ism)?|cores|"
            + "concurrency|nthreads|num-threads|j)");
    static final Pattern WORKER_WORDS = Pattern.compile("(?i)\\b(workers?|threads)\\b");
    /** Option names that say a time unit or a duration; such an option must be a Duration. */
    static final Pattern TIME_NAME = Pattern.compile("--(.*-)?(ms|millis|secs?|seconds|mins?|minutes|hours?)$"
            + "|--(.*-)?(timeout|duration|length|pause|interval|delay|period|refresh)$");
    static final Pattern KEBAB_OPTION = Pattern.compile("--[a-z0-9]+(-[a-z0-9]+)*|-[a-zA-Z]");
    static final Pattern KEBAB_COMMAND = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern SENTENCE_BREAK = Pattern.compile("(?<!\\b(e\\.g|i\\.e|etc|vs))[.!?]\\s+[A-Z]");
    static final Pattern MENTIONS_OUTPUT = Pattern.compile("(?i)\\b(writes?|prints?)\\b");
    static final Pattern DEFAULT_WORD = Pattern.compile("(?i)default:");
    /** Folder options with the label the convention gives them. */
    static final Map<String, String> FOLDER_LABELS = Map.of("--model", "DIR", "--data", "DIR", "--out", "DIR");

    @Test
    void everyCommandFollowsDocsCliMd() {
        List<String> violations = violations(TinyKws.commandLine());
        assertTrue(violations.isEmpty(), violations.size() + " violation(s) of docs/cli.md:\n  "
                + String.join("\n  ", violations));
    }

    @Test
    void theCheckFindsViolations() {
        String all = String.join("\n", violations(new CommandLine(new Bad())));
        for (String expected : List.of("badCommand: no -h/--help", "badCommand: no -V/--version",
                "badCommand: has subcommands but no `help`", "badCommand: name", "badCommand: description line 1",
                "badCommand: no exit code section", "badCommand --threads: a worker count",
                "badCommand --threads: description", "badCommand --timeout-ms: a duration",
                "badCommand --timeout-ms: has a default", "badCommand --wait: a Duration without",
                "badCommand --data: label", "badCommand sub: version", "badCommand sub: exit codes in the description")) {
            assertTrue(all.contains(expected), "expected a violation starting '" + expected + "' in:\n" + all);
        }
    }

    @Test
    void theTreeIncludesTheHostMonitorAndAttachedCommands() {
        Map<String, CommandSpec> tree = tree(TinyKws.commandLine());
        for (String name : List.of("tinykws monitor", "tinykws monitor simulate", "tinykws review", "tinykws fleet",
                "tinykws dataset add-reviewed", "tinykws features extract", "tinykws demo")) {
            assertTrue(tree.containsKey(name), name + " missing from " + tree.keySet());
        }
        assertFalse(tree.containsKey("tinykws help"));
    }

    @Test
    void exitCodeOfAUsageErrorIs2() {
        CommandLine cl = TinyKws.commandLine();
        cl.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertEquals(2, cl.execute("calibrate", "--no-such-option"));
        assertEquals(2, cl.execute("dataset", "check"));
    }

    @CommandLine.Command(name = "badCommand", description = "does things: and more",
            subcommands = Bad.Sub.class)
    static final class Bad implements Callable<Integer> {
        @CommandLine.Option(names = "--threads", defaultValue = "4", description = "worker threads")
        int threads;
        @CommandLine.Option(names = "--timeout-ms", defaultValue = "300", description = "Timeout. Default: 300.")
        long timeoutMs;
        @CommandLine.Option(names = "--wait", defaultValue = "3s", description = "Wait (default: ${DEFAULT-VALUE}).")
        Duration wait;
        @CommandLine.Option(names = "--data", description = "Dataset folder.")
        Path data;

        @CommandLine.Command(name = "sub", mixinStandardHelpOptions = true, version = "x",
                description = {"Print something.", "Exit code: 3 when odd."})
        static final class Sub implements Callable<Integer> {
            @Override
            public Integer call() {
                return 0;
            }
        }

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void evalStreamToleranceIsADurationAndKeepsItsOldName() {
        EvalStreamCommand c = new EvalStreamCommand();
        new CommandLine(c).parseArgs("--model", "m", "--data", "d", "--tolerance", "1.5s");
        assertEquals(Duration.ofMillis(1500), c.tolerance);
        c = new EvalStreamCommand();
        new CommandLine(c).parseArgs("--model", "m", "--data", "d");
        assertEquals(Duration.ofMillis(dev.tinykws.eval.stream.StreamMatcher.DEFAULT_TOLERANCE_MS), c.tolerance);
        c = new EvalStreamCommand();
        new CommandLine(c).parseArgs("--model", "m", "--data", "d", "--tolerance-ms", "500");
        assertEquals(500L, c.toleranceMsBefore);
    }

    /** Every command, by its qualified name, without picocli's own {@code help} commands. */
    static Map<String, CommandSpec> tree(CommandLine root) {
        Map<String, CommandSpec> out = new TreeMap<>();
        Set<CommandSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        walk(root.getCommandSpec(), out, seen);
        return out;
    }

    private static void walk(CommandSpec spec, Map<String, CommandSpec> out, Set<CommandSpec> seen) {
        if (!seen.add(spec) || spec.helpCommand() || spec.userObject() instanceof CommandLine.HelpCommand) {
            return;
        }
        out.put(spec.qualifiedName(), spec);
        for (CommandLine sub : spec.subcommands().values()) {
            walk(sub.getCommandSpec(), out, seen);
        }
    }

    static List<String> violations(CommandLine root) {
        List<String> v = new ArrayList<>();
        for (Map.Entry<String, CommandSpec> e : tree(root).entrySet()) {
            check(e.getKey(), e.getValue(), v);
        }
        return v;
    }

    /** A group only gathers subcommands (running it prints the usage); it writes nothing itself. */
    static boolean isGroup(CommandSpec spec) {
        return !spec.subcommands().isEmpty() && !(spec.userObject() instanceof Callable<?>);
    }

    private static void check(String name, CommandSpec spec, List<String> v) {
        // Names: kebab case
        if (!KEBAB_COMMAND.matcher(spec.name()).matches()) {
            v.add(name + ": name '" + spec.name() + "' is not kebab case");
        }
        // Help: -h/--help, -V/--version, a help subcommand
        if (spec.findOption("--help") == null || spec.findOption("-h") == null || !spec.findOption("--help").usageHelp()) {
            v.add(name + ": no -h/--help (mixinStandardHelpOptions = true)");
        }
        if (spec.findOption("--version") == null || spec.findOption("-V") == null || !spec.findOption("--version").versionHelp()) {
            v.add(name + ": no -V/--version (mixinStandardHelpOptions = true)");
        }
        String[] version = spec.version();
        if (spec.versionProvider() == null && (version.length == 0 || !String.join(" ", version).contains(Version.VERSION))) {
            v.add(name + ": version '" + String.join(" ", version) + "' does not name the release " + Version.VERSION
                    + " (leave version unset or use Version.NAME_AND_VERSION)");
        }
        if (!spec.subcommands().isEmpty() && !(spec.subcommands().get("help") != null
                && spec.subcommands().get("help").getCommandSpec().helpCommand())) {
            v.add(name + ": has subcommands but no `help` subcommand (CommandLine.HelpCommand)");
        }
        checkDescription(name, spec, v);
        checkExitCodes(name, spec, v);
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !o.usageHelp() && !o.versionHelp()) {
                checkOption(name + " " + o.longestName(), o, v);
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                checkArg(name + " " + p.paramLabel(), p, v);
            }
        }
    }

    private static void checkDescription(String name, CommandSpec spec, List<String> v) {
        String[] d = spec.usageMessage().description();
        if (d.length == 0 || d[0].isBlank()) {
            v.add(name + ": empty description");
            return;
        }
        String first = d[0].strip();
        String word = first.split("[\\s:,]", 2)[0];
        if (!Character.isUpperCase(first.charAt(0)) || !first.endsWith(".") || SENTENCE_BREAK.matcher(
                first.substring(0, first.length() - 1)).find()) {
            v.add(name + ": description line 1 is not one sentence (capital letter, full stop, nothing after it; "
                    + "it is the line `tinykws --help` lists): '" + first + "'");
        } else if (!IMPERATIVE.contains(word)) {
            v.add(name + ": description line 1 does not start with a verb in the imperative ('" + word
                    + "'; known: CliConventionTest.IMPERATIVE): '" + first + "'");
        }
        if (!isGroup(spec) && !MENTIONS_OUTPUT.matcher(String.join(" ", d)).find()) {
            v.add(name + ": description does not say what the command writes or prints");
        }
        for (String line : d) {
            if (line.toLowerCase(java.util.Locale.ROOT).contains("exit code")) {
                v.add(name + ": exit codes in the description; list them in the Exit codes section (exitCodeList)");
            }
        }
    }

    private static void checkExitCodes(String name, CommandSpec spec, List<String> v) {
        Map<String, String> codes = spec.usageMessage().exitCodeList();
        if (isGroup(spec)) {
            return;
        }
        if (codes.isEmpty()) {
            v.add(name + ": no exit code section (exitCodeListHeading \"" + EXIT_CODE_HEADING
                    + "\", exitCodeList 0/1/2)");
            return;
        }
        Set<String> keys = new java.util.TreeSet<>();
        codes.keySet().forEach(k -> keys.add(k.strip()));
        if (!keys.equals(EXIT_CODES)) {
            v.add(name + ": exit codes " + keys + ", the convention has exactly 0, 1 and 2");
        }
        if (!EXIT_CODE_HEADING.equals(spec.usageMessage().exitCodeListHeading())) {
            v.add(name + ": exit code heading '" + spec.usageMessage().exitCodeListHeading() + "' is not '"
                    + EXIT_CODE_HEADING + "'");
        }
        String usage = codes.getOrDefault("2", codes.getOrDefault(" 2", ""));
        if (keys.contains("2") && !usage.toLowerCase(java.util.Locale.ROOT).contains("usage")) {
            v.add(name + ": exit code 2 is not described as a usage error: '" + usage + "'");
        }
    }

    private static void checkOption(String name, OptionSpec o, List<String> v) {
        for (String n : o.names()) {
            if (!KEBAB_OPTION.matcher(n).matches()) {
                v.add(name + ": option name " + n + " is not kebab case");
            }
            if (WORKER_NAME.matcher(n).matches()) {
                v.add(name + ": a worker count is named --jobs, not " + n);
            }
        }
        String text = String.join(" ", o.description());
        if (WORKER_WORDS.matcher(text).find() && !o.longestName().equals("--jobs")) {
            v.add(name + ": a worker count (its description says workers/threads) is named --jobs");
        }
        if (o.longestName().equals("--jobs") && !"N".equals(o.paramLabel())) {
            v.add(name + ": label " + o.paramLabel() + ", the convention writes --jobs N");
        }
        String label = FOLDER_LABELS.get(o.longestName());
        if (label != null && !label.equals(o.paramLabel())) {
            v.add(name + ": label " + o.paramLabel() + ", the convention writes " + o.longestName() + " " + label);
        }
        if (o.longestName().equals("--input") && !(o.paramLabel().equals("FILE") || o.paramLabel().equals("WAV"))) {
            v.add(name + ": label " + o.paramLabel() + ", the convention writes --input FILE");
        }
        boolean timeName = o.names().length > 0 && java.util.Arrays.stream(o.names()).anyMatch(n -> TIME_NAME.matcher(n).matches() && !n.contains("-per-"));
        if (timeName && o.type() != Duration.class) {
            v.add(name + ": a duration as a plain " + o.type().getSimpleName()
                    + "; durations are java.time.Duration with a unit suffix (DurationConverter)");
        }
        checkArg(name, o, v);
    }

    private static void checkArg(String name, ArgSpec a, List<String> v) {
        String text = String.join(" ", a.description()).strip();
        if (text.isEmpty()) {
            v.add(name + ": no description");
            return;
        }
        if (!Character.isUpperCase(text.charAt(0)) || !text.endsWith(".")) {
            v.add(name + ": description is not a sentence (capital letter ... full stop): '" + text + "'");
        }
        if (a.type() == Duration.class) {
            boolean converted = a.converters().length > 0 && java.util.Arrays.stream(a.converters()).allMatch(c ->
                    c instanceof dev.tinykws.monitor.cli.DurationConverter || c instanceof dev.tinykws.dataset.cli.DurationConverter);
            if (!converted) {
                v.add(name + ": a Duration without monitor.cli/dataset.cli DurationConverter");
            }
            if (!"TIME".equals(a.paramLabel())) {
                v.add(name + ": a duration labelled " + a.paramLabel() + ", not TIME");
            }
        }
        String def = a.defaultValue();
        int at = lastDefault(text);
        if (def != null) {
            if (at < 0) {
                v.add(name + ": has a default (" + def + ") but the description does not end with "
                        + "(default: ${DEFAULT-VALUE}): '" + text + "'");
            } else {
                String tail = text.substring(at);
                if (!tail.contains("${DEFAULT-VALUE}") && !tail.contains(def)) {
                    v.add(name + ": (default: …) does not give the default " + def + ": '" + tail + "'");
                }
            }
            if (a.type() == Path.class && !def.isEmpty() && Path.of(def).isAbsolute()) {
                v.add(name + ": default path " + def + " is absolute; paths are relative to the working directory");
            }
        }
        java.util.regex.Matcher m = DEFAULT_WORD.matcher(text);
        while (m.find()) {
            if (at < 0 || m.start() != at + 1) {
                v.add(name + ": names a default outside a trailing (default: …): '" + text + "'");
                break;
            }
        }
    }

    /** Index of the "(default: …)" that ends the text (optionally followed by a full stop), or -1. */
    static int lastDefault(String text) {
        String t = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (!t.endsWith(")")) {
            return -1;
        }
        int depth = 0;
        for (int i = t.length() - 1; i >= 0; i--) {
            char c = t.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return t.startsWith("(default: ", i) ? i : -1;
            }
        }
        return -1;
    }
}
