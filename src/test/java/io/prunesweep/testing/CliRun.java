package io.prunesweep.testing;

import io.prunesweep.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * One in-process run of the command line ({@link Main#execute}) with its exit code and what it printed. Standard
 * output and error are process-wide, so every test that captures them goes through the one lock of this class.
 *
 * @param code the exit code the command would give
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code prunesweep args...} in this JVM, capturing both streams. */
    public static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            int code = Main.execute(args);
            return new CliRun(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
