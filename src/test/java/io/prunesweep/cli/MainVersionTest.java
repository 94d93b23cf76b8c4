package io.prunesweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.sweep.Versions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code prunesweep --version} prints the build's version and commit and the libraries' versions. */
class MainVersionTest {

    @Test
    void versionPrintsTheBuildAndLibraryVersions() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute("--version");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        Versions v = Versions.current();
        assertEquals(0, code, text);
        String[] lines = text.strip().split("\\R");
        assertEquals("prunesweep " + v.prunesweep(), lines[0]);
        assertTrue(lines[1].startsWith("commit " + v.commit()), lines[1]);
        assertTrue(lines[2].contains("dl4j " + v.dl4j()) && lines[2].contains("nd4j " + v.nd4j())
                && lines[2].contains("spark " + v.spark()), lines[2]);
        // the build resource was written by this build: no "unknown" version, no old hard-coded "0.1.0" line
        assertTrue(v.prunesweep().matches("\\d+\\.\\d+\\.\\d+.*"), v.prunesweep());
    }
}
