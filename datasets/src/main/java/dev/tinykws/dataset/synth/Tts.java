package dev.tinykws.dataset.synth;

import java.util.List;

/** A text-to-speech engine that can speak a batch of texts in one voice. */
public interface Tts {

    /** Synthesized audio at the engine's own rate, or the reason it failed. */
    record Audio(float[] samples, int sampleRate, String error) {
        public static Audio failed(String why) {
            return new Audio(new float[0], 0, why);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** A base voice of an engine (a voice × variant), before pitch/speed settings. */
    record BaseVoice(String voice, String variant) {
    }

    /** Short name used in speaker ids and on the command line. */
    String name();

    /** True when the engine can run here (binary on PATH, voices installed). */
    boolean available();

    /** The engine's version text, or {@code "unavailable"}. */
    String version();

    /** Every base voice this engine offers, in a stable order. */
    List<BaseVoice> baseVoices();

    /** Lowest and highest pitch value for a voice (engine units, intelligible range). */
    double[] pitchRange(BaseVoice v);

    /** Lowest and highest speed factor (1 = default). */
    default double[] speedRange() {
        return new double[] {0.85, 1.2};
    }

    /** Speaks each text; the result list is parallel to {@code texts}. Never throws for one bad text. */
    List<Audio> speak(VoiceSpec voice, List<String> texts);
}
