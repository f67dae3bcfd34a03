package dev.tinykws.monitor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad option values are usage errors (exit 2, the option named), found before any work starts. */
class OptionValuesTest {
    @TempDir
    Path dir;

    private String err;

    private int run(Object command, String... args) {
        StringWriter e = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(e));
        int code = cl.execute(args);
        err = e.toString();
        return code;
    }

    @Test
    void simulateRejectsAZeroRateAndTcpOnlyOptionsWithDevices() {
        assertEquals(2, run(new MonitorCommand(), "simulate", "--rate", "0", "--duration", "1s"));
        assertTrue(err.contains("--rate"), err);
        String url = "mqtt://127.0.0.1:1/t";
        for (String[] tcpOnly : new String[][] {{"--keywords", "a,b"}, {"--near", "0.3"}, {"--audio", "1s"},
                {"--noise", "0.1"}, {"--listen", "127.0.0.1:4001"}}) {
            assertEquals(2, run(new MonitorCommand(), "simulate", "--devices", "3", "--publish", url,
                    "--outbox", dir.resolve("o").toString(), tcpOnly[0], tcpOnly[1]), tcpOnly[0]);
            assertTrue(err.contains(tcpOnly[0]), err);
        }
    }

    @Test
    void publishRejectsAZeroConfirmTimeoutAndAnUnknownConfirmMode() {
        String url = "mqtt://127.0.0.1:1/t";
        assertEquals(2, run(new MonitorCommand(), "simulate", "--devices", "2", "--publish", url,
                "--outbox", dir.resolve("o").toString(), "--confirm-timeout", "0s"));
        assertTrue(err.contains("--confirm-timeout"), err);
        assertEquals(2, run(new MonitorCommand(), "--replay", dir.resolve("none.raw").toString(), "--out",
                dir.resolve("out").toString(), "--publish", url, "--confirm", "sometimes"));
        assertTrue(err.contains("--confirm"), err);
        assertEquals(2, run(new MonitorCommand(), "--replay", dir.resolve("none.raw").toString(), "--out",
                dir.resolve("out").toString(), "--publish", url, "--device-id", "fleet"));
    }

    @Test
    void reviewChecksReviewerAndLimitBeforeTheFirstAnswer() {
        assertEquals(2, run(new ReviewCommand(), "--out", dir.toString(), "--reviewer", "Ann Lee"));
        assertTrue(err.contains("--reviewer"), err);
        assertEquals(2, run(new ReviewCommand(), "--out", dir.toString(), "--limit", "-1"));
        assertTrue(err.contains("--limit"), err);
        // good values reach the work: no queue here is a failure (1), not a usage error
        assertEquals(1, run(new ReviewCommand(), "--out", dir.toString(), "--reviewer", "ann_lee", "--limit", "0"));
    }

    @Test
    void fleetNeedsAtLeastOneDevice() {
        assertEquals(2, run(new FleetCommand(), "--broker", "mqtt://127.0.0.1:1/t", "--db", dir.resolve("f.db").toString(),
                "--web", "off", "--max-devices", "0"));
        assertTrue(err.contains("--max-devices"), err);
    }

    @Test
    void theShutdownHookWaitsForTheCleanUpAndIsRemovedAfter() throws Exception {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        GracefulShutdown g = new GracefulShutdown("test-shutdown", stopped::countDown, Duration.ofSeconds(10));
        Thread hook = g.hook();
        hook.start(); // as the JVM would on Ctrl-C
        assertTrue(g.awaitSignal(Duration.ofSeconds(5)));
        assertTrue(stopped.await(5, java.util.concurrent.TimeUnit.SECONDS));
        Thread.sleep(200);
        assertTrue(hook.isAlive(), "the hook returned before the clean-up, so the JVM would halt mid-close");
        g.close();
        hook.join(2000);
        assertFalse(hook.isAlive());
        // removed: a second removal finds nothing
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
    }
}
