package dev.tinykws.dataset.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinykws.contract.ClipNames;
import dev.tinykws.contract.Labels;
import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.io.ClipAudio;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Builds a Speech Commands-layout dataset from text-to-speech engines: every keyword by every
 * synthetic speaker, unknown words (common words and per-keyword near-misses) by a seeded
 * sample of speakers, and generated white/pink/brown noise. Parallel, resumable (existing clips
 * are kept), and recorded in {@code dataset.json}.
 */
public final class Synthesizer {
    private static final Logger LOG = LoggerFactory.getLogger(Synthesizer.class);

    /** What a run produced. */
    public record Report(Map<String, Integer> clipsPerWord, Map<String, Integer> clipsPerEngine,
                         Map<String, Integer> speakersPerEngine, Map<String, Integer> rejectedPerEngine,
                         Map<String, Double> engineSeconds, int made, int skipped, int rejected,
                         List<String> missingEngines, List<String> rejections, double seconds) {
    }

    /** A word to synthesize and whether it is a keyword. */
    record Word(String text, String folder, String kind) {
    }

    private final SynthOptions o;

    public Synthesizer(SynthOptions options) {
        this.o = options;
    }

    /** The synthetic speakers of the selected engines, in a stable order. */
    public static List<VoiceSpec> speakers(List<Tts> engines, int perVoice, int espeakVariants, long seed) {
        List<VoiceSpec> out = new ArrayList<>();
        for (Tts e : engines) {
            List<Tts.BaseVoice> bases = e.baseVoices();
            if (e instanceof EspeakEngine) {
                bases = pickEspeakVariants(bases, espeakVariants, seed);
            }
            for (Tts.BaseVoice b : bases) {
                double[] pr = e.pitchRange(b);
                double[] sr = e.speedRange();
                for (int s = 0; s < perVoice; s++) {
                    Random r = new Random(seed * 1_000_003L + (e.name() + "|" + b.voice() + "|" + b.variant() + "|" + s)
                            .hashCode());
                    // Speeds are stratified so a voice's settings spread over the range.
                    double speed = sr[0] + (sr[1] - sr[0]) * (s + r.nextDouble()) / perVoice;
                    double pitch = pr[0] + (pr[1] - pr[0]) * r.nextDouble();
                    out.add(new VoiceSpec(e.name(), b.voice(), b.variant(), Math.round(pitch * 10) / 10.0,
                            Math.round(speed * 1000) / 1000.0));
                }
            }
        }
        return out;
    }

    private static List<Tts.BaseVoice> pickEspeakVariants(List<Tts.BaseVoice> bases, int perVoice, long seed) {
        Map<String, List<Tts.BaseVoice>> byVoice = new LinkedHashMap<>();
        bases.forEach(b -> byVoice.computeIfAbsent(b.voice(), k -> new ArrayList<>()).add(b));
        List<Tts.BaseVoice> out = new ArrayList<>();
        for (Map.Entry<String, List<Tts.BaseVoice>> e : byVoice.entrySet()) {
            List<Tts.BaseVoice> vs = new ArrayList<>(e.getValue());
            Tts.BaseVoice plain = vs.remove(0); // the voice without a variant
            Collections.shuffle(vs, new Random(seed * 31 + e.getKey().hashCode()));
            out.add(plain);
            out.addAll(vs.subList(0, Math.min(vs.size(), perVoice - 1)));
        }
        return out;
    }

    /** The words of the dataset: keywords, then common words, then near-misses. */
    List<Word> words() {
        List<Word> out = new ArrayList<>();
        Set<String> kwSet = new LinkedHashSet<>();
        Set<String> folders = new LinkedHashSet<>();
        for (String k : o.keywords()) {
            String t = k.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (kwSet.add(t)) {
                out.add(new Word(t, WordLists.folderOf(t), "keyword"));
                folders.add(WordLists.folderOf(t));
            }
        }
        for (String c : WordLists.COMMON.subList(0, Math.min(o.commonWords(), WordLists.COMMON.size()))) {
            if (!kwSet.contains(c) && folders.add(WordLists.folderOf(c))) {
                out.add(new Word(c, WordLists.folderOf(c), "common"));
            }
        }
        for (String k : kwSet) {
            int n = 0;
            for (String nm : WordLists.nearMisses(k, kwSet)) {
                if (n >= o.nearMisses()) {
                    break;
                }
                if (folders.add(WordLists.folderOf(nm))) {
                    out.add(new Word(nm, WordLists.folderOf(nm), "near-miss of " + k));
                    n++;
                }
            }
        }
        return out;
    }

    /** Which speakers say which word: all speakers say every keyword, a balanced sample says each other word. */
    static Map<VoiceSpec, List<Word>> assign(List<VoiceSpec> speakers, List<Word> words, int unknownSpeakers, long seed) {
        Map<VoiceSpec, List<Word>> plan = new LinkedHashMap<>();
        speakers.forEach(s -> plan.put(s, new ArrayList<>()));
        Map<String, List<VoiceSpec>> byEngine = new LinkedHashMap<>();
        speakers.forEach(s -> byEngine.computeIfAbsent(s.engine(), k -> new ArrayList<>()).add(s));
        for (Word w : words) {
            if (w.kind().equals("keyword")) {
                speakers.forEach(s -> plan.get(s).add(w));
                continue;
            }
            Random r = new Random(seed * 7919 + w.folder().hashCode());
            Map<String, List<VoiceSpec>> pools = new LinkedHashMap<>();
            byEngine.forEach((k, v) -> {
                List<VoiceSpec> l = new ArrayList<>(v);
                Collections.shuffle(l, r);
                pools.put(k, l);
            });
            int picked = 0;
            while (picked < Math.min(unknownSpeakers, speakers.size())) {
                for (List<VoiceSpec> pool : pools.values()) {
                    if (!pool.isEmpty() && picked < unknownSpeakers) {
                        plan.get(pool.remove(pool.size() - 1)).add(w);
                        picked++;
                    }
                }
            }
        }
        return plan;
    }

    static Path clipPath(Path out, Word w, VoiceSpec s) {
        return out.resolve(w.folder()).resolve(ClipNames.fileName(s.speakerId(), 0));
    }

    /** Runs the synthesis. */
    public Report run() {
        long t0 = System.nanoTime();
        List<String> missing = new ArrayList<>();
        List<Tts> engines = Engines.select(o.engines(), missing);
        if (engines.isEmpty()) {
            throw new DatasetException("no TTS engine is available (requested " + (o.engines().isEmpty()
                    ? "all" : o.engines()) + "); FreeTTS is embedded — is the freetts jar on the classpath?");
        }
        if (!missing.isEmpty()) {
            LOG.warn("TTS engines not installed, skipped: {} (apt-get install espeak-ng flite festival "
                    + "festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts)", missing);
        }
        Map<String, Tts> engineByName = new LinkedHashMap<>();
        engines.forEach(e -> engineByName.put(e.name(), e));
        List<VoiceSpec> speakers = speakers(engines, o.perVoice(), o.espeakVariants(), o.seed());
        List<Word> words = words();
        Map<VoiceSpec, List<Word>> plan = assign(speakers, words, o.unknownSpeakers(), o.seed());
        try {
            Files.createDirectories(o.out());
        } catch (IOException e) {
            throw new DatasetException("cannot create " + o.out() + ": " + e.getMessage(), e);
        }
        writeNoise();

        int total = plan.values().stream().mapToInt(List::size).sum();
        Map<String, AtomicLong> perWord = new ConcurrentHashMap<>();
        Map<String, AtomicLong> perEngine = new ConcurrentHashMap<>();
        Map<String, AtomicLong> rejectedPerEngine = new ConcurrentHashMap<>();
        Map<String, AtomicLong> nanosPerEngine = new ConcurrentHashMap<>();
        List<String> rejections = Collections.synchronizedList(new ArrayList<>());
        AtomicLong made = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        ClipShaper shaper = new ClipShaper(o.placement(), o.maxCompression());

        ProgressBar pb = o.progress() ? new ProgressBarBuilder().setTaskName("synth").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).showSpeed().build() : null;
        ExecutorService pool = Executors.newFixedThreadPool(o.jobs());
        try {
            List<Future<?>> futures = new ArrayList<>();
            // Longest batches first keeps the cores busy to the end.
            List<Map.Entry<VoiceSpec, List<Word>>> batches = new ArrayList<>(plan.entrySet());
            for (Map.Entry<VoiceSpec, List<Word>> batch : batches) {
                futures.add(pool.submit(() -> {
                    VoiceSpec s = batch.getKey();
                    List<Word> todo = new ArrayList<>();
                    for (Word w : batch.getValue()) {
                        Path p = clipPath(o.out(), w, s);
                        if (isDone(p)) {
                            skipped.incrementAndGet();
                            perWord.computeIfAbsent(w.folder(), k -> new AtomicLong()).incrementAndGet();
                            perEngine.computeIfAbsent(s.engine(), k -> new AtomicLong()).incrementAndGet();
                            step(pb);
                        } else {
                            todo.add(w);
                        }
                    }
                    if (todo.isEmpty()) {
                        return;
                    }
                    long a = System.nanoTime();
                    List<Tts.Audio> audio = engineByName.get(s.engine()).speak(s,
                            todo.stream().map(Word::text).toList());
                    for (int i = 0; i < todo.size(); i++) {
                        Word w = todo.get(i);
                        Tts.Audio au = audio.get(i);
                        String why = au.error();
                        if (why == null) {
                            float[] x = ClipAudio.resample(au.samples(), au.sampleRate(), ClipAudio.RATE);
                            Random r = new Random(o.seed() ^ (s.speakerId() + "/" + w.folder()).hashCode());
                            ClipShaper.Shaped sh = shaper.shape(x, r);
                            if (sh.ok()) {
                                ClipAudio.writeWav16(clipPath(o.out(), w, s), sh.clip(), ClipAudio.RATE);
                                made.incrementAndGet();
                                perWord.computeIfAbsent(w.folder(), k -> new AtomicLong()).incrementAndGet();
                                perEngine.computeIfAbsent(s.engine(), k -> new AtomicLong()).incrementAndGet();
                            } else {
                                why = sh.rejected();
                            }
                        }
                        if (why != null) {
                            rejectedPerEngine.computeIfAbsent(s.engine(), k -> new AtomicLong()).incrementAndGet();
                            String msg = w.folder() + "/" + s.speakerId() + " (" + s.canonical() + "): " + why;
                            rejections.add(msg);
                            LOG.debug("rejected {}", msg);
                        }
                        step(pb);
                    }
                    nanosPerEngine.computeIfAbsent(s.engine(), k -> new AtomicLong()).addAndGet(System.nanoTime() - a);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new DatasetException("synthesis failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DatasetException("synthesis interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
            if (pb != null) {
                pb.close();
            }
        }
        Map<String, Integer> speakersPerEngine = new TreeMap<>();
        speakers.forEach(s -> speakersPerEngine.merge(s.engine(), 1, Integer::sum));
        Map<String, Double> secs = new TreeMap<>();
        nanosPerEngine.forEach((k, v) -> secs.put(k, v.get() / 1e9));
        Report report = new Report(toIntMap(perWord), toIntMap(perEngine), speakersPerEngine,
                toIntMap(rejectedPerEngine), secs, (int) made.get(), (int) skipped.get(), rejections.size(), missing,
                List.copyOf(rejections), (System.nanoTime() - t0) / 1e9);
        writeManifest(engines, speakers, words, report);
        LOG.info("synthesized {} clips ({} kept from before, {} rejected) in {} s", report.made(), report.skipped(),
                report.rejected(), String.format(Locale.ROOT, "%.1f", report.seconds()));
        return report;
    }

    private static void step(ProgressBar pb) {
        if (pb != null) {
            pb.step();
        }
    }

    /** A clip counts as done when it exists and its header is a complete 1 s layout clip. */
    static boolean isDone(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try {
            var info = ClipAudio.probe(p);
            return info.isLayoutFormat() && info.frames() == ClipShaper.CLIP && !info.truncated();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Integer> toIntMap(Map<String, AtomicLong> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, (int) v.get()));
        return out;
    }

    private void writeNoise() {
        Path dir = o.out().resolve(Labels.BACKGROUND_NOISE_DIR);
        if (o.noiseSeconds() > 0) {
            for (NoiseGenerator.Colour c : NoiseGenerator.Colour.values()) {
                Path p = dir.resolve(c.name().toLowerCase(Locale.ROOT) + "_noise.wav");
                if (!Files.isRegularFile(p)) {
                    ClipAudio.writeWav16(p, NoiseGenerator.generate(c, o.noiseSeconds() * ClipAudio.RATE,
                            o.seed() * 3 + c.ordinal()), ClipAudio.RATE);
                }
            }
        }
        for (Path src : o.noiseDirs()) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList();
            } catch (IOException e) {
                LOG.warn("cannot read noise folder {}: {}", src, e.getMessage());
                continue;
            }
            for (Path f : files) {
                String name = src.relativize(f).toString().replaceAll("[/\\\\\\s]+", "_");
                Path dst = dir.resolve(name.toLowerCase(Locale.ROOT).endsWith(".wav") ? name : name + ".wav");
                if (Files.isRegularFile(dst)) {
                    continue;
                }
                try {
                    ClipAudio.writeWav16(dst, ClipAudio.readMono16k(f), ClipAudio.RATE);
                } catch (RuntimeException e) {
                    LOG.warn("skipped noise file {}: {}", f, e.getMessage());
                }
            }
        }
    }

    private void writeManifest(List<Tts> engines, List<VoiceSpec> speakers, List<Word> words, Report r) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", "tinykws-dataset/1");
        root.put("layout", "speech-commands");
        root.put("created", Instant.now().toString());
        root.put("tool", "tinykws dataset synth");
        root.put("command", command());
        root.put("seed", o.seed());
        ObjectNode settings = root.putObject("settings");
        settings.put("perVoice", o.perVoice());
        settings.put("espeakVariants", o.espeakVariants());
        settings.put("unknownSpeakers", o.unknownSpeakers());
        settings.put("commonWords", o.commonWords());
        settings.put("nearMisses", o.nearMisses());
        settings.put("placement", o.placement().name().toLowerCase(Locale.ROOT));
        settings.put("maxCompression", o.maxCompression());
        settings.put("noiseSeconds", o.noiseSeconds());
        ArrayNode nd = settings.putArray("noiseDirs");
        o.noiseDirs().forEach(p -> nd.add(p.toString()));
        ArrayNode kws = root.putArray("keywords");
        ArrayNode unk = root.putArray("unknown");
        for (Word w : words) {
            ObjectNode n = (w.kind().equals("keyword") ? kws : unk).addObject();
            n.put("text", w.text());
            n.put("folder", w.folder());
            if (!w.kind().equals("keyword")) {
                n.put("kind", w.kind());
            }
        }
        ArrayNode en = root.putArray("engines");
        for (Tts e : engines) {
            ObjectNode n = en.addObject();
            n.put("name", e.name());
            n.put("version", e.version());
            n.put("speakers", r.speakersPerEngine().getOrDefault(e.name(), 0));
            n.put("clips", r.clipsPerEngine().getOrDefault(e.name(), 0));
        }
        ArrayNode miss = root.putArray("missingEngines");
        r.missingEngines().forEach(miss::add);
        ArrayNode sp = root.putArray("speakers");
        for (VoiceSpec s : speakers) {
            ObjectNode n = sp.addObject();
            n.put("id", s.speakerId());
            n.put("engine", s.engine());
            n.put("voice", s.voice());
            n.put("variant", s.variant());
            n.put("pitch", s.pitch());
            n.put("speed", s.speed());
        }
        ObjectNode counts = root.putObject("clipsPerWord");
        r.clipsPerWord().forEach(counts::put);
        ArrayNode rej = root.putArray("rejected");
        r.rejections().stream().sorted().limit(500).forEach(rej::add);
        try {
            Files.writeString(o.out().resolve(DatasetIndex.MANIFEST), om.writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("cannot write " + o.out().resolve(DatasetIndex.MANIFEST) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The command line that rebuilds this dataset. */
    String command() {
        StringBuilder sb = new StringBuilder("tinykws dataset synth --keywords \"")
                .append(String.join(",", o.keywords())).append("\" --out ").append(o.out());
        if (!o.engines().isEmpty()) {
            sb.append(" --engines ").append(String.join(",", o.engines()));
        }
        sb.append(" --per-voice ").append(o.perVoice()).append(" --espeak-variants ").append(o.espeakVariants())
                .append(" --unknown-speakers ").append(o.unknownSpeakers()).append(" --common-words ")
                .append(o.commonWords()).append(" --near-misses ").append(o.nearMisses()).append(" --seed ")
                .append(o.seed()).append(" --placement ").append(o.placement().name().toLowerCase(Locale.ROOT))
                .append(" --max-compression ").append(o.maxCompression()).append(" --noise-length ")
                .append(o.noiseSeconds()).append('s');
        o.noiseDirs().forEach(d -> sb.append(" --noise ").append(d));
        return sb.toString();
    }
}
