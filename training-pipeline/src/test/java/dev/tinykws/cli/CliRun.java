package dev.tinykws.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code tinykws} command line in-process ({@link TinyKws#commandLine()}, what {@code main} runs) and keeps what it printed. */
public final class CliRun {

    /** Exit code and what the command printed on standard output and standard error. */
    public record Out(int code, String out, String err) { }

    private CliRun() { }

    /** {@code tinykws ARGS...}; synchronized because it swaps System.out and System.err. */
    public static synchronized Out run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = TinyKws.commandLine().execute(args);
            return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
