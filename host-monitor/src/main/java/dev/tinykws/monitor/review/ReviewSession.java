package dev.tinykws.monitor.review;

import dev.tinykws.monitor.device.WavFiles;
import dev.tinykws.monitor.error.MonitorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code tinykws review}: walks the pending clips of a review queue (oldest first), plays each (or
 * prints its path when there is no audio output) and asks for its true class:
 * <pre>
 *   y        it was the keyword the device reported
 *   n        not a keyword (a false accept or other speech)      → _unknown_
 *   s        silence / noise, nobody spoke                       → _silence_
 *   LABEL    another keyword (one of the device's labels)
 *   p        play again        Enter   skip for now       q   quit
 * </pre>
 * Labels go into the queue's index (as the dashboard's do); {@code tinykws dataset add-reviewed} then
 * moves the labelled clips into a dataset.
 */
public final class ReviewSession {

    /**
     * What a session did.
     *
     * @param labelled clips labelled
     * @param skipped  clips left pending
     * @param quit     the reviewer quit before the end
     */
    public record Outcome(int labelled, int skipped, boolean quit) { }

    private final ReviewQueue queue;
    private final ClipPlayer player;
    private final Set<String> labels;
    private final String reviewer;

    /**
     * @param labels   the device's labels (another-keyword answers must be one of them); empty = any name
     * @param reviewer who labels ({@code cli} or a user name)
     */
    public ReviewSession(ReviewQueue queue, ClipPlayer player, Set<String> labels, String reviewer) {
        this.queue = queue;
        this.player = player;
        this.labels = Set.copyOf(labels);
        this.reviewer = reviewer;
    }

    /** Reviews up to {@code limit} pending clips, reading answers from {@code in}, talking on {@code out}. */
    public Outcome run(BufferedReader in, PrintStream out, int limit) throws IOException {
        queue.reload();
        List<ReviewClip> todo = queue.pending(Integer.MAX_VALUE).stream()
                .sorted(java.util.Comparator.comparing(ReviewClip::hostTime)).limit(limit).toList();
        if (todo.isEmpty()) {
            out.println("review queue " + queue.dir() + ": nothing to review");
            return new Outcome(0, 0, false);
        }
        out.println(todo.size() + " clip(s) to review. y = it was the keyword, n = not a keyword, s = silence/noise, "
                + "a label = another keyword, p = play again, Enter = skip, q = quit");
        int labelled = 0;
        int skipped = 0;
        for (int i = 0; i < todo.size(); i++) {
            ReviewClip c = todo.get(i);
            out.printf(Locale.ROOT, "[%d/%d] %s '%s' score %s at %s%n", i + 1, todo.size(),
                    c.kind().equals("near") ? "near-miss" : "detection", c.keyword(), c.score(), c.hostTime());
            play(c, out);
            while (true) {
                out.print("> ");
                out.flush();
                String line = in.readLine();
                if (line == null) {
                    return new Outcome(labelled, skipped + todo.size() - i, true);
                }
                String a = line.strip();
                if (a.isEmpty()) {
                    skipped++;
                    break;
                }
                if (a.equals("q")) {
                    return new Outcome(labelled, skipped + todo.size() - i, true);
                }
                if (a.equals("p")) {
                    play(c, out);
                    continue;
                }
                String label = switch (a) {
                    case "y" -> c.keyword();
                    case "n" -> ReviewExport.UNKNOWN;
                    case "s" -> ReviewExport.SILENCE;
                    default -> a;
                };
                String why = check(label);
                if (why != null) {
                    out.println(why);
                    continue;
                }
                queue.label(c.id(), label, reviewer, Instant.now());
                out.println("  -> " + label);
                labelled++;
                break;
            }
        }
        return new Outcome(labelled, skipped, false);
    }

    private void play(ReviewClip c, PrintStream out) {
        java.nio.file.Path wav = queue.wavPath(c.id());
        boolean played = false;
        try {
            played = player.play(WavFiles.readPcm16Mono(wav));
        } catch (MonitorException e) {
            out.println("  cannot read " + wav + ": " + e.getMessage());
        }
        if (!played) {
            out.println("  listen: " + wav.toAbsolutePath());
        }
    }

    /** Null when the label is acceptable, else what to tell the reviewer. */
    private String check(String label) {
        if (label.equals(ReviewExport.UNKNOWN) || label.equals(ReviewExport.SILENCE)) {
            return null;
        }
        if (!ReviewQueue.LABEL.matcher(label).matches() || label.startsWith("_")) {
            return "  '" + label + "' is not an answer: y, n, s, p, q, Enter, or a keyword name";
        }
        if (!labels.isEmpty() && !labels.contains(label)) {
            return "  '" + label + "' is not one of the device's labels " + labels;
        }
        return null;
    }
}
