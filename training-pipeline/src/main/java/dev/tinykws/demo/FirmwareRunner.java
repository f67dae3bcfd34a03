package dev.tinykws.demo;

import dev.tinykws.monitor.Monitor;
import dev.tinykws.monitor.MonitorConfig;
import dev.tinykws.monitor.MonitorListener;
import dev.tinykws.monitor.MonitorSession;
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
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** Longest an emulated run may take before QEMU is killed. */
    static final long QEMU_TIMEOUT_MINUTES = 10;

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

    /** True when an executable named {@code tool} is in a folder of the PATH. */
    public static boolean onPath(String tool) {
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
     * {@code detections.jsonl} and {@code summary.json} into {@code monitorDir} (both replaced,
     * so the files describe this run only), the firmware's console goes to
     * {@code firmware-stderr.txt} (host) or {@code qemu-console.txt} (QEMU).
     *
     * <p>HOST: {@code tinykws-fw --deterministic WAV}, its stdout decoded through a pipe. QEMU:
     * the emulated Cortex-M4 reads the WAV through semihosting and its UART0 is served on a
     * free loopback TCP port; the monitor connects to it as to a networked board and stops at
     * EOF, when QEMU exits.
     *
     * @throws IOException when the firmware or QEMU fails, or QEMU never serves its UART
     */
    public MonitorSummary run(Target target, Path wav, Path monitorDir) throws IOException, InterruptedException {
        Files.createDirectories(monitorDir);
        Files.deleteIfExists(monitorDir.resolve("detections.jsonl"));
        Files.deleteIfExists(monitorDir.resolve("summary.json"));
        MonitorConfig config = MonitorConfig.defaults().withOutDir(monitorDir).withExitOnEof(true);
        if (target == Target.HOST) {
            Path fw = buildDir.resolve("host").resolve("tinykws-fw");
            Process p = new ProcessBuilder(fw.toString(), "--deterministic", wav.toAbsolutePath().toString())
                    .redirectError(monitorDir.resolve("firmware-stderr.txt").toFile()).start();
            MonitorSummary s;
            try {
                s = Monitor.run("pipe:tinykws-fw", p.getInputStream(), config);
            } catch (RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException("host firmware did not exit after closing its output; see "
                        + monitorDir.resolve("firmware-stderr.txt"));
            }
            if (p.exitValue() != 0) {
                throw new IOException("host firmware exited with " + p.exitValue() + "; see "
                        + monitorDir.resolve("firmware-stderr.txt"));
            }
            return s;
        }
        Path elf = buildDir.resolve("qemu-mps2-an386").resolve("tinykws-fw.elf");
        if (!Files.isRegularFile(elf)) {
            throw new IOException("no QEMU build at " + elf + ": build(..., List.of(\"qemu\")) first");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return runQemu(elf, wav.toAbsolutePath(), monitorDir, config);
            } catch (PortTakenException e) {
                last = e; // another process took the port between the probe and QEMU's bind: try another one
            }
        }
        throw last;
    }

    /** QEMU exited because its serial port could not be bound. */
    private static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private MonitorSummary runQemu(Path elf, Path wav, Path monitorDir, MonitorConfig config)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // semihosting opens the file relative to QEMU's working directory: pass the bare file name so
        // the firmware's 256-byte command line never truncates a long path; ',' is doubled (QEMU options)
        String name = wav.getFileName().toString();
        if (name.length() > 200) {
            throw new IOException("WAV file name too long for the emulated firmware's command line: " + name);
        }
        List<String> cmd = List.of("qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                "-icount", "shift=0",
                "-semihosting-config", "enable=on,target=native,arg=tinykws-fw.elf,arg=" + name.replace(",", ",,"),
                "-kernel", elf.toString(),
                "-serial", String.format(Locale.ROOT, "tcp:127.0.0.1:%d,server=on,wait=on", port));
        Path console = monitorDir.resolve("qemu-console.txt");
        Process qemu = new ProcessBuilder(cmd).directory(wav.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile()).start();
        MonitorSession session = Monitor.open("tcp://127.0.0.1:" + port, 115200,
                config.withReconnectDelay(Duration.ofMillis(100)));
        AtomicBoolean connected = new AtomicBoolean();
        session.addListener(new MonitorListener() {
            @Override
            public void onConnected(String portName) {
                connected.set(true);
            }
        });
        // QEMU waits for the monitor (wait=on) and closes the link when the firmware exits, which
        // ends the session (exitOnEof). If QEMU dies before the monitor could connect, nothing would
        // end it: this watchdog stops it then, and bounds the whole run.
        Thread watchdog = new Thread(() -> {
            try {
                if (!qemu.waitFor(QEMU_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    qemu.destroyForcibly();
                    qemu.waitFor();
                }
                if (!connected.get()) {
                    Thread.sleep(1000);
                    if (!connected.get()) {
                        session.stop();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "qemu-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            MonitorSummary s = session.run();
            if (!qemu.waitFor(1, TimeUnit.MINUTES)) {
                throw new IOException("QEMU did not exit after closing its serial port; see " + console);
            }
            if (qemu.exitValue() != 0) {
                String out = Files.readString(console, StandardCharsets.UTF_8);
                if (!connected.get() && (out.contains("in use") || out.contains("Failed to bind"))) {
                    throw new PortTakenException("QEMU could not serve its UART on port " + port + ": " + out.strip());
                }
                throw new IOException("emulated firmware exited with " + qemu.exitValue()
                        + (connected.get() ? "" : " before the monitor could connect") + "; see " + console);
            }
            if (!connected.get()) {
                throw new IOException("the monitor never reached the emulated device on port " + port + "; see " + console);
            }
            return s;
        } finally {
            qemu.destroyForcibly();
            watchdog.interrupt();
        }
    }
}
