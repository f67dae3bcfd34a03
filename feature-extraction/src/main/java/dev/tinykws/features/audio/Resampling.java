package dev.tinykws.features.audio;

import be.tarsos.dsp.resample.Resampler;

/**
 * Sample-rate conversion with TarsosDSP's {@link Resampler} (a port of libresample: Kaiser-windowed
 * sinc, high-quality mode), whole signals or streamed in blocks. Output sample i corresponds
 * to input time i·inRate/outRate (no delay).
 */
public final class Resampling {

    private Resampling() {
    }

    /** Length of a whole signal of {@code n} samples after conversion: round(n·out/in). */
    public static int outputLength(long n, int inRate, int outRate) {
        return (int) Math.round((double) n * outRate / inRate);
    }

    /** Converts a whole signal; returns the input itself when the rates are equal. */
    public static float[] resample(float[] in, int inRate, int outRate) {
        if (inRate == outRate) {
            return in;
        }
        Stream s = new Stream(inRate, outRate);
        int outLen = outputLength(in.length, inRate, outRate);
        float[] out = new float[outLen];
        int n = s.process(in, 0, in.length, out, 0, outLen);
        n += s.finish(out, n, outLen - n);
        // n == outLen except for a possible one-sample rounding difference; the tail stays 0
        return out;
    }

    /** A streaming converter: push input blocks, pull whatever output is ready. */
    public static final class Stream {
        private final double factor;
        private final Resampler resampler;
        private final float[] tail = new float[1];
        private boolean finished;

        public Stream(int inRate, int outRate) {
            this.factor = (double) outRate / inRate;
            this.resampler = new Resampler(true, factor, factor);
        }

        /**
         * Consumes all {@code inLen} input samples, writing at most {@code outMax} outputs; returns how
         * many were written. {@code outMax} must be ≥ ceil(inLen·factor) + 2 to never lose output.
         */
        public int process(float[] in, int inOff, int inLen, float[] out, int outOff, int outMax) {
            int written = 0;
            int consumed = 0;
            while (consumed < inLen) {
                Resampler.Result r = resampler.process(factor, in, inOff + consumed, inLen - consumed, false,
                        out, outOff + written, outMax - written);
                consumed += r.inputSamplesConsumed;
                written += r.outputSamplesGenerated;
                if (r.inputSamplesConsumed == 0 && r.outputSamplesGenerated == 0) {
                    break;
                }
            }
            return written;
        }

        /** Flushes the filter's look-ahead at the end of the input; returns samples written. */
        public int finish(float[] out, int outOff, int outMax) {
            if (finished || outMax <= 0) {
                return 0;
            }
            int written = 0;
            for (int guard = 0; guard < 1_000 && written < outMax; guard++) {
                Resampler.Result r = resampler.process(factor, tail, 0, 0, true, out, outOff + written, outMax - written);
                written += r.outputSamplesGenerated;
                if (r.outputSamplesGenerated == 0) {
                    break;
                }
            }
            finished = true;
            return written;
        }
    }
}
