package dev.tinykws.monitor.review;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** Plays a review clip; {@link #javaSound()} uses the default audio output, when there is one. */
public interface ClipPlayer {

    /** Plays 16 kHz mono samples, blocking until done. Returns false when nothing could be played. */
    boolean play(short[] samples);

    /** A player that never plays (no audio device, or {@code --no-play}). */
    static ClipPlayer none() {
        return s -> false;
    }

    /** The default javax.sound output line, or {@link #none()} when the machine has no audio output. */
    static ClipPlayer javaSound() {
        AudioFormat f = new AudioFormat(ReviewQueue.SAMPLE_RATE, 16, 1, true, false);
        try {
            if (!AudioSystem.isLineSupported(new javax.sound.sampled.DataLine.Info(SourceDataLine.class, f))) {
                return none();
            }
        } catch (RuntimeException | Error e) {
            return none();
        }
        return samples -> {
            try (SourceDataLine line = AudioSystem.getSourceDataLine(f)) {
                line.open(f);
                line.start();
                ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (short s : samples) {
                    b.putShort(s);
                }
                line.write(b.array(), 0, b.position());
                line.drain();
                return true;
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                return false;
            }
        };
    }
}
