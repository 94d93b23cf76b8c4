package io.prunesweep.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.Prerequisites.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    private static final Map<String, String> CI = Map.of("CI", "true");
    private static final Map<String, String> LOCAL = Map.of();

    @Test
    void presentAlwaysRuns() {
        assertEquals(Decision.RUN, Prerequisites.decide(true, CI));
        assertEquals(Decision.RUN, Prerequisites.decide(true, LOCAL));
    }

    @Test
    void missingSkipsLocallyAndFailsUnderCi() {
        assertEquals(Decision.SKIP, Prerequisites.decide(false, LOCAL));
        assertEquals(Decision.SKIP, Prerequisites.decide(false, Map.of("CI", "false")));
        assertEquals(Decision.SKIP, Prerequisites.decide(false, Map.of("CI", "")));
        assertEquals(Decision.FAIL, Prerequisites.decide(false, CI));
        assertEquals(Decision.FAIL, Prerequisites.decide(false, Map.of("CI", "TRUE")));
    }

    @Test
    void requireAbortsLocallyFailsInCiAndPassesWhenPresent() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> Prerequisites.require(false, "the thing", "get it", LOCAL));
        assertTrue(skipped.getMessage().contains("the thing is missing"), skipped.getMessage());
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> Prerequisites.require(false, "the thing", "get it", CI));
        assertTrue(failed.getMessage().contains("CI=true") && failed.getMessage().contains("get it"),
                failed.getMessage());
        assertDoesNotThrow(() -> Prerequisites.require(true, "the thing", "get it", CI));
    }

    @Test
    void fashionMnistNeedsAllFourFilesGzippedOrNot(@TempDir Path dir) throws Exception {
        assertFalse(Prerequisites.fashionMnistPresent(dir));
        Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
        Files.createFile(dir.resolve("train-labels-idx1-ubyte.gz"));
        Files.createFile(dir.resolve("t10k-images-idx3-ubyte"));
        assertFalse(Prerequisites.fashionMnistPresent(dir), "one file missing");
        Files.createFile(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertTrue(Prerequisites.fashionMnistPresent(dir));
    }
}
