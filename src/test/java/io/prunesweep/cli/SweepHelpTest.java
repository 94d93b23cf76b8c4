package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code sweep --help} documents what a resume does with results from other code. */
class SweepHelpTest {

    @Test
    void helpNamesTheFlagAndTheDefault() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute("sweep", "--help");
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertEquals(0, code, help);
        assertTrue(help.contains("--rerun-other-code"), help);
        assertTrue(help.contains("Default: such results are reused and the run prints a warning"), help);
    }
}
