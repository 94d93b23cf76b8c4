package io.prunesweep.sweep;

import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An exclusive lock on a sweep directory, so two runs of the same sweep (say, a cron run still going
 * when the next one starts) never overlap.
 *
 * <p>On the local disk (a plain path or a {@code file:} URI) it is an operating-system lock on {@code .lock},
 * which the OS releases when the process dies, so a killed driver never leaves a stale lock behind.
 *
 * <p>On any other store it is the file {@code .lock} itself, created only if absent
 * ({@link StoragePath#createExclusive}: HDFS's namenode decides that atomically) and deleted on release. A
 * killed driver cannot delete it, so the holder rewrites it every {@value #HEARTBEATS_PER_STALE}th of
 * {@link #STALE_SECONDS} (default {@value #DEFAULT_STALE_SECONDS} s) and a lock not rewritten for that long is
 * taken as abandoned and replaced; ages are measured with the store's own clock (the modification time of a
 * file written just before), so clock skew between machines does not matter. On an object store without
 * conditional writes (S3A in Hadoop 3.3) the exclusive create is a check followed by a write: two runs starting
 * within the same second may both pass, so concurrent runs there must be prevented by whoever schedules them.
 */
public final class SweepLock implements AutoCloseable {
    /** Exit code of a run refused because another run holds the lock. */
    public static final int LOCKED_EXIT_CODE = 3;

    /** Hadoop configuration key: seconds without a heartbeat after which a lock file on a store is abandoned. */
    public static final String STALE_SECONDS = "prunesweep.lock.stale-seconds";

    /** Default of {@link #STALE_SECONDS}. */
    public static final int DEFAULT_STALE_SECONDS = 120;

    /** The holder rewrites its lock file this many times per {@link #STALE_SECONDS}. */
    public static final int HEARTBEATS_PER_STALE = 6;

    private final Runnable release;

    private SweepLock(Runnable release) {
        this.release = release;
    }

    /**
     * Takes the lock of {@code sweepDir} or fails at once.
     *
     * @throws SweepException with {@link #LOCKED_EXIT_CODE} when another run holds it
     */
    public static SweepLock acquire(StoragePath sweepDir) {
        return sweepDir.isLocal() ? local(sweepDir.localPath(), true) : onStore(sweepDir, true);
    }

    /** {@link #acquire(StoragePath)} of a local directory. */
    public static SweepLock acquire(Path sweepDir) {
        return acquire(StoragePath.local(sweepDir));
    }

    /**
     * Fails at once, like {@link #acquire}, when another run holds the lock; otherwise takes and releases it
     * (without recording a holder on the local disk). The CLI calls this before paying for Spark's start-up.
     */
    public static void probe(StoragePath sweepDir) {
        (sweepDir.isLocal() ? local(sweepDir.localPath(), false) : onStore(sweepDir, false)).close();
    }

    /** {@link #probe(StoragePath)} of a local directory. */
    public static void probe(Path sweepDir) {
        probe(StoragePath.local(sweepDir));
    }

    private static SweepLock local(Path sweepDir, boolean record) {
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
                throw locked(sweepDir.toString(), holder);
            }
            if (record) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)));
            }
            FileLock held = l;
            return new SweepLock(() -> {
                try {
                    if (record) {
                        ch.truncate(0); // the file names a holder only while one holds the lock
                    }
                    held.release();
                    ch.close();
                } catch (IOException e) {
                    // the OS drops the lock with the process anyway
                }
            });
        } catch (IOException e) {
            throw new SweepException("cannot lock " + file + ": " + e.getMessage(), 2);
        }
    }

    private static SweepLock onStore(StoragePath sweepDir, boolean heartbeat) {
        StoragePath file = sweepDir.resolve(".lock");
        int staleSeconds = sweepDir.storage().settings().configuration().getInt(STALE_SECONDS, DEFAULT_STALE_SECONDS);
        byte[] holder = holder().getBytes(StandardCharsets.UTF_8);
        try {
            if (!file.createExclusive(holder)) {
                String current = readQuietly(file);
                long age = ageMillis(sweepDir, file);
                if (age <= staleSeconds * 1000L) {
                    throw locked(sweepDir.toString(), current + ", last heartbeat " + age / 1000 + " s ago; a lock "
                            + "without a heartbeat for " + staleSeconds + " s (" + STALE_SECONDS + ") is taken as "
                            + "abandoned");
                }
                // its holder died without releasing it: replace it (a run racing us here finds ours on its retry)
                file.delete();
                if (!file.createExclusive(holder)) {
                    throw locked(sweepDir.toString(), readQuietly(file));
                }
            }
        } catch (IOException e) {
            throw new SweepException("cannot lock " + file + ": " + Storage.explain(e), 2);
        }
        ScheduledExecutorService beats = null;
        if (heartbeat) {
            beats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "prunesweep-lock-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1000L, staleSeconds * 1000L / HEARTBEATS_PER_STALE);
            beats.scheduleWithFixedDelay(() -> {
                try {
                    file.write(holder);
                } catch (IOException | RuntimeException e) {
                    // a missed beat is retried at the next one; only staleSeconds of them lose the lock
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        ScheduledExecutorService running = beats;
        return new SweepLock(() -> {
            if (running != null) {
                running.shutdownNow();
                try {
                    // a beat still writing would recreate the file after the delete below
                    running.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                file.delete();
            } catch (IOException e) {
                // without a heartbeat it is abandoned after staleSeconds anyway
            }
        });
    }

    /** How long ago {@code file} was last written, by the store's clock: a probe written now gives "now". */
    private static long ageMillis(StoragePath dir, StoragePath file) throws IOException {
        StoragePath clock = dir.resolve(".lock-clock-" + UUID.randomUUID() + ".tmp");
        clock.write(new byte[0]);
        try {
            return clock.storage().modifiedMillis(clock.location()) - file.storage().modifiedMillis(file.location());
        } finally {
            clock.delete();
        }
    }

    private static String readQuietly(StoragePath file) {
        try {
            return file.readString().trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
    }

    private static SweepException locked(String dir, String holder) {
        return new SweepException("another run of this sweep is in progress (" + dir + " is locked"
                + (holder.isEmpty() ? "" : " by " + holder) + "); this run does nothing and exits", LOCKED_EXIT_CODE);
    }

    @Override
    public void close() {
        release.run();
    }
}
