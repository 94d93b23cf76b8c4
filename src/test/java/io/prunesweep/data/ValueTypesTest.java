package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ImageShape, DataFormat and DataSplits: the small value types. */
class ValueTypesTest {

    @Test
    void imageShapeSizeAndValidation() {
        assertEquals(784, new ImageShape(1, 28, 28).size());
        assertEquals(3 * 32 * 32, new ImageShape(3, 32, 32).size());
        DataException e = assertThrows(DataException.class, () -> new ImageShape(1, 0, 28));
        assertTrue(e.getMessage().contains("height") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(DataException.class, () -> new ImageShape(-1, 2, 2));
        assertThrows(DataException.class, () -> new ImageShape(65536, 65536, 2));
    }

    @Test
    void dataFormatParsesCaseInsensitively() {
        assertEquals(DataFormat.IDX, DataFormat.parse("idx"));
        assertEquals(DataFormat.CSV, DataFormat.parse(" Csv "));
        assertEquals(DataFormat.LIBSVM, DataFormat.parse("LibSVM"));
        assertEquals(DataFormat.PARQUET, DataFormat.parse("Parquet"));
        DataException e = assertThrows(DataException.class, () -> DataFormat.parse("orc"));
        assertTrue(e.getMessage().contains("orc"), e.getMessage());
        assertTrue(e.getMessage().contains("idx, csv, libsvm, parquet"), e.getMessage());
        assertThrows(DataException.class, () -> DataFormat.parse(null));
    }

    @Test
    void dataExceptionIsAnIllegalArgumentException() {
        RuntimeException e = new DataException("x");
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void splitsFingerprintCombinesAllParts() {
        LabeledData all = Fixtures.indexed(10, 3, 2);
        DataSplits a = new DataSplits(all.select(new int[] {0, 1, 2}, "t"), all.select(new int[] {3}, "v"),
                all.select(new int[] {4, 5}, "s"));
        DataSplits same = new DataSplits(all.select(new int[] {0, 1, 2}, "t2"), all.select(new int[] {3}, "v2"),
                all.select(new int[] {4, 5}, "s2"));
        DataSplits swapped = new DataSplits(a.train(), a.test(), a.validation());
        assertEquals(a.fingerprint(), same.fingerprint());
        assertNotEquals(a.fingerprint(), swapped.fingerprint());
        assertEquals(64, a.fingerprint().length());
    }

    @Test
    void splitsRejectMismatchedParts() {
        LabeledData three = Fixtures.indexed(4, 3, 2);
        LabeledData four = Fixtures.indexed(4, 4, 2);
        LabeledData moreClasses = Fixtures.indexed(4, 3, 5);
        assertThrows(DataException.class, () -> new DataSplits(three, four, three));
        assertThrows(DataException.class, () -> new DataSplits(three, three, moreClasses));
    }
}
