package dev.tinykws.eval.stream;

import dev.tinykws.dataset.Clip;
import dev.tinykws.dataset.DatasetIndex;
import dev.tinykws.dataset.Split;
import dev.tinykws.eval.LabelMapper;
import dev.tinykws.features.audio.AudioIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which audio goes into test streams and calibration streams. Speech Commands has no split
 * for its {@code _background_noise_} recordings, so each recording is cut in two: test
 * streams use the second half, calibration the first half (training augmentation may have
 * used the whole file; that overlap is documented in docs/evaluation.md).
 */
public final class StreamSources {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSources.class);

    /** Keyword clips, distractor clips, and background noise. */
    public record Sources(List<AudioSample> keywords, List<AudioSample> distractors, List<float[]> noises) {
    }

    private StreamSources() {
    }

    /** TEST split: keywords of the model and every other word as distractors; second halves of noise. */
    public static Sources forTest(DatasetIndex data, List<String> labels) {
        return forTest(data, labels, Split.TEST);
    }

    /** As {@link #forTest(DatasetIndex, List)} from one split ({@code null} = every clip, for measurement-only folders). */
    public static Sources forTest(DatasetIndex data, List<String> labels, Split split) {
        Set<String> kws = Set.copyOf(new LabelMapper(labels).keywords());
        List<AudioSample> k = new ArrayList<>();
        List<AudioSample> d = new ArrayList<>();
        for (Clip c : split == null ? data.all() : data.clips(split)) {
            (kws.contains(c.word()) ? k : d).add(sample(c));
        }
        return new Sources(k, d, noises(data, false));
    }

    /** TRAIN + VALIDATION non-keyword clips (negative audio only); first halves of noise. */
    public static Sources forCalibration(DatasetIndex data, List<String> labels) {
        Set<String> kws = Set.copyOf(new LabelMapper(labels).keywords());
        List<AudioSample> d = new ArrayList<>();
        for (Split s : List.of(Split.TRAIN, Split.VALIDATION)) {
            for (Clip c : data.clips(s)) {
                if (!kws.contains(c.word())) {
                    d.add(sample(c));
                }
            }
        }
        return new Sources(List.of(), d, noises(data, true));
    }

    private static AudioSample sample(Clip c) {
        Path p = c.path();
        return new AudioSample(c.word(), p.toString(), () -> AudioIO.readMono16k(p));
    }

    private static List<float[]> noises(DatasetIndex data, boolean firstHalf) {
        List<float[]> out = new ArrayList<>();
        for (Path p : data.backgroundNoise()) {
            try {
                float[] x = AudioIO.readMono16k(p);
                int half = x.length / 2;
                out.add(firstHalf ? Arrays.copyOf(x, half) : Arrays.copyOfRange(x, half, x.length));
            } catch (RuntimeException e) {
                LOG.warn("skipping background noise {}: {}", p, e.getMessage());
            }
        }
        return out;
    }
}
