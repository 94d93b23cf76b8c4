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

    private SweepLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code sweepDir} or fails at once.
     *
     * @throws SweepException with {@link #LOCKED_EXIT_CODE} when another run holds it
     */
    public static SweepLock acquire(Path sweepDir) {
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
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since "
                    + java.time.Instant.now()).getBytes(StandardCharsets.UTF_8)));
            return new SweepLock(ch, l);
        } catch (IOException e) {
            throw new SweepException("cannot lock " + file + ": " + e.getMessage(), 2);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the process anyway
        }
    }
}
