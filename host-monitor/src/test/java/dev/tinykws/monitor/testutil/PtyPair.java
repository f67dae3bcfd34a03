package dev.tinykws.monitor.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A socat pseudo-terminal pair {@code A <-> B}: a virtual serial cable. Closing it is an "unplug". */
public final class PtyPair implements AutoCloseable {
    private final Path a;
    private final Path b;
    private Process socat;

    public PtyPair(Path a, Path b) {
        this.a = a;
        this.b = b;
    }

    public static PtyPair start(Path dir) throws IOException, InterruptedException {
        ExternalTools.require("socat");
        PtyPair p = new PtyPair(dir.resolve("A"), dir.resolve("B"));
        p.plug();
        return p;
    }

    public Path a() {
        return a;
    }

    public Path b() {
        return b;
    }

    /** (Re)creates the pair with the same link names. */
    public void plug() throws IOException, InterruptedException {
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(a) && Files.exists(b))) {
            if (System.nanoTime() > deadline || !socat.isAlive()) {
                throw new IOException("socat did not create " + a + " and " + b);
            }
            Thread.sleep(20);
        }
    }

    /** Kills socat (SIGKILL), as if the cable were pulled; the links dangle until {@link #plug()}. */
    public void unplug() throws InterruptedException {
        socat.destroyForcibly();
        socat.waitFor(5, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        } catch (IOException ignored) {
            // dangling links are harmless
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (socat != null && socat.isAlive()) {
            socat.destroy();
            if (!socat.waitFor(3, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        }
    }
}
