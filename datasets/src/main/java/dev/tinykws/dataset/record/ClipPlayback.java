package dev.tinykws.dataset.record;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** Instant playback of a saved take through the default javax.sound output, when there is one. */
public final class ClipPlayback {
    private ClipPlayback() {
    }

    /** A playback on the default output, or a silent one (and a note) when the machine has none. */
    public static GuidedSession.Playback open(java.util.function.Consumer<String> say) {
        AudioFormat f = new AudioFormat(Recorder.RATE, 16, 1, true, false);
        try {
            if (AudioSystem.isLineSupported(new DataLine.Info(SourceDataLine.class, f))) {
                return clip -> play(f, clip);
            }
        } catch (RuntimeException | Error e) {
            // no sound system: fall through
        }
        say.accept("no audio output: takes are not played back (listen to the saved files instead)");
        return clip -> { };
    }

    private static void play(AudioFormat f, float[] clip) {
        byte[] b = new byte[clip.length * 2];
        for (int i = 0; i < clip.length; i++) {
            int v = Math.round(Math.max(-1f, Math.min(1f, clip[i])) * 32767f);
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >> 8);
        }
        try (SourceDataLine line = AudioSystem.getSourceDataLine(f)) {
            line.open(f);
            line.start();
            line.write(b, 0, b.length);
            line.drain();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            // playback is a convenience; the clip is saved either way
        }
    }
}
