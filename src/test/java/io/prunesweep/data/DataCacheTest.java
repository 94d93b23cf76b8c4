package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {

    @TempDir
    Path tmp;

    @BeforeEach
    @AfterEach
    void reset() {
        DataCache.clear();
    }

    @Test
    void concurrentCallersShareOneLoad() throws Exception {
        // Large enough that the load takes a while, so the threads really overlap.
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 3000, 500, 28, 28, true);
        DataSource source = DataSource.idxDir(dir.toString(), 100, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DataSplits>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return DataCache.get(source);
                }));
            }
            start.countDown();
            DataSplits first = results.get(0).get();
            for (Future<DataSplits> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, DataCache.loadCount());
        assertSame(DataCache.get(source), DataCache.get(DataSource.idxDir(dir.toString(), 100, 1)),
                "equal sources hit the same entry");
        assertEquals(1, DataCache.loadCount());
        DataCache.get(source.withLimits(10, 0));
        assertEquals(2, DataCache.loadCount(), "a different source is a different entry");
    }

    @Test
    void failedLoadsAreRetried() throws Exception {
        Path train = tmp.resolve("train.csv");
        Path test = Fixtures.writeText(tmp.resolve("test.csv"), "0,1\n");
        DataSource source = DataSource.csv(train.toString(), test.toString(), 0, 1);
        assertThrows(DataException.class, () -> DataCache.get(source));
        Files.writeString(train, "1,2\n");
        assertEquals(1, DataCache.get(source).train().size());
        assertEquals(2, DataCache.loadCount());
    }
}
