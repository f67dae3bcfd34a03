package dev.tinykws.dataset.cli;

import dev.tinykws.dataset.DatasetException;
import dev.tinykws.dataset.record.Recorder;

/** Opens the PC microphone as a 16 kHz sample source. */
final class MicrophoneSupport {
    private MicrophoneSupport() {
    }

    static Recorder.SampleSource open() {
        throw new DatasetException("microphone capture needs the feature-extraction audio sources; use --input FILE");
    }
}
