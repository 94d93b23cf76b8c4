package io.prunesweep.data;

import io.prunesweep.storage.Storage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Per-JVM cache of loaded datasets, so that a Spark executor reads a dataset once per JVM rather than
 * once per task (tasks of one executor share the JVM and hence this static state).
 *
 * <p>Concurrent requests for the same source wait for a single load. A failed load is not cached, so a
 * later call retries (e.g. after the missing dataset was installed).
 */
public final class DataCache {

    /**
     * Futures rather than values: {@code computeIfAbsent} would run the slow load while holding a map
     * bin lock, blocking unrelated keys that hash to the same bin.
     */
    private static final ConcurrentMap<DataSource, CompletableFuture<DataSplits>> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private DataCache() {
    }

    /**
     * Returns the splits of {@code source}, loading them on first use in this JVM.
     *
     * @param source dataset to load
     * @return the shared splits; their arrays must not be modified
     * @throws DataException if loading fails
     */
    public static DataSplits get(DataSource source) {
        return get(source, Storage.withDefaults());
    }

    /**
     * {@link #get(DataSource)}, reading through {@code storage} on first use (an executor reads the sweep's data
     * from HDFS or S3 with the driver's Hadoop settings). The storage does not change what the files hold, so
     * it is not part of the key.
     */
    public static DataSplits get(DataSource source, Storage storage) {
        return get(source, () -> DataLoader.load(source, storage));
    }

    /**
     * The splits of {@code source}, made by {@code loader} on first use in this JVM: tables are not read by an
     * executor but shipped to it by the driver (a Spark broadcast), and the loader decodes them, once per JVM.
     *
     * @param source the key; for a table it carries the digest of its rows
     * @param loader makes the splits on a miss; called at most once per key while it succeeds
     */
    public static DataSplits get(DataSource source, Supplier<DataSplits> loader) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loader, "loader");
        CompletableFuture<DataSplits> mine = new CompletableFuture<>();
        CompletableFuture<DataSplits> existing = CACHE.putIfAbsent(source, mine);
        if (existing == null) {
            try {
                LOADS.incrementAndGet();
                mine.complete(loader.get());
            } catch (RuntimeException | Error e) {
                CACHE.remove(source, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.join();
        } catch (CompletionException e) {
            // Rethrow the loader's own exception so waiters see the same message as the loading thread.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** @return how many loads actually ran in this JVM since start or the last {@link #clear()} */
    public static int loadCount() {
        return LOADS.get();
    }

    /** Forgets every cached dataset and resets {@link #loadCount()}; intended for tests. */
    public static void clear() {
        CACHE.clear();
        LOADS.set(0);
    }
}
