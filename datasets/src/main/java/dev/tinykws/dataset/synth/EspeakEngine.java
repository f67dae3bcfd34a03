package dev.tinykws.dataset.synth;

import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * espeak-ng (formant synthesis): 8 English voices × the variants of {@code voices/!v}. Pitch is
 * {@code -p} (0..99), speed is {@code -s} = 175 wpm × factor. One process per clip, WAV on stdout.
 */
final class EspeakEngine implements Tts {
    static final List<String> VOICES = List.of("en", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp",
            "en-gb-x-gbcwmd", "en-029", "en-us-nyc");
    private static final int DEFAULT_WPM = 175;

    @Override
    public String name() {
        return "espeak";
    }

    @Override
    public boolean available() {
        return ExternalTool.which("espeak-ng") != null;
    }

    @Override
    public String version() {
        return available() ? ExternalTool.version(List.of("espeak-ng", "--version")) : "unavailable";
    }

    /** Variant names of the installed espeak-ng data (no spaces), sorted; "" is the plain voice. */
    static List<String> variants() {
        List<String> out = new ArrayList<>();
        out.add("");
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu/espeak-ng-data/voices/!v",
                "/usr/lib/aarch64-linux-gnu/espeak-ng-data/voices/!v", "/usr/share/espeak-ng-data/voices/!v",
                "/usr/local/share/espeak-ng-data/voices/!v")) {
            Path p = Path.of(dir);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.map(f -> f.getFileName().toString()).filter(n -> !n.contains(" ") && !n.startsWith("."))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    // no variants: the plain voices still work
                }
                break;
            }
        }
        return out;
    }

    @Override
    public List<BaseVoice> baseVoices() {
        List<String> vs = variants();
        List<BaseVoice> out = new ArrayList<>();
        for (String v : VOICES) {
            for (String var : vs) {
                out.add(new BaseVoice(v, var));
            }
        }
        return out;
    }

    @Override
    public double[] pitchRange(BaseVoice v) {
        return new double[] {20, 80};
    }

    @Override
    public double[] speedRange() {
        return new double[] {0.86, 1.3}; // 150..228 wpm
    }

    @Override
    public List<Audio> speak(VoiceSpec v, List<String> texts) {
        List<Audio> out = new ArrayList<>();
        String voice = v.variant().isEmpty() ? v.voice() : v.voice() + "+" + v.variant();
        for (String text : texts) {
            ExternalTool.Result r = ExternalTool.run(List.of("espeak-ng", "-v", voice,
                    "-s", Integer.toString((int) Math.round(DEFAULT_WPM * v.speed())),
                    "-p", Integer.toString((int) Math.round(v.pitch())), "--stdout", ExternalTool.clean(text)), 30);
            if (r.exit() != 0) {
                out.add(Audio.failed("espeak-ng exit " + r.exit() + ": " + r.stderr()));
                continue;
            }
            out.add(decode(r.stdout(), "espeak-ng " + voice));
        }
        return out;
    }

    static Audio decode(byte[] wav, String what) {
        try {
            WavInfo[] info = new WavInfo[1];
            float[] x = ClipAudio.decodeMono(Path.of(what.replace('/', '_').toLowerCase(Locale.ROOT)), wav, info);
            return new Audio(x, info[0].sampleRate(), null);
        } catch (RuntimeException e) {
            return Audio.failed(what + " produced no valid WAV: " + e.getMessage());
        }
    }
}
