package dev.tinykws.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes WAVs of any PCM format for tests (independent of the code under test). */
public final class TestWavs {
    private TestWavs() {
    }

    /** Interleaved samples in [-1, 1] as PCM of the given bits (8 unsigned, 16/24/32 signed). */
    public static byte[] pcm(float[] interleaved, int rate, int channels, int bits) {
        int bytes = bits / 8;
        ByteBuffer bb = ByteBuffer.allocate(44 + interleaved.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(36 + interleaved.length * bytes).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bytes).putShort((short) (channels * bytes)).putShort((short) bits)
                .put("data".getBytes()).putInt(interleaved.length * bytes);
        for (float v : interleaved) {
            double c = Math.max(-1, Math.min(1, v));
            switch (bits) {
                case 8 -> bb.put((byte) (Math.round(c * 127) + 128));
                case 16 -> bb.putShort((short) Math.max(-32768, Math.min(32767, Math.round(c * 32768))));
                case 24 -> {
                    int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(c * 8388608)));
                    bb.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                }
                default -> throw new IllegalArgumentException("bits " + bits);
            }
        }
        return bb.array();
    }

    public static Path write(Path p, float[] interleaved, int rate, int channels, int bits) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, pcm(interleaved, rate, channels, bits));
        return p;
    }

    /** A tone burst: {@code seconds} long, amplitude a, starting at {@code at} seconds, in n samples. */
    public static float[] burst(int n, int rate, double at, double seconds, double a, double hz) {
        float[] x = new float[n];
        int s0 = (int) (at * rate);
        int len = (int) (seconds * rate);
        for (int i = 0; i < len && s0 + i < n; i++) {
            double env = Math.sin(Math.PI * i / len);
            double t = i / (double) rate;
            x[s0 + i] = (float) (a * Math.sqrt(env) * (0.7 * Math.sin(2 * Math.PI * hz * t)
                    + 0.3 * Math.sin(2 * Math.PI * 3.1 * hz * t)));
        }
        return x;
    }
}
