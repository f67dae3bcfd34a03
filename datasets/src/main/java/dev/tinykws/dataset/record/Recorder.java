package dev.tinykws.dataset.record;

import dev.tinykws.contract.ClipFormat;
import dev.tinykws.contract.ClipNames;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.SpeakerSplitter;
import dev.tinykws.dataset.check.ClipStats;
import dev.tinykws.dataset.io.ClipAudio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Records keyword clips from a stream of 16 kHz mono samples (the PC microphone, or a long file
 * for tests): prompts, waits for an utterance with an energy gate, keeps the 1 s window centred
 * on it (with the real background around it), and rejects takes that are silent (nothing above
 * the gate before the timeout), too quiet, clipped, or longer than 1 s, each with a reason.
 *
 * <p>The gate works on 10 ms frames: the noise floor is the slowly rising minimum of the frame
 * level; speech starts after {@value #START_FRAMES} frames {@value #START_DB} dB above the floor
 * (and above {@value #ABS_MIN_DBFS} dBFS) and ends after {@value #HANG_FRAMES} frames back within
 * {@value #END_DB} dB of it.
 */
public final class Recorder {
    public static final int RATE = ClipFormat.SAMPLE_RATE_HZ;
    static final int FRAME = RATE / 100;
    static final double START_DB = 12;
    static final double END_DB = 6;
    static final double ABS_MIN_DBFS = -50;
    static final int START_FRAMES = 3;
    static final int HANG_FRAMES = 30;
    static final int MIN_SPEECH_FRAMES = 8;
    static final int PREROLL = RATE / 10;
    /** Speech quieter than this (RMS over the utterance) is rejected: too little signal over the noise. */
    static final double QUIET_DBFS = -40;

    /** Something that fills a buffer with 16 kHz samples and returns -1 at the end. */
    @FunctionalInterface
    public interface SampleSource {
        int read(float[] buf, int off, int len);

        /**
         * True for a live input (a microphone) that keeps capturing while nobody reads it, so that
         * what it heard meanwhile (a take played back on speakers) waits in its buffer. A file is not live.
         */
        default boolean live() {
            return false;
        }

        /** Drops what a live input captured and nobody read yet; returns the samples dropped (0 when not live). */
        default long discardBuffered() {
            return 0;
        }
    }

    /** One take: a saved clip, or the reason it was rejected. Times are seconds into the stream. */
    public record Take(int number, Path file, double startS, double endS, String rejected) {
        public boolean ok() {
            return rejected == null;
        }
    }

    private final String word;
    private final String folder;
    private final String speaker;
    private final Path out;
    private final double timeoutS;
    private final Consumer<String> prompt;

    /**
     * @param keyword  the keyword as spoken
     * @param folder   its folder name
     * @param speaker  speaker id (letters, digits, '-' ; never contains {@code _nohash_})
     * @param out      dataset folder
     * @param timeoutS seconds to wait for speech before a take counts as silent
     * @param prompt   receives the prompts and per-take messages
     */
    public Recorder(String keyword, String folder, String speaker, Path out, double timeoutS, Consumer<String> prompt) {
        if (speaker == null || !speaker.matches("[A-Za-z0-9-]+") || speaker.contains(ClipNames.NOHASH)) {
            throw new DatasetException("speaker id \"" + speaker + "\" must be letters, digits and '-' only "
                    + "(it becomes <speaker>_nohash_<n>.wav)");
        }
        this.word = keyword;
        this.folder = folder;
        this.speaker = speaker;
        this.out = out;
        this.timeoutS = timeoutS;
        this.prompt = prompt;
    }

    /** Next free clip number for this speaker (resumable). */
    int nextIndex() {
        Path dir = out.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int max = -1;
        String prefix = speaker + ClipNames.NOHASH;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(".wav")) {
                    try {
                        max = Math.max(max, Integer.parseInt(n.substring(prefix.length(), n.length() - 4)));
                    } catch (NumberFormatException ignored) {
                        // someone else's naming; not ours
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return max + 1;
    }

    /**
     * Records until {@code count} clips are saved, {@code maxTakes} takes were made, or the source
     * ends. Returns every take in order.
     */
    public List<Take> record(SampleSource src, int count, int maxTakes) {
        List<Take> takes = new ArrayList<>();
        int saved = 0;
        int index = nextIndex();
        // History of everything read so far (recording sessions are short: minutes at most).
        FloatBuf hist = new FloatBuf();
        float[] frame = new float[FRAME];
        double floorDb = Double.NaN;
        boolean eof = false;
        while (saved < count && takes.size() < maxTakes && !eof) {
            int takeNo = takes.size() + 1;
            prompt.accept(String.format(Locale.ROOT, "take %d: say \"%s\" (%d/%d saved)", takeNo, word, saved, count));
            long takeStartFrame = hist.size() / FRAME;
            int above = 0;
            int below = 0;
            long speechStart = -1;
            long speechEnd = -1;
            while (true) {
                int n = readFully(src, frame);
                if (n < FRAME) {
                    eof = true;
                    if (speechStart >= 0) {
                        speechEnd = hist.size() / FRAME;
                    }
                    break;
                }
                hist.add(frame);
                double db = dbfs(frame);
                long f = hist.size() / FRAME - 1;
                floorDb = Double.isNaN(floorDb) ? db : db < floorDb ? db : floorDb + 0.02; // min with slow rise
                if (speechStart < 0) {
                    boolean loud = db > floorDb + START_DB && db > ABS_MIN_DBFS;
                    above = loud ? above + 1 : 0;
                    if (above >= START_FRAMES) {
                        speechStart = f - START_FRAMES + 1;
                        floorDb = Math.min(floorDb, db - START_DB); // freeze the floor during speech
                    } else if ((f - takeStartFrame + 1) * FRAME >= timeoutS * RATE) {
                        break;
                    }
                } else {
                    floorDb -= 0.02; // no rise while speaking
                    boolean quiet = db < floorDb + END_DB;
                    below = quiet ? below + 1 : 0;
                    if (below >= HANG_FRAMES) {
                        speechEnd = f - HANG_FRAMES + 1;
                        break;
                    }
                }
            }
            if (speechStart < 0) {
                if (!eof || hist.size() / FRAME - takeStartFrame > 0.5 * timeoutS * 100) {
                    takes.add(reject(takeNo, takeStartFrame, hist.size() / FRAME, String.format(Locale.ROOT,
                            "silent take: nothing above the gate in %.1f s — speak louder or check the microphone", timeoutS)));
                }
                continue;
            }
            long s0 = speechStart * FRAME;
            long s1 = speechEnd * FRAME;
            if (speechEnd - speechStart < MIN_SPEECH_FRAMES) {
                takes.add(reject(takeNo, speechStart, speechEnd, "too short (" + (speechEnd - speechStart) * 10
                        + " ms): a click or a breath, not a word"));
                continue;
            }
            if (s1 - s0 > RATE - PREROLL) {
                takes.add(reject(takeNo, speechStart, speechEnd, String.format(Locale.ROOT,
                        "too long (%.2f s of sound): say only the keyword, in under 0.9 s", (s1 - s0) / (double) RATE)));
                continue;
            }
            float[] speech = hist.slice(s0, s1);
            double level = dbfs(speech);
            if (level < QUIET_DBFS) {
                takes.add(reject(takeNo, speechStart, speechEnd, String.format(Locale.ROOT,
                        "too quiet (speech at %.0f dBFS, want above %.0f): move closer or raise the input gain",
                        level, QUIET_DBFS)));
                continue;
            }
            int full = ClipStats.fullScaleSamples(speech);
            if (full >= ClipStats.CLIPPED_SAMPLES) {
                takes.add(reject(takeNo, speechStart, speechEnd, full + " samples at full scale (clipped) — "
                        + "move back from the microphone or lower the input gain"));
                continue;
            }
            // The 1 s window centred on the speech, from the real stream (zero only before its start).
            long centre = (s0 + s1) / 2;
            long w0 = centre - RATE / 2;
            float[] clip = new float[RATE];
            for (int i = 0; i < RATE; i++) {
                long k = w0 + i;
                clip[i] = k >= 0 && k < hist.size() ? hist.get(k) : 0f;
            }
            Path file = out.resolve(folder).resolve(ClipNames.fileName(speaker, index));
            ClipAudio.writeWav16(file, clip, RATE);
            index++;
            saved++;
            Take t = new Take(takeNo, file, s0 / (double) RATE, s1 / (double) RATE, null);
            prompt.accept(String.format(Locale.ROOT, "  saved %s (speech %.2f-%.2f s)", file.getFileName(), t.startS(), t.endS()));
            takes.add(t);
        }
        return takes;
    }

    private Take reject(int no, long f0, long f1, String why) {
        prompt.accept("  rejected: " + why);
        return new Take(no, null, f0 * FRAME / (double) RATE, f1 * FRAME / (double) RATE, why);
    }

    private static int readFully(SampleSource src, float[] buf) {
        int got = 0;
        while (got < buf.length) {
            int n = src.read(buf, got, buf.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    static double dbfs(float[] f) {
        double e = 0;
        for (float v : f) {
            e += v * v;
        }
        return 10 * Math.log10(e / f.length + 1e-12);
    }

    /** A growable float array. */
    private static final class FloatBuf {
        private float[] a = new float[RATE * 10];
        private int n;

        void add(float[] x) {
            if (n + x.length > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + x.length));
            }
            System.arraycopy(x, 0, a, n, x.length);
            n += x.length;
        }

        long size() {
            return n;
        }

        float get(long i) {
            return a[(int) i];
        }

        float[] slice(long from, long to) {
            return java.util.Arrays.copyOfRange(a, (int) from, (int) to);
        }
    }
}
