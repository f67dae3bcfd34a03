package dev.tinykws.dataset.synth;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeTTS 1.2.2 (pure Java, in the jar): voice {@code kevin16} at 16 kHz. Variants are pitch
 * ranges (flat to lively intonation); pitch is the base F0 in Hz, speed the inverse duration
 * stretch. Works on a fresh machine with nothing installed. FreeTTS voices are not thread-safe:
 * each thread gets its own.
 */
final class FreeTtsEngine implements Tts {
    static final String VOICE = "kevin16";
    /** Pitch range (Hz of F0 excursion) per variant. */
    static final List<String> VARIANTS = List.of("range6", "range11", "range18", "range26");
    private static final ThreadLocal<Voice> VOICES = ThreadLocal.withInitial(FreeTtsEngine::load);

    private static Voice load() {
        if (System.getProperty("freetts.voices") == null) {
            System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
        }
        Voice v = VoiceManager.getInstance().getVoice(VOICE);
        if (v == null) {
            return null;
        }
        v.allocate();
        return v;
    }

    @Override
    public String name() {
        return "freetts";
    }

    @Override
    public boolean available() {
        try {
            return VOICES.get() != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String version() {
        return "FreeTTS 1.2.2 (net.sf.sociaal:freetts)";
    }

    @Override
    public List<BaseVoice> baseVoices() {
        return VARIANTS.stream().map(v -> new BaseVoice(VOICE, v)).toList();
    }

    @Override
    public double[] pitchRange(BaseVoice v) {
        return new double[] {75, 150};
    }

    @Override
    public List<Audio> speak(VoiceSpec spec, List<String> texts) {
        List<Audio> out = new ArrayList<>();
        Voice v = VOICES.get();
        if (v == null) {
            texts.forEach(t -> out.add(Audio.failed("FreeTTS voice kevin16 not found on the classpath")));
            return out;
        }
        v.setPitch((float) spec.pitch());
        v.setPitchRange(Float.parseFloat(spec.variant().substring("range".length())));
        v.setDurationStretch((float) (1.0 / spec.speed()));
        for (String text : texts) {
            Collector c = new Collector();
            v.setAudioPlayer(c);
            boolean ok;
            try {
                ok = v.speak(ExternalTool.clean(text));
            } catch (RuntimeException e) {
                out.add(Audio.failed("FreeTTS: " + e));
                continue;
            }
            if (!ok || c.bytes.size() == 0 || c.format == null) {
                out.add(Audio.failed("FreeTTS produced no audio for \"" + text + "\""));
                continue;
            }
            out.add(new Audio(c.samples(), (int) c.format.getSampleRate(), null));
        }
        return out;
    }

    /** An {@link AudioPlayer} that keeps the bytes instead of playing them. */
    private static final class Collector implements AudioPlayer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AudioFormat format;
        private float volume = 1f;

        float[] samples() {
            byte[] b = bytes.toByteArray();
            boolean big = format.isBigEndian();
            int bits = format.getSampleSizeInBits();
            if (bits != 16) {
                throw new IllegalStateException("FreeTTS produced " + bits + "-bit audio");
            }
            float[] x = new float[b.length / 2];
            for (int i = 0; i < x.length; i++) {
                int lo = b[2 * i + (big ? 1 : 0)] & 0xFF;
                int hi = b[2 * i + (big ? 0 : 1)];
                x[i] = (short) (hi << 8 | lo) / 32768f;
            }
            return x;
        }

        @Override public void setAudioFormat(AudioFormat f) { format = f; }
        @Override public AudioFormat getAudioFormat() { return format; }
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public void reset() { }
        @Override public boolean drain() { return true; }
        @Override public void begin(int size) { }
        @Override public boolean end() { return true; }
        @Override public void cancel() { }
        @Override public void close() { }
        @Override public float getVolume() { return volume; }
        @Override public void setVolume(float v) { volume = v; }
        @Override public long getTime() { return 0; }
        @Override public void resetTime() { }
        @Override public void startFirstSampleTimer() { }
        @Override public boolean write(byte[] b) { return write(b, 0, b.length); }
        @Override public boolean write(byte[] b, int off, int len) { bytes.write(b, off, len); return true; }
        @Override public void showMetrics() { }
    }
}
