package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepLockTest {
    @Test
    void aHeldLockRefusesOthersAndNamesItsHolderOnlyWhileHeld(@TempDir Path dir) throws Exception {
        try (SweepLock held = SweepLock.acquire(dir)) {
            assertTrue(Files.readString(dir.resolve(".lock")).startsWith("pid " + ProcessHandle.current().pid()));
            SweepException e = assertThrows(SweepException.class, () -> SweepLock.probe(dir));
            assertEquals(SweepLock.LOCKED_EXIT_CODE, e.exitCode());
            assertTrue(e.getMessage().contains("another run of this sweep is in progress"), e.getMessage());
            assertTrue(e.getMessage().contains("pid "), "names the holder: " + e.getMessage());
        }
        assertEquals("", Files.readString(dir.resolve(".lock")), "no holder after release");
        SweepLock.probe(dir);
        assertEquals("", Files.readString(dir.resolve(".lock")), "a probe records no holder");
        SweepLock.acquire(dir).close();
    }
}
