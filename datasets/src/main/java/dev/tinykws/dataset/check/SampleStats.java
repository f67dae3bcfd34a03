package dev.tinykws.dataset.check;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The level checks of {@link ClipStats} and the content hash, computed block by block over a file's
 * samples (interleaved as stored), so {@code dataset check} reads a file of any length in constant
 * memory. Gives the same numbers as {@link ClipStats} on the whole array.
 */
final class SampleStats {
    private final float top;
    private final int frame;
    private final MessageDigest sha;
    private final byte[] bytes = new byte[4 * 4096];
    private long samples;
    private long fullScale;
    private double frameEnergy;
    private int inFrame;
    private double best;

    /**
     * @param bits         sample size (full scale of 16-bit audio is 32767/32768, of 8-bit 127/128...)
     * @param interleavedRate sample rate × channels (a 10 ms frame holds {@code interleavedRate / 100} values)
     */
    SampleStats(int bits, int interleavedRate) {
        this.top = (float) (1 - Math.pow(2, -(Math.min(bits, 24) - 1)));
        this.frame = Math.max(1, interleavedRate / 100);
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void accept(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (v >= top || v <= -1f) {
                fullScale++;
            }
            frameEnergy += v * v;
            if (++inFrame == frame) {
                best = Math.max(best, frameEnergy / frame);
                frameEnergy = 0;
                inFrame = 0;
            }
        }
        for (int off = 0; off < n; off += bytes.length / 4) {
            int k = Math.min(n - off, bytes.length / 4);
            for (int i = 0; i < k; i++) {
                int b = Float.floatToIntBits(x[off + i]);
                bytes[4 * i] = (byte) (b >>> 24);
                bytes[4 * i + 1] = (byte) (b >>> 16);
                bytes[4 * i + 2] = (byte) (b >>> 8);
                bytes[4 * i + 3] = (byte) b;
            }
            sha.update(bytes, 0, 4 * k);
        }
        samples += n;
    }

    long samples() {
        return samples;
    }

    long fullScaleSamples() {
        return fullScale;
    }

    /** RMS of the loudest 10 ms frame in dBFS (−∞ for digital silence). */
    double loudestFrameDbfs() {
        double b = inFrame > 0 ? Math.max(best, frameEnergy / inFrame) : best;
        return 10 * Math.log10(b);
    }

    /** SHA-256 of the samples as big-endian float bits (hex). */
    String contentHash() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
