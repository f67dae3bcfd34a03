package dev.tinykws.features.audio;

/**
 * Decodes interleaved little/big-endian PCM or float bytes into mono floats (channel mean), or
 * sample by sample as stored ({@link #decodeSamples}). NaN/Inf float samples decode as 0 and are counted.
 */
final class SampleDecoder {

    private final AudioInfo.Encoding encoding;
    private final int bytesPerSample;
    private final int channels;
    private final boolean bigEndian;
    private long nonFinite;

    SampleDecoder(AudioInfo.Encoding encoding, int bitsPerSample, int channels, boolean bigEndian) {
        this.encoding = encoding;
        this.bytesPerSample = bitsPerSample / 8;
        this.channels = channels;
        this.bigEndian = bigEndian;
    }

    /** NaN/Inf float samples seen (each decoded as 0). */
    long nonFinite() {
        return nonFinite;
    }

    void resetNonFinite() {
        nonFinite = 0;
    }

    int frameBytes() {
        return bytesPerSample * channels;
    }

    /** Decodes {@code frames} frames from {@code src[srcOff..]} into {@code dst[dstOff..]} as mono. */
    void decode(byte[] src, int srcOff, int frames, float[] dst, int dstOff) {
        int p = srcOff;
        float inv = 1f / channels;
        for (int f = 0; f < frames; f++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                sum += sample(src, p);
                p += bytesPerSample;
            }
            dst[dstOff + f] = channels == 1 ? sum : sum * inv;
        }
    }

    /** Decodes {@code n} single samples from {@code src[srcOff..]} into {@code dst[dstOff..]}, as stored (no mixing). */
    void decodeSamples(byte[] src, int srcOff, int n, float[] dst, int dstOff) {
        int p = srcOff;
        for (int i = 0; i < n; i++, p += bytesPerSample) {
            dst[dstOff + i] = sample(src, p);
        }
    }

    private float sample(byte[] b, int p) {
        switch (bytesPerSample) {
            case 1:
                return encoding == AudioInfo.Encoding.PCM_UNSIGNED ? ((b[p] & 0xff) - 128) / 128f : b[p] / 128f;
            case 2: {
                int v = bigEndian ? (b[p] << 8) | (b[p + 1] & 0xff) : (b[p + 1] << 8) | (b[p] & 0xff);
                return (short) v / 32768f;
            }
            case 3: {
                int v = bigEndian
                        ? (b[p] << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff)
                        : (b[p + 2] << 16) | ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
                return v / 8388608f;
            }
            case 4: {
                int v = bigEndian
                        ? (b[p] << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff)
                        : (b[p + 3] << 24) | ((b[p + 2] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
                return encoding == AudioInfo.Encoding.FLOAT ? finite(Float.intBitsToFloat(v)) : (float) (v / 2147483648.0);
            }
            case 8: {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    int idx = bigEndian ? p + i : p + 7 - i;
                    v = (v << 8) | (b[idx] & 0xff);
                }
                return finite((float) Double.longBitsToDouble(v));
            }
            default:
                throw new IllegalStateException("bytes per sample " + bytesPerSample);
        }
    }

    private float finite(float x) {
        if (Float.isFinite(x)) {
            return x;
        }
        nonFinite++;
        return 0f;
    }
}
