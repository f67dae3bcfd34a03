package dev.tinykws.dataset.record;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.SpeakerSplitter;
import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.dataset.synth.WordLists;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guided recording session ({@code tinykws dataset record --keywords ...}): the room's background
 * first, then every keyword in turn (round robin, so tiredness and tone spread over all of them),
 * then everyday words that are not keywords (they train the model to stay quiet on other speech).
 * Each prompt takes as many re-takes as needed ({@link Recorder}: voice-activity trimming and
 * centring in 1 s, too quiet / clipped / too long / silent rejected with a reason); every saved
 * clip is played back at once (and what a live microphone heard meanwhile is dropped, so that a take
 * played on speakers is never saved under the next word); the end shows the counts per keyword for this speaker and for
 * everybody in the dataset.
 *
 * <p>The audio comes from any {@link Recorder.SampleSource}: the PC microphone, or a WAV (--input, tests).
 */
public final class GuidedSession {

    /** Everyday words to record as non-keywords when none are given. */
    public static final List<String> EVERYDAY = List.of("hello", "water", "today", "thanks", "morning", "music",
            "later", "maybe");

    /**
     * What to record.
     *
     * @param keywords          keywords, as spoken
     * @param perKeyword        clips per keyword
     * @param otherWords        non-keyword words, as spoken (their folders become _unknown_ in training)
     * @param perOtherWord      clips per non-keyword word
     * @param backgroundSeconds seconds of room background (0 = none)
     * @param maxTakesPerClip   takes per prompt before moving on
     */
    public record Plan(List<String> keywords, int perKeyword, List<String> otherWords, int perOtherWord,
                       double backgroundSeconds, int maxTakesPerClip) {
        public Plan {
            keywords = List.copyOf(keywords);
            otherWords = List.copyOf(otherWords);
            if (keywords.isEmpty()) {
                throw new DatasetException("no keyword to record: pass --keywords \"hey tiny\",stop");
            }
            if (perKeyword < 1 || perOtherWord < 0 || backgroundSeconds < 0 || maxTakesPerClip < 1) {
                throw new DatasetException("clips per keyword must be >= 1, other-word clips and background >= 0,"
                        + " takes per clip >= 1");
            }
        }
    }

    /** Plays a saved clip back right away (no-op when there is no audio output). */
    @FunctionalInterface
    public interface Playback {
        void play(float[] clip);
    }

    /**
     * What the session did.
     *
     * @param saved      clips saved in this session per folder
     * @param rejected   takes rejected (re-taken)
     * @param missed     prompts that got no clip within their takes (or because the input ended)
     * @param background the background recording, or null
     * @param speakerTotal clips of this speaker per folder in the dataset now
     * @param allTotal   clips of every speaker per folder in the dataset now
     */
    public record Summary(Map<String, Integer> saved, int rejected, int missed, Path background,
                          Map<String, Integer> speakerTotal, Map<String, Integer> allTotal) { }

    /** Input dropped after the buffer that filled during a playback, in ms. */
    static final int ECHO_TAIL_MS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(GuidedSession.class);

    private final Path out;
    private final String speaker;
    private final double timeoutS;
    private final Consumer<String> say;
    private final Playback playback;

    public GuidedSession(Path out, String speaker, double timeoutS, Consumer<String> say, Playback playback) {
        this.out = out;
        this.speaker = speaker;
        this.timeoutS = timeoutS;
        this.say = say;
        this.playback = playback;
    }

    public Summary run(Recorder.SampleSource src, Plan plan) {
        Map<String, Integer> saved = new LinkedHashMap<>();
        int[] rejected = {0};
        int missed;
        Path bg = null;
        boolean[] eof = {false};
        if (plan.backgroundSeconds() > 0) {
            say.accept(String.format(Locale.ROOT, "room background: stay quiet for %.0f s (normal room noise is fine)",
                    plan.backgroundSeconds()));
            bg = recordBackground(src, plan.backgroundSeconds(), eof);
        }
        for (int round = 0; round < plan.perKeyword() && !eof[0]; round++) {
            for (String k : plan.keywords()) {
                take(src, k, String.format(Locale.ROOT, "keyword %d/%d", round + 1, plan.perKeyword()), plan,
                        saved, rejected, eof);
                if (eof[0]) {
                    break;
                }
            }
        }
        for (int round = 0; round < plan.perOtherWord() && !eof[0]; round++) {
            for (String w : plan.otherWords()) {
                take(src, w, "not a keyword", plan, saved, rejected, eof);
                if (eof[0]) {
                    break;
                }
            }
        }
        // prompts never reached because the input ended count as missed too
        int planned = plan.perKeyword() * plan.keywords().size() + plan.perOtherWord() * plan.otherWords().size();
        missed = planned - saved.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> mine = new LinkedHashMap<>();
        Map<String, Integer> all = new LinkedHashMap<>();
        List<String> folders = new ArrayList<>();
        plan.keywords().forEach(k -> folders.add(WordLists.folderOf(k)));
        plan.otherWords().forEach(w -> folders.add(WordLists.folderOf(w)));
        for (String f : folders) {
            mine.put(f, count(f, speaker));
            all.put(f, count(f, null));
        }
        return new Summary(saved, rejected[0], missed, bg, mine, all);
    }

    private boolean take(Recorder.SampleSource src, String word, String what, Plan plan, Map<String, Integer> saved,
                         int[] rejected, boolean[] eof) {
        String folder = WordLists.folderOf(word);
        say.accept(String.format(Locale.ROOT, "say \"%s\" (%s; %d of yours so far)", word, what, count(folder, speaker)));
        Recorder r = new Recorder(word, folder, speaker, out, timeoutS, m -> say.accept("  " + m.strip()));
        boolean[] ended = {false};
        Recorder.SampleSource watched = (buf, off, len) -> {
            int n = src.read(buf, off, len);
            if (n < 0) {
                ended[0] = true;
            }
            return n;
        };
        List<Recorder.Take> takes = r.record(watched, 1, plan.maxTakesPerClip());
        eof[0] = ended[0];
        for (Recorder.Take t : takes) {
            if (!t.ok()) {
                rejected[0]++;
                continue;
            }
            saved.merge(folder, 1, Integer::sum);
            playback.play(ClipAudio.readMono16k(t.file()));
            if (!ended[0]) {
                discardPlayback(src, eof);
            }
            return true;
        }
        return false;
    }

    /**
     * A live microphone kept capturing during the playback: with speakers (not headphones) its buffer
     * now holds the played take, which the next prompt's recorder would find and save under the
     * next word. Drop that buffer and the next {@link #ECHO_TAIL_MS} ms (the capture latency and the
     * room's echo tail of the playback's last moments).
     */
    private void discardPlayback(Recorder.SampleSource src, boolean[] eof) {
        if (!src.live()) {
            return;
        }
        long dropped = src.discardBuffered();
        float[] sink = new float[ECHO_TAIL_MS * Recorder.RATE / 1000];
        int got = 0;
        while (got < sink.length) {
            int k = src.read(sink, got, sink.length - got);
            if (k < 0) {
                eof[0] = true;
                break;
            }
            got += k;
        }
        LOG.debug("after playback: dropped {} buffered samples and {} more", dropped, got);
    }

    private Path recordBackground(Recorder.SampleSource src, double seconds, boolean[] eof) {
        int n = (int) Math.round(seconds * Recorder.RATE);
        float[] x = new float[n];
        int got = 0;
        while (got < n) {
            int k = src.read(x, got, n - got);
            if (k < 0) {
                eof[0] = true;
                break;
            }
            got += k;
        }
        if (got < Recorder.RATE) {
            say.accept("  background: the input ended after " + got + " samples; nothing saved");
            return null;
        }
        float[] clip = got == n ? x : java.util.Arrays.copyOf(x, got);
        double db = Recorder.dbfs(clip);
        if (db > -20) {
            say.accept(String.format(Locale.ROOT, "  background is loud (%.0f dBFS): fine if that is how the room "
                    + "sounds, but nobody should speak during it", db));
        }
        Path dir = out.resolve(DatasetIndex.BACKGROUND_NOISE);
        int i = 0;
        Path file;
        do {
            file = dir.resolve(speaker + "-room-" + i++ + ".wav");
        } while (Files.exists(file));
        ClipAudio.writeWav16(file, clip, Recorder.RATE);
        say.accept(String.format(Locale.ROOT, "  saved %s (%.1f s, %.0f dBFS)", file, got / (double) Recorder.RATE, db));
        return file;
    }

    /** Clips in a folder, of one speaker (or everybody when speaker is null). */
    int count(String folder, String who) {
        Path dir = out.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".wav") && (who == null || n.startsWith(who + SpeakerSplitter.NOHASH)))
                    .count();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
