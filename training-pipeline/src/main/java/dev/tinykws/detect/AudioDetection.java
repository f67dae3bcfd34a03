package dev.tinykws.detect;

import dev.tinykws.features.audio.AudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Runs streaming detection over an {@link AudioSource} of any length, block by block
 * (memory does not grow with the stream): the model's {@link ClipModel#audioScorer} (for a device
 * model StreamingMfcc → {@link StreamingDetector}) → {@link Detector}.
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
    public static Summary run(AudioSource source, ClipModel model, Consumer<Detection> onDetection,
                              InferenceListener... listeners) {
        if (source.sampleRate() != model.sampleRate()) {
            throw new IllegalArgumentException("audio source delivers " + source.sampleRate() + " Hz but the model expects "
                    + model.sampleRate() + " Hz");
        }
        Detector detector = new Detector(model.detector(), model.labels());
        int[] count = {0};
        // ms of lead-in silence before a short input, taken off the reported timestamps
        long[] shiftMs = {0};
        ClipModel.AudioScorer sd = model.audioScorer((t, scores) -> {
            long tMs = t - shiftMs[0];
            for (InferenceListener l : listeners) {
                l.onInference(tMs, scores);
            }
            detector.processInt8(tMs, scores).ifPresent(d -> {
                count[0]++;
                onDetection.accept(d);
            });
        });
        long start = System.nanoTime();
        float[] buf = new float[BLOCK];
        long samples = 0;
        long nextLog = 600L * source.sampleRate();
        long min = model.minSamples();
        int lead = model.shortInputLead();
        // a model that wants a lead-in before short input: hold the stream back until it is known not to be short
        float[] held = lead > 0 ? new float[(int) min] : null;
        int heldN = 0;
        while (true) {
            int n = source.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            if (held != null) {
                int take = Math.min(n, held.length - heldN);
                System.arraycopy(buf, 0, held, heldN, take);
                heldN += take;
                if (heldN == held.length) {
                    sd.push(held, 0, heldN);
                    sd.push(buf, take, n - take);
                    held = null;
                }
            } else {
                sd.push(buf, 0, n);
            }
            samples += n;
            if (samples >= nextLog) {
                LOG.info("processed {} min of audio, {} detections", samples / source.sampleRate() / 60, count[0]);
                nextLog += 600L * source.sampleRate();
            }
        }
        long pushed = samples;
        if (held != null && heldN > 0) {
            // short input: lead-in silence, the input, then padding (below)
            shiftMs[0] = lead * 1000L / source.sampleRate();
            pushSilence(sd, lead, buf);
            sd.push(held, 0, heldN);
            pushed = lead + heldN;
        }
        // input shorter than the model's first inference (e.g. a clip one sample short of 1 s): pad with
        // silence so it is still scored, as evaluation does with short clips; then the model's flush, so that
        // the end of the stream is scored too
        if (samples > 0) {
            long total = Math.max(min, pushed + model.flushSamples());
            pushSilence(sd, total - pushed, buf);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Summary(samples, source.sampleRate(), sd.frames(), sd.inferences(), count[0], secs);
    }

    private static void pushSilence(ClipModel.AudioScorer sd, long samples, float[] buf) {
        java.util.Arrays.fill(buf, 0f);
        for (long left = samples; left > 0; left -= buf.length) {
            sd.push(buf, 0, (int) Math.min(buf.length, left));
        }
    }
}
