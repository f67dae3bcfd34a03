package dev.tinykws.dataset.synth;

import dev.tinykws.dataset.io.ClipAudio;
import dev.tinykws.features.audio.WavInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * flite 2.x: kal16, awb, rms, slt. Pitch via {@code int_f0_target_mean} (Hz), speed via
 * {@code duration_stretch} = 1 / factor. One process per clip into a temporary WAV.
 */
final class FliteEngine implements Tts {
    static final List<String> VOICES = List.of("kal16", "awb", "rms", "slt");

    @Override
    public String name() {
        return "flite";
    }

    @Override
    public boolean available() {
        return ExternalTool.which("flite") != null;
    }

    @Override
    public String version() {
        if (!available()) {
            return "unavailable";
        }
        String v = ExternalTool.version(List.of("flite", "--version"));
        for (String line : new String(ExternalTool.run(List.of("flite", "--version"), 10).stdout()).split("\n")) {
            if (line.contains("version")) {
                return line.strip();
            }
        }
        return v;
    }

    @Override
    public List<BaseVoice> baseVoices() {
        return VOICES.stream().map(v -> new BaseVoice(v, "")).toList();
    }

    @Override
    public double[] pitchRange(BaseVoice v) {
        return v.voice().equals("slt") ? new double[] {150, 230} : new double[] {85, 140};
    }

    @Override
    public List<Audio> speak(VoiceSpec v, List<String> texts) {
        List<Audio> out = new ArrayList<>();
        for (String text : texts) {
            Path tmp = null;
            try {
                tmp = Files.createTempFile("tinykws-flite-", ".wav");
                ExternalTool.Result r = ExternalTool.run(List.of("flite", "-voice", v.voice(),
                        "--setf", String.format(Locale.ROOT, "int_f0_target_mean=%.1f", v.pitch()),
                        "--setf", String.format(Locale.ROOT, "duration_stretch=%.3f", 1.0 / v.speed()),
                        "-t", ExternalTool.clean(text), "-o", tmp.toString()), 30);
                if (r.exit() != 0) {
                    out.add(Audio.failed("flite exit " + r.exit() + ": " + r.stderr()));
                    continue;
                }
                WavInfo[] info = new WavInfo[1];
                float[] x = ClipAudio.readMono(tmp, info);
                out.add(new Audio(x, info[0].sampleRate(), null));
            } catch (IOException | RuntimeException e) {
                out.add(Audio.failed("flite " + v.voice() + ": " + e.getMessage()));
            } finally {
                deleteQuietly(tmp);
            }
        }
        return out;
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // temporary file; nothing to do
            }
        }
    }
}
