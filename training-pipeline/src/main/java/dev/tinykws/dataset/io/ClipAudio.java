package dev.tinykws.dataset.io;

import java.nio.file.Path;

/**
 * The one place the dataset tools read and write audio: mono 16 kHz floats in,
 * PCM16 WAV out ({@code x = pcm16 / 32768}, SPEC §1).
 */
public final class ClipAudio {
    public static final int RATE = 16000;

    private ClipAudio() {
    }

    /** Reads any PCM/float WAV, down-mixes to mono and resamples to 16 kHz. */
    public static float[] readMono16k(Path file) {
        WavInfo[] info = new WavInfo[1];
        float[] x = WavFile.readMono(file, info);
        return resample(x, info[0].sampleRate(), RATE);
    }

    /** Writes mono PCM16 at the given rate. */
    public static void writeWav16(Path file, float[] samples, int sampleRate) {
        WavFile.writePcm16(file, samples, sampleRate);
    }

    /** Band-limited resampling (windowed sinc); returns the input itself when the rates match. */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        return fromRate == toRate ? x : Resampler.resample(x, fromRate, toRate);
    }
}
