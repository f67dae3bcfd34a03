package dev.tinykws.cli;

import dev.tinykws.detect.AudioDetection;
import dev.tinykws.detect.ClipModel;
import dev.tinykws.features.audio.AudioSource;
import dev.tinykws.monitor.verify.SecondStage;

/**
 * {@code tinykws detect --verify-with}: the model's streaming detections (first stage), each
 * re-scored by a {@link SecondStage} on the same audio, read once.
 */
final class VerifiedDetection {

    private VerifiedDetection() {
    }

    /** Runs detection with a second stage; every detection comes out as a verdict of {@code stage}. */
    static AudioDetection.Summary run(AudioSource source, ClipModel model, SecondStage stage) {
        AudioSource tee = new AudioSource() {
            @Override
            public int read(float[] buf, int off, int len) {
                int n = source.read(buf, off, len);
                if (n > 0) {
                    stage.audio(buf, off, n);
                }
                return n;
            }

            @Override
            public int sampleRate() {
                return source.sampleRate();
            }

            @Override
            public void close() {
                source.close();
            }
        };
        AudioDetection.Summary s = AudioDetection.run(tee, model, d -> stage.detection(d.tMs(), d.keyword(), d.score()));
        stage.finish();
        return s;
    }
}
