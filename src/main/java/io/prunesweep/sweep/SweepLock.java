package io.prunesweep.sweep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a sweep directory, so two runs of the same sweep (say, a cron run still going
 * when the next one starts) never overlap. The operating system releases it when the process dies, so a
 * killed driver never leaves a stale lock behind.
 */
public final class SweepLock implements AutoCloseable {
    /** Exit code of a run refused because another run holds the lock. */
    public static final int LOCKED_EXIT_CODE = 3;

    private final FileChannel channel;
    private final FileLock lock;
    private final boolean recorded;

    private SweepLock(FileChannel channel, FileLock lock, boolean recorded) {
        this.channel = channel;
        this.lock = lock;
        this.recorded = recorded;
    }

    /**
     * Takes the lock of {@code sweepDir} or fails at once.
     *
     * @throws SweepException with {@link #LOCKED_EXIT_CODE} when another run holds it
     */
    public static SweepLock acquire(Path sweepDir) {
        return acquire(sweepDir, true);
    }

    /**
     * Fails at once, like {@link #acquire}, when another run holds the lock; otherwise takes and releases it
     * without recording a holder. The CLI calls this before paying for Spark's start-up.
     */
    public static void probe(Path sweepDir) {
        acquire(sweepDir, false).close();
    }

    private static SweepLock acquire(Path sweepDir, boolean record) {
        Path file = sweepDir.resolve(".lock");
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                ch.close();
                throw new SweepException("another run of this sweep is in progress (" + sweepDir + " is locked"
                        + (holder.isEmpty() ? "" : " by " + holder) + "); this run does nothing and exits", LOCKED_EXIT_CODE);
            }
            if (record) {
                ch.truncate(0);
                ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since "
                        + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8)));
            }
            return new SweepLock(ch, l, record);
        } catch (IOException e) {
            throw new SweepException("cannot lock " + file + ": " + e.getMessage(), 2);
        }
    }

    @Override
    public void close() {
        try {
            if (recorded) {
                channel.truncate(0); // the file names a holder only while one holds the lock
            }
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the process anyway
        }
    }
}
