package io.prunesweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.storage.HadoopSettings;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock on a store other than the local disk (HDFS, S3): a lock file created only if absent, kept alive by
 * heartbeats, replaced once abandoned. Run through Hadoop's FileSystem API on a local directory under the
 * {@code faulty:} scheme, which takes the code path every remote store takes.
 */
class StoreLockTest {
    @TempDir
    Path dir;

    private StoragePath sweepDir(int staleSeconds) {
        Storage storage = new Storage(HadoopSettings.defaults()
                .with("fs.faulty.impl", "io.prunesweep.storage.FaultyFileSystem")
                .with("fs.faulty.impl.disable.cache", "true")
                .with(SweepLock.STALE_SECONDS, Integer.toString(staleSeconds)));
        return StoragePath.of(storage, "faulty://" + dir);
    }

    @Test
    void aHeldLockRefusesOthersUntilReleased() throws Exception {
        StoragePath sweep = sweepDir(120);
        try (SweepLock held = SweepLock.acquire(sweep)) {
            assertTrue(Files.readString(dir.resolve(".lock")).startsWith("pid " + ProcessHandle.current().pid()));
            SweepException e = assertThrows(SweepException.class, () -> SweepLock.probe(sweep));
            assertEquals(SweepLock.LOCKED_EXIT_CODE, e.exitCode());
            assertTrue(e.getMessage().contains("another run of this sweep is in progress"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve(".lock")), "released: the lock file is gone");
        SweepLock.probe(sweep);
        assertFalse(Files.exists(dir.resolve(".lock")), "a probe leaves no lock behind");
        SweepLock.acquire(sweep).close();
    }

    @Test
    void aLockWithoutHeartbeatsIsTakenOver() throws Exception {
        // what a killed driver leaves: a lock file nobody rewrites
        Files.writeString(dir.resolve(".lock"), "pid 1 on elsewhere since long ago");
        Files.setLastModifiedTime(dir.resolve(".lock"), FileTime.from(Instant.now().minusSeconds(300)));
        StoragePath sweep = sweepDir(120);
        try (SweepLock taken = SweepLock.acquire(sweep)) {
            assertTrue(Files.readString(dir.resolve(".lock")).startsWith("pid " + ProcessHandle.current().pid()));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".lock")), "no lock or probe left");
        }
    }

    @Test
    void aRecentLockIsNotTakenOver() throws Exception {
        Files.writeString(dir.resolve(".lock"), "pid 1 on elsewhere");
        SweepException e = assertThrows(SweepException.class, () -> SweepLock.acquire(sweepDir(120)));
        assertEquals(SweepLock.LOCKED_EXIT_CODE, e.exitCode());
        assertTrue(e.getMessage().contains("pid 1 on elsewhere"), e.getMessage());
        assertTrue(e.getMessage().contains(SweepLock.STALE_SECONDS), "says when it counts as abandoned: "
                + e.getMessage());
        assertEquals("pid 1 on elsewhere", Files.readString(dir.resolve(".lock")));
    }

    @Test
    void theHolderKeepsItsLockFresh() throws Exception {
        // 6 s stale limit: a heartbeat every second
        try (SweepLock held = SweepLock.acquire(sweepDir(6))) {
            Files.setLastModifiedTime(dir.resolve(".lock"), FileTime.from(Instant.now().minusSeconds(300)));
            Thread.sleep(2500);
            long age = Instant.now().toEpochMilli() - Files.getLastModifiedTime(dir.resolve(".lock")).toMillis();
            assertTrue(age < 2000, "rewritten by a heartbeat, age " + age + " ms");
            assertThrows(SweepException.class, () -> SweepLock.probe(sweepDir(6)));
        }
    }
}
