package dev.tinykws.eval.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a long test stream: background noise (random segments of the given noise
 * recordings at random levels, or faint white noise when there are none), with keyword
 * clips and distractor (unknown-word) clips inserted every 1–3.5 s at a chosen SNR (only
 * distractors when there are no keyword clips: negative audio for calibration).
 *
 * <p>SNR is the RMS of the clip's active part (20 ms blocks within 20 dB of its loudest
 * block) over the RMS of the background under the clip. The gain is lowered if the peak
 * would exceed 0.9, and the event records the SNR actually used. Deterministic for a seed.
 */
public final class StreamBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBuilder.class);

    /** Probability that an inserted word is a keyword (when both kinds are available). */
    public static final double KEYWORD_PROBABILITY = 0.5;

    private StreamBuilder() {
    }

    public static BuiltStream build(List<AudioSample> keywords, List<AudioSample> distractors, List<float[]> noises,
                                    double minutes, double[] snrsDb, long seed, int sampleRate) {
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new IllegalArgumentException("minutes must be in (0, 1440], got " + minutes);
        }
        if (snrsDb.length == 0) {
            throw new IllegalArgumentException("at least one SNR is needed");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        long n64 = Math.round(minutes * 60 * sampleRate);
        if (n64 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("stream of " + minutes + " minutes is too long to build in memory");
        }
        int n = (int) n64;
        float[] s = new float[n];
        fillBackground(s, noises, rnd, sampleRate);

        List<AudioSample> kw = shuffled(keywords, rnd);
        List<AudioSample> dis = shuffled(distractors, rnd);
        int kwNext = 0;
        int disNext = 0;
        List<StreamEvent> events = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long cursor = sampleRate;
        while (!kw.isEmpty() || !dis.isEmpty()) {
            long pos = cursor + sampleRate + (long) (rnd.nextDouble() * 2.5 * sampleRate);
            if (pos + sampleRate > n) {
                break;
            }
            boolean isKeyword = dis.isEmpty() || (!kw.isEmpty() && rnd.nextDouble() < KEYWORD_PROBABILITY);
            AudioSample sample = isKeyword ? kw.get(kwNext++ % kw.size()) : dis.get(disNext++ % dis.size());
            double snr = snrsDb[rnd.nextInt(snrsDb.length)];
            float[] clip;
            try {
                clip = sample.audio().get();
            } catch (RuntimeException e) {
                skipped.add(sample.source() + ": " + e.getMessage());
                cursor = pos;
                continue;
            }
            int len = (int) Math.min(clip.length, Math.min(2L * sampleRate, n - pos));
            int block = sampleRate / 50;
            double[] active = activeRms(clip, len, block);
            if (active == null) {
                skipped.add(sample.source() + ": silent clip");
                cursor = pos;
                continue;
            }
            double noiseRms = Math.max(rms(s, (int) pos, len), 1e-5);
            double gain = noiseRms * Math.pow(10, snr / 20) / active[0];
            double peak = 0;
            for (int i = 0; i < len; i++) {
                peak = Math.max(peak, Math.abs(clip[i]));
            }
            if (peak * gain > 0.9) {
                gain = 0.9 / peak;
            }
            double usedSnr = 20 * Math.log10(active[0] * gain / noiseRms);
            for (int i = 0; i < len; i++) {
                s[(int) pos + i] += (float) (gain * clip[i]);
            }
            long endSample = pos + (long) active[1];
            events.add(new StreamEvent(sample.word(), isKeyword, pos * 1000 / sampleRate, endSample * 1000 / sampleRate,
                    Math.round(usedSnr * 10) / 10.0, sample.source()));
            cursor = pos + len;
        }
        for (int i = 0; i < n; i++) {
            s[i] = Math.max(-1f, Math.min(1f, s[i]));
        }
        LOG.info("built a {} s stream: {} keywords, {} distractors, {} clips skipped", n / sampleRate,
                events.stream().filter(StreamEvent::keyword).count(), events.stream().filter(e -> !e.keyword()).count(),
                skipped.size());
        return new BuiltStream(s, sampleRate, events, skipped);
    }

    private static void fillBackground(float[] s, List<float[]> noises, SplittableRandom rnd, int sampleRate) {
        List<float[]> usable = noises.stream().filter(x -> x.length >= sampleRate && rms(x, 0, x.length) > 1e-6).toList();
        if (usable.isEmpty()) {
            double level = Math.pow(10, -60 / 20.0);
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (level * Math.sqrt(3) * (2 * rnd.nextDouble() - 1));
            }
            return;
        }
        int pos = 0;
        while (pos < s.length) {
            float[] noise = usable.get(rnd.nextInt(usable.size()));
            int len = Math.min(s.length - pos, Math.min(noise.length, (5 + rnd.nextInt(16)) * sampleRate));
            int off = noise.length == len ? 0 : rnd.nextInt(noise.length - len + 1);
            double levelDb = -50 + rnd.nextDouble() * 20;
            double r = Math.max(rms(noise, off, len), 1e-6);
            double g = Math.pow(10, levelDb / 20) / r;
            int fade = Math.min(len / 2, sampleRate / 100);
            for (int i = 0; i < len; i++) {
                double ramp = Math.min(1.0, Math.min((i + 1) / (double) fade, (len - i) / (double) fade));
                s[pos + i] = (float) (g * ramp * noise[off + i]);
            }
            pos += len;
        }
    }

    /** {RMS of the active blocks, end of the last active block in samples}, or null when silent. */
    static double[] activeRms(float[] clip, int len, int block) {
        int blocks = Math.max(1, len / block);
        double[] e = new double[blocks];
        double max = 0;
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            int end = Math.min(len, (b + 1) * block);
            for (int i = b * block; i < end; i++) {
                sum += (double) clip[i] * clip[i];
            }
            e[b] = sum / Math.max(1, end - b * block);
            max = Math.max(max, e[b]);
        }
        if (max < 1e-10) {
            return null;
        }
        double sum = 0;
        int count = 0;
        int last = 0;
        for (int b = 0; b < blocks; b++) {
            if (e[b] >= max / 100) {
                sum += e[b];
                count++;
                last = b;
            }
        }
        return new double[]{Math.sqrt(sum / count), Math.min(len, (last + 1) * block)};
    }

    static double rms(float[] x, int off, int len) {
        double sum = 0;
        int end = Math.min(x.length, off + len);
        for (int i = off; i < end; i++) {
            sum += (double) x[i] * x[i];
        }
        return end > off ? Math.sqrt(sum / (end - off)) : 0;
    }

    private static <T> List<T> shuffled(List<T> in, SplittableRandom rnd) {
        List<T> l = new ArrayList<>(in);
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
        return l;
    }
}
