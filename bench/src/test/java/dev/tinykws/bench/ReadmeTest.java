package dev.tinykws.bench;

import dev.tinykws.cli.TinyKws;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer copies from the README (and the pages bench/ owns) must work: every
 * {@code tinykws} command and option exists in the picocli tree, every {@code make -C firmware}
 * target is defined, every {@code bench/scripts/...} file exists, every relative link and anchor resolves.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> PAGES = List.of("README.md", "docs/real-voices.md", "bench/README.md");

    private static final Pattern INLINE = Pattern.compile("`([^`\\n]*)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** Commands of a page: code-block lines (continuations joined) and inline code spans. */
    static List<String> commands(String md) {
        List<String> out = new ArrayList<>();
        boolean block = false;
        StringBuilder cont = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("```")) {
                block = !block;
                continue;
            }
            if (block) {
                String l = line.strip();
                if (l.startsWith("$ ")) {
                    l = l.substring(2);
                }
                if (l.endsWith("\\")) {
                    cont.append(l, 0, l.length() - 1).append(' ');
                    continue;
                }
                out.add(cont + l);
                cont.setLength(0);
            } else {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Shell-ish words of one command: quotes respected, stops at a comment or a command separator. */
    static List<String> words(String cmd) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    w.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else if ((c == '#' && cur.length() == 0) || c == '&' || c == '|' || c == ';') {
                break;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            w.add(cur.toString());
        }
        return w;
    }

    /** Problems of every `tinykws ...` invocation in the text (empty when all are fine). */
    static List<String> tinykwsProblems(String md, CommandLine root) {
        List<String> bad = new ArrayList<>();
        for (String cmd : commands(md)) {
            List<String> w = words(cmd);
            int at = -1;
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i).equals("tinykws") || w.get(i).equals("./tinykws")) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                continue;
            }
            CommandLine c = root;
            int i = at + 1;
            while (i < w.size() && c.getSubcommands().containsKey(w.get(i))) {
                c = c.getSubcommands().get(w.get(i++));
            }
            CommandSpec spec = c.getCommandSpec();
            for (; i < w.size(); i++) {
                String t = w.get(i);
                if (!t.startsWith("-") || t.equals("-") || t.matches("-\\d.*")) {
                    continue;
                }
                String name = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
                if (spec.findOption(name) == null) {
                    bad.add("`" + cmd.strip() + "`: `tinykws " + spec.qualifiedName(" ").replaceFirst("^tinykws ?", "")
                            + "` has no option " + name);
                }
            }
        }
        return bad;
    }

    static Set<String> makeTargets() throws IOException {
        Set<String> t = new HashSet<>();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("firmware/Makefile")));
        try (var s = Files.list(ROOT.resolve("firmware/mk"))) {
            s.filter(p -> p.toString().endsWith(".mk")).forEach(files::add);
        }
        Pattern rule = Pattern.compile("^([A-Za-z0-9_./ -]+?)\\s*:(?!=)");
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                Matcher m = rule.matcher(line);
                if (m.find() && !line.startsWith("\t")) {
                    t.addAll(List.of(m.group(1).trim().split("\\s+")));
                }
            }
        }
        return t;
    }

    /** GitHub's heading anchors of a Markdown file. */
    static Set<String> anchors(String md) {
        Set<String> a = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean block = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("```")) {
                block = !block;
            }
            if (block || !line.matches("#{1,6} .*")) {
                continue;
            }
            String h = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int n = seen.merge(h, 1, Integer::sum) - 1;
            a.add(n == 0 ? h : h + "-" + n);
        }
        return a;
    }

    @Test
    void everyTinykwsCommandOptionMakeTargetScriptAndLinkOnThePagesExists() throws IOException {
        CommandLine root = TinyKws.commandLine();
        Set<String> targets = makeTargets();
        List<String> bad = new ArrayList<>();
        int commands = 0;
        for (String page : PAGES) {
            Path file = ROOT.resolve(page);
            String md = Files.readString(file);
            tinykwsProblems(md, root).forEach(p -> bad.add(page + ": " + p));
            for (String cmd : commands(md)) {
                List<String> w = words(cmd);
                if (w.contains("tinykws") || w.contains("./tinykws")) {
                    commands++;
                }
                if (w.size() >= 4 && w.get(0).equals("make") && w.get(1).equals("-C") && w.get(2).equals("firmware")) {
                    for (String t : w.subList(3, w.size())) {
                        if (!t.contains("=") && !t.startsWith("-") && !targets.contains(t)) {
                            bad.add(page + ": `" + cmd.strip() + "`: no make target " + t);
                        }
                    }
                }
                for (String t : w) {
                    if (t.startsWith("bench/scripts/") && !Files.exists(ROOT.resolve(t))) {
                        bad.add(page + ": `" + cmd.strip() + "`: no file " + t);
                    }
                }
            }
            Matcher m = LINK.matcher(md);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("[a-z]+:.*")) {
                    continue;
                }
                String path = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : "";
                Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(target)) {
                    bad.add(page + ": link " + link + ": no file " + ROOT.relativize(target));
                } else if (!anchor.isEmpty() && target.toString().endsWith(".md")
                        && !anchors(Files.readString(target)).contains(anchor)) {
                    bad.add(page + ": link " + link + ": no heading with that anchor");
                }
            }
        }
        assertTrue(commands > 30, "found only " + commands + " tinykws commands: is the parser still right?");
        assertEquals(List.of(), bad);
    }

    @Test
    void theCheckerCatchesAWrongOptionASubcommandOptionAndAnAnchor() {
        CommandLine root = TinyKws.commandLine();
        String md = "```bash\n./tinykws eval-stream --model m --data d --minutes 3 \\\n    --seed 7   # comment --nope\n```\n"
                + "Inline: `tinykws dataset record --keywords \"hey tiny\",stop --max-takes 3` and "
                + "`tinykws monitor record --port /dev/ttyACM0 --keyword x --ms 1000`.\n";
        List<String> bad = tinykwsProblems(md, root);
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(0).contains("eval-stream` has no option --minutes"), bad.get(0));
        assertTrue(bad.get(1).contains("monitor record` has no option --ms"), bad.get(1));
        assertTrue(anchors("## On a stream (the demo's 3-minute test stream, Java int8 detector)\n")
                .contains("on-a-stream-the-demos-3-minute-test-stream-java-int8-detector"));
        assertEquals(List.of("./tinykws", "demo", "--synth-arg=--per-voice=6"), words("./tinykws demo --synth-arg=--per-voice=6 & x"));
    }
}
