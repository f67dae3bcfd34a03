package dev.tinykws.detect;

import dev.tinykws.features.audio.AudioSource;
import dev.tinykws.features.mfcc.StreamingMfcc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Runs streaming detection over an {@link AudioSource} of any length, block by block
 * (memory does not grow with the stream): StreamingMfcc → {@link StreamingDetector} →
 * {@link Detector}.
 */
public final class AudioDetection {

    private static final Logger LOG = LoggerFactory.getLogger(AudioDetection.class);

    /** Samples read per block. */
    public static final int BLOCK = 4096;

    private AudioDetection() {
    }

    /** Summary of one run. */
    public record Summary(long samples, int sampleRate, long frames, long inferences, int detections, double seconds) {
        /** Audio seconds processed per wall-clock second. */
        public double realTimeFactor() {
            return seconds <= 0 ? Double.POSITIVE_INFINITY : samples / (double) sampleRate / seconds;
        }

        public long durationMs() {
            return samples * 1000L / sampleRate;
        }
    }

    /**
     * @param listeners extra receivers of every inference (e.g. a {@link ScoreTrace})
     */
    public static Summary run(AudioSource source, ModelRuntime model, Consumer<Detection> onDetection,
                              InferenceListener... listeners) {
        if (source.sampleRate() != model.frontend().sampleRate()) {
            throw new IllegalArgumentException("audio source delivers " + source.sampleRate() + " Hz but the model expects "
                    + model.frontend().sampleRate() + " Hz");
        }
        Detector detector = new Detector(model.detector(), model.labels());
        int[] count = {0};
        StreamingDetector sd = new StreamingDetector(model.geometry(), model.detector().strideFrames(), model.int8(),
                detector, d -> {
                    count[0]++;
                    onDetection.accept(d);
                });
        for (InferenceListener l : listeners) {
            sd.addInferenceListener(l);
        }
        StreamingMfcc mfcc = new StreamingMfcc(model.frontend(), sd::onFrame);
        long start = System.nanoTime();
        float[] buf = new float[BLOCK];
        long samples = 0;
        long nextLog = 600L * source.sampleRate();
        while (true) {
            int n = source.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            mfcc.push(buf, 0, n);
            samples += n;
            if (samples >= nextLog) {
                LOG.info("processed {} min of audio, {} detections", samples / source.sampleRate() / 60, count[0]);
                nextLog += 600L * source.sampleRate();
            }
        }
        // input shorter than one clip (e.g. a clip one sample short of 1 s): pad with silence so it is
        // still scored once, as evaluation does with short clips
        long clip = model.frontend().clipSamples();
        if (samples > 0 && samples < clip) {
            java.util.Arrays.fill(buf, 0f);
            for (long left = clip - samples; left > 0; left -= buf.length) {
                mfcc.push(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Summary(samples, source.sampleRate(), sd.frames(), sd.inferences(), count[0], secs);
    }
}
