package dev.tinykws.demo;

import dev.tinykws.monitor.Monitor;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.stats.MonitorSummary;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the C firmware for a model package and runs it on a WAV, with the host monitor
 * reading its protocol lines: the host build through a pipe, the emulated Cortex-M4 (QEMU
 * mps2-an386) through its UART served on a loopback TCP port, exactly as a networked board.
 */
public final class FirmwareRunner {

    /** Where the firmware runs. */
    public enum Target { HOST, QEMU }

    /** Flash and RAM of one ARM build, from {@code arm-none-eabi-size}. */
    public record Size(String board, long text, long data, long bss) {
        public long flash() {
            return text + data;
        }

        public long ram() {
            return data + bss;
        }
    }

    private final Path root;
    private final Path buildDir;

    /**
     * @param root     repository root (holds {@code firmware/})
     * @param buildDir firmware build folder for this model (kept apart from the test build)
     */
    public FirmwareRunner(Path root, Path buildDir) {
        this.root = root;
        this.buildDir = buildDir.toAbsolutePath();
    }

    /** True when the ARM compiler and QEMU are both on the PATH. */
    public static boolean armToolsAvailable() {
        return onPath("arm-none-eabi-gcc") && onPath("qemu-system-arm");
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code make -C firmware <targets>} against the package's generated C. */
    public void build(Path modelCDir, List<String> targets) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "-C", root.resolve("firmware").toString(),
                "KWS_BUILD=" + buildDir, "MODEL_DIR=" + modelCDir.toAbsolutePath()));
        cmd.addAll(targets);
        Path log = buildDir.resolve("build.log");
        Files.createDirectories(buildDir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("firmware build failed (" + String.join(" ", cmd) + "); see " + log);
        }
    }

    /** Sizes of the ARM builds present in the build folder. */
    public List<Size> armSizes() throws IOException, InterruptedException {
        List<Size> sizes = new ArrayList<>();
        for (String board : List.of("qemu-mps2-an386", "nrf52840")) {
            Path elf = buildDir.resolve(board).resolve("tinykws-fw.elf");
            if (!Files.isRegularFile(elf)) {
                continue;
            }
            Process p = new ProcessBuilder("arm-none-eabi-size", elf.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s").matcher(out);
            if (m.find()) {
                sizes.add(new Size(board, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
            }
        }
        return sizes;
    }

    /**
     * Runs the firmware on {@code wav} and monitors it; the monitor writes
     * {@code detections.jsonl}, logs and {@code summary.json} into {@code monitorDir}.
     */
    public MonitorSummary run(Target target, Path wav, Path monitorDir) throws IOException, InterruptedException {
        Files.createDirectories(monitorDir);
        MonitorConfig config = MonitorConfig.defaults().withOutDir(monitorDir).withExitOnEof(true);
        if (target == Target.HOST) {
            Path fw = buildDir.resolve("host").resolve("tinykws-fw");
            Process p = new ProcessBuilder(fw.toString(), "--deterministic", wav.toAbsolutePath().toString())
                    .redirectError(monitorDir.resolve("firmware-stderr.txt").toFile()).start();
            MonitorSummary s = Monitor.run(p.getInputStream(), config);
            if (p.waitFor() != 0) {
                throw new IOException("host firmware exited with " + p.exitValue() + "; see "
                        + monitorDir.resolve("firmware-stderr.txt"));
            }
            return s;
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path elf = buildDir.resolve("qemu-mps2-an386").resolve("tinykws-fw.elf");
        List<String> cmd = List.of("qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-icount", "shift=0",
                "-semihosting-config", "enable=on,target=native,arg=tinykws-fw.elf,arg=" + wav.toAbsolutePath(),
                "-kernel", elf.toString(),
                "-serial", String.format(Locale.ROOT, "tcp:127.0.0.1:%d,server=on,wait=on", port));
        Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(monitorDir.resolve("qemu-console.txt").toFile()).start();
        try {
            MonitorSummary s = null;
            IOException last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s == null) {
                try {
                    s = Monitor.open("tcp://127.0.0.1:" + port, 115200,
                            config.withReconnectDelay(Duration.ofMillis(200))).run();
                } catch (RuntimeException e) {
                    last = new IOException("could not reach the emulated device on port " + port + ": " + e.getMessage(), e);
                    if (System.nanoTime() > deadline || !qemu.isAlive()) {
                        throw last;
                    }
                    Thread.sleep(200);
                }
            }
            if (!qemu.waitFor(10, TimeUnit.MINUTES)) {
                throw new IOException("QEMU did not exit; see " + monitorDir.resolve("qemu-console.txt"));
            }
            if (qemu.exitValue() != 0) {
                throw new IOException("emulated firmware exited with " + qemu.exitValue() + "; see "
                        + monitorDir.resolve("qemu-console.txt"));
            }
            return s;
        } finally {
            qemu.destroyForcibly();
        }
    }
}
