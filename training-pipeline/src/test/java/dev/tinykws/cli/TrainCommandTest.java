package dev.tinykws.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/cli.md: a bad option value is a usage error, exit code 2, for train as for every command. */
class TrainCommandTest {

    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            return new CommandLine(new TinyKws()).execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void badValuesExitTwoBeforeAnyWork() {
        String data = dir.resolve("no-such-dataset").toString();
        String out = dir.resolve("m").toString();
        for (String[] bad : new String[][] {{"--epochs", "0"}, {"--augment", "bogus"}, {"--jobs", "0"}, {"--lr", "2"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(err, "train", "--data", data, "--out", out, bad[0], bad[1]), String.join(" ", bad));
            assertTrue(err.toString().contains(bad[0]), err.toString());
        }
        // an unknown option is picocli's usage error: also 2
        assertEquals(2, run(new ByteArrayOutputStream(), "train", "--data", data, "--out", out, "--threads", "2"));
        // a missing dataset is a failure of the work, not of the usage: 1
        assertEquals(1, run(new ByteArrayOutputStream(), "train", "--data", data, "--out", out, "--epochs", "1"));
    }
}
