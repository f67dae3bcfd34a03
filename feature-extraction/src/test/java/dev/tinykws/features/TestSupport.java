package dev.tinykws.features;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test helpers: optional tools (skip locally, fail when CI=true) and a raw WAV writer for odd formats. */
public final class TestSupport {

    private TestSupport() {
    }

    /** Skips the test when {@code tool} is not on PATH, unless env CI=true (then fails). */
    public static void requireTool(String tool) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                present = true;
                break;
            }
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("required tool '" + tool + "' is missing and CI=true");
            }
            Assumptions.assumeTrue(false, "tool '" + tool + "' not installed; skipping");
        }
    }

    /** Runs a command, failing the test on a non-zero exit. */
    public static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        Assertions.assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timeout: " + String.join(" ", cmd));
        Assertions.assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(out));
    }

    /**
     * A WAV file's bytes. {@code formatTag} 1 = PCM, 3 = float, 0xFFFE = extensible (with {@code subTag});
     * {@code data} already encoded.
     */
    public static byte[] wav(int formatTag, int subTag, int channels, int rate, int bits, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int fmtLen = formatTag == 0xFFFE ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtLen + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(4 + 8 + fmtLen + 8 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(fmtLen).putShort((short) formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (formatTag == 0xFFFE) {
            b.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 4 : 3).putShort((short) subTag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        b.put("data".getBytes()).putInt(data.length);
        out.writeBytes(b.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Encodes interleaved samples in [−1, 1) as little-endian PCM of {@code bits} (8 unsigned, 16/24/32 signed) or float32/64. */
    public static byte[] encode(double[] interleaved, int bits, boolean isFloat) {
        ByteBuffer b = ByteBuffer.allocate(interleaved.length * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : interleaved) {
            if (isFloat) {
                if (bits == 32) {
                    b.putFloat((float) x);
                } else {
                    b.putDouble(x);
                }
                continue;
            }
            switch (bits) {
                case 8 -> b.put((byte) (Math.max(-128, Math.min(127, Math.round(x * 128))) + 128));
                case 16 -> b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(x * 32768))));
                case 24 -> {
                    int v = (int) Math.max(-8388608, Math.min(8388607, Math.round(x * 8388608)));
                    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                }
                case 32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(x * 2147483648.0))));
                default -> throw new IllegalArgumentException("bits " + bits);
            }
        }
        return b.array();
    }
}
