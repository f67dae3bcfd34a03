package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.record.Recorder;
import dev.tinykws.features.FeatureException;
import dev.tinykws.features.audio.AudioSource;
import dev.tinykws.features.audio.MicrophoneAudioSource;

/** Opens the PC microphone (feature-extraction's {@link MicrophoneAudioSource}, 16 kHz mono). */
final class MicrophoneSupport {
    private MicrophoneSupport() {
    }

    /** The source to read and the microphone to close when done. */
    record Opened(Recorder.SampleSource source, AutoCloseable closer) {
    }

    static Opened open() {
        try {
            MicrophoneAudioSource mic = new MicrophoneAudioSource();
            return new Opened(live(mic), mic);
        } catch (FeatureException e) {
            throw new DatasetException(e.getMessage() + " — or record from a file with --input", e);
        }
    }

    /** The microphone as a live recorder source: what it captured during a playback can be dropped. */
    static Recorder.SampleSource live(MicrophoneAudioSource mic) {
        return new Recorder.SampleSource() {
            @Override
            public int read(float[] buf, int off, int len) {
                return mic.read(buf, off, len);
            }

            @Override
            public boolean live() {
                return true;
            }

            @Override
            public long discardBuffered() {
                return mic.discardBuffered();
            }
        };
    }

    /** Any feature-extraction audio source (a file) as a recorder source. */
    static Recorder.SampleSource adapt(AudioSource src) {
        return src::read;
    }
}
