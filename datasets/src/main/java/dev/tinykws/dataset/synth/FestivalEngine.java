package dev.tinykws.dataset.synth;

import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Festival 2.x: {@code kal_diphone}, {@code ked_diphone} (pitch via {@code int_lr_params}
 * target mean in Hz, speed via {@code Duration_Stretch}) and {@code cmu_us_slt_arctic_hts}
 * (HTS engine {@code -fm} half-tones and {@code -r} rate). One {@code festival -b} script per
 * batch of texts: starting festival costs ≈0.2 s, a clip a few milliseconds.
 */
final class FestivalEngine implements Tts {
    static final String SLT = "cmu_us_slt_arctic_hts";
    private static final List<String[]> VOICES = List.of(
            new String[] {"kal_diphone", "english/kal_diphone"},
            new String[] {"ked_diphone", "english/ked_diphone"},
            new String[] {SLT, "us/cmu_us_slt_arctic_hts"});
    private static final List<Path> VOICE_ROOTS = List.of(Path.of("/usr/share/festival/voices"),
            Path.of("/usr/local/share/festival/voices"));

    @Override
    public String name() {
        return "festival";
    }

    @Override
    public boolean available() {
        return ExternalTool.which("festival") != null && !baseVoices().isEmpty();
    }

    @Override
    public String version() {
        return ExternalTool.which("festival") != null ? ExternalTool.version(List.of("festival", "--version"))
                : "unavailable";
    }

    @Override
    public List<BaseVoice> baseVoices() {
        List<BaseVoice> out = new ArrayList<>();
        for (String[] v : VOICES) {
            for (Path root : VOICE_ROOTS) {
                if (Files.isDirectory(root.resolve(v[1]))) {
                    out.add(new BaseVoice(v[0], ""));
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public double[] pitchRange(BaseVoice v) {
        return v.voice().equals(SLT) ? new double[] {-3, 3} : new double[] {85, 140};
    }

    /** The Scheme that selects a voice with its pitch and speed. */
    static String voiceSetup(VoiceSpec v) {
        if (v.voice().equals(SLT)) {
            return String.format(Locale.ROOT, "(voice_%1$s)\n(if (not (boundp 'tkws_slt_base)) "
                    + "(set! tkws_slt_base %1$s::hts_engine_params))\n"
                    + "(set! %1$s::hts_engine_params (append tkws_slt_base (list (list \"-r\" %2$.3f) "
                    + "(list \"-fm\" %3$.2f))))\n(voice_%1$s)\n", SLT, v.speed(), v.pitch());
        }
        return String.format(Locale.ROOT, "(voice_%s)\n(Parameter.set 'Duration_Stretch %.3f)\n"
                + "(set! int_lr_params '((target_f0_mean %.1f) (target_f0_std 14) (model_f0_mean 170) "
                + "(model_f0_std 34)))\n", v.voice(), 1.0 / v.speed(), v.pitch());
    }

    @Override
    public List<Audio> speak(VoiceSpec v, List<String> texts) {
        List<Audio> out = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tinykws-festival-");
            StringBuilder scm = new StringBuilder(voiceSetup(v));
            for (int i = 0; i < texts.size(); i++) {
                scm.append(String.format(Locale.ROOT, "(utt.save.wave (utt.synth (Utterance Text \"%s\")) \"%s\" 'riff)\n",
                        ExternalTool.clean(texts.get(i)), dir.resolve(i + ".wav")));
            }
            Path script = dir.resolve("batch.scm");
            Files.writeString(script, scm, StandardCharsets.UTF_8);
            ExternalTool.Result r = ExternalTool.run(List.of("festival", "-b", script.toString()),
                    30 + 5L * texts.size());
            for (int i = 0; i < texts.size(); i++) {
                Path wav = dir.resolve(i + ".wav");
                if (!Files.isRegularFile(wav)) {
                    out.add(Audio.failed("festival " + v.voice() + " wrote no audio (exit " + r.exit() + "): "
                            + r.stderr()));
                    continue;
                }
                try {
                    WavInfo[] info = new WavInfo[1];
                    float[] x = ClipAudio.readMono(wav, info);
                    out.add(new Audio(x, info[0].sampleRate(), null));
                } catch (RuntimeException e) {
                    out.add(Audio.failed("festival " + v.voice() + ": " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            while (out.size() < texts.size()) {
                out.add(Audio.failed("festival: " + e.getMessage()));
            }
        } finally {
            deleteTree(dir);
        }
        return out;
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(FliteEngine::deleteQuietly);
        } catch (IOException ignored) {
            // temporary folder; nothing to do
        }
    }
}
