package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables (rows Spark read) are split and fingerprinted exactly as files are, ship to executors as bytes that give
 * back equal splits, and are cached per JVM by content.
 */
class TableDataTest {
    @TempDir
    Path tmp;

    /** The rows of an IDX fixture in file order, as a table reader would return them. */
    private static LabeledData rows(String name, int count, int rows, int cols) {
        int width = rows * cols;
        float[] f = new float[count * width];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < width; p++) {
                f[i * width + p] = Fixtures.pixel(i, p) / 255f;
            }
        }
        int[] labels = Fixtures.cyclicLabels(count, 10);
        return new LabeledData(name, f, labels, width, Arrays.stream(labels).max().orElse(0) + 1, null);
    }

    private static DataSource table(int validation, long seed) {
        return DataSource.table("/data/t/train", "/data/t/test", new TableColumns("features", "label", null,
                new ImageShape(1, 3, 2)), validation, seed);
    }

    @Test
    void aTableHoldingAFilesRowsSplitsAndFingerprintsLikeTheFile() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("idx"), 40, 12, 3, 2, false);
        DataSplits files = DataLoader.load(DataSource.idxDir(dir.toString(), 7, 5).withLimits(20, 10));
        DataSplits tables = DataLoader.fromTables(table(7, 5).withLimits(20, 10), rows("train", 40, 3, 2),
                rows("test", 12, 3, 2));
        assertEquals(files.fingerprint(), tables.fingerprint());
        assertEquals(files.train().imageShape(), tables.train().imageShape());
        assertEquals(20, tables.train().size());
        assertEquals(10, tables.test().size());
        // another seed splits differently, as for files
        assertNotEquals(tables.fingerprint(), DataLoader.fromTables(table(7, 6).withLimits(20, 10),
                rows("train", 40, 3, 2), rows("test", 12, 3, 2)).fingerprint());
    }

    @Test
    void theDigestFollowsTheContentNotTheNames() {
        String a = DataLoader.tableDigest(rows("a", 10, 3, 2), rows("b", 4, 3, 2));
        assertEquals(a, DataLoader.tableDigest(rows("other", 10, 3, 2), rows("names", 4, 3, 2)));
        assertNotEquals(a, DataLoader.tableDigest(rows("a", 11, 3, 2), rows("b", 4, 3, 2)));
    }

    @Test
    void aShapeThatDoesNotFitTheFeaturesIsNamed() {
        DataSource wrong = DataSource.table("/t/train", "/t/test", new TableColumns("pixels", "y", null,
                new ImageShape(1, 28, 28)), 0, 1);
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.fromTables(wrong, rows("train table /t/train", 5, 3, 2), rows("test", 2, 3, 2)));
        assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("'pixels'")
                && e.getMessage().contains("/t/train"), e.getMessage());
    }

    @Test
    void tablesOfDifferentWidthsAreRefused() {
        DataException e = assertThrows(DataException.class, () -> DataLoader.fromTables(
                DataSource.table("a", "b", TableColumns.defaults(), 0, 1), rows("train", 5, 3, 2),
                rows("test", 2, 2, 2)));
        assertTrue(e.getMessage().contains("feature count differs"), e.getMessage());
    }

    @Test
    void withoutSparkATableIsRefusedNamingWhatItNeeds() {
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(table(0, 1)));
        assertTrue(e.getMessage().contains("read by Spark") && e.getMessage().contains("/data/t/train"),
                e.getMessage());
    }

    @Test
    void shippedBytesGiveBackEqualSplits() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("idx"), 30, 8, 3, 2, false);
        DataSplits s = DataLoader.load(DataSource.idxDir(dir.toString(), 5, 2));
        DataSplits back = DataSplits.fromBytes(s.toBytes());
        assertEquals(s.fingerprint(), back.fingerprint());
        assertEquals(s.train().name(), back.train().name());
        assertEquals(s.test().imageShape(), back.test().imageShape());
        assertArrayEquals(s.validation().features(), back.validation().features());
        byte[] bytes = s.toBytes();
        assertThrows(DataException.class, () -> DataSplits.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
        bytes[0] ^= 1;
        assertThrows(DataException.class, () -> DataSplits.fromBytes(bytes));
    }

    @Test
    void theCacheLoadsATableOncePerContent() {
        DataCache.clear();
        AtomicInteger loads = new AtomicInteger();
        LabeledData train = rows("train", 12, 3, 2);
        LabeledData test = rows("test", 4, 3, 2);
        DataSource keyed = table(2, 1).withTableDigest(DataLoader.tableDigest(train, test));
        for (int i = 0; i < 3; i++) {
            DataCache.get(keyed, () -> {
                loads.incrementAndGet();
                return DataLoader.fromTables(keyed, train, test);
            });
        }
        assertEquals(1, loads.get());
        // the same location with other rows is another key: never served the old splits
        DataSource changed = table(2, 1).withTableDigest(DataLoader.tableDigest(rows("train", 13, 3, 2), test));
        DataCache.get(changed, () -> {
            loads.incrementAndGet();
            return DataLoader.fromTables(changed, rows("train", 13, 3, 2), test);
        });
        assertEquals(2, loads.get());
        DataCache.clear();
    }

    @Test
    void tableColumnsAreValidated() {
        assertThrows(DataException.class, () -> new TableColumns(" ", "label", null, null));
        assertThrows(DataException.class, () -> new TableColumns("x", "x", null, null));
        assertThrows(DataException.class, () -> new TableColumns("x", "y", "y", null));
        assertThrows(DataException.class, () -> new DataSource(DataFormat.PARQUET, "a", null, "b", null, 0, 1, 0, 0,
                0, null, 0));
        assertThrows(DataException.class, () -> new DataSource(DataFormat.CSV, "a", null, "b", null, 0, 1, 0, 0,
                0, null, 0, TableColumns.defaults(), null));
        assertEquals(DataFormat.PARQUET, DataFormat.parse("Parquet"));
    }
}
