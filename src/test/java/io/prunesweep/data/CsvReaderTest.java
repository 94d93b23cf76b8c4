package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path tmp;

    private DataSplits load(String train, String test, int labelColumn, Boolean header) throws Exception {
        Path trainFile = Fixtures.writeText(tmp.resolve("train.csv"), train);
        Path testFile = Fixtures.writeText(tmp.resolve("test.csv"), test);
        return DataLoader.load(DataSource.csv(trainFile.toString(), testFile.toString(), 0, 1)
                .withCsvLayout(labelColumn, header));
    }

    @Test
    void autoDetectsHeaderAndSkipsBlankLines() throws Exception {
        DataSplits splits = load("label,a,b\n1,0.5,2\n\n0,-1,3e2\r\n", "0,7,8\n\n2,9,10\n", 0, null);
        LabeledData test = splits.test();
        assertArrayEquals(new int[] {0, 2}, test.labels());
        assertArrayEquals(new float[] {7, 8, 9, 10}, test.features());
        assertEquals(2, splits.train().width());
        assertEquals(3, splits.train().numClasses(), "max label over train and test is 2");
        assertEquals(Optional.empty(), splits.train().imageShape());
        assertEquals("train", splits.train().name().split("/")[0]);
    }

    @Test
    void keepsValuesAsIsWithLabelInAnotherColumn() throws Exception {
        DataSplits splits = load("0.25,3,-4.5\n", "1.5,1,2.5\n", 1, Boolean.FALSE);
        assertArrayEquals(new float[] {0.25f, -4.5f}, splits.train().features());
        assertArrayEquals(new int[] {3}, splits.train().labels());
        assertArrayEquals(new float[] {1.5f, 2.5f}, splits.test().features());
    }

    @Test
    void explicitHeaderSkipsANumericFirstRow() throws Exception {
        DataSplits splits = load("9,9,9\n1,2,3\n", "0,1,1\n0,5,6\n", 0, Boolean.TRUE);
        assertArrayEquals(new int[] {1}, splits.train().labels());
        assertArrayEquals(new float[] {5, 6}, splits.test().features());
    }

    @Test
    void nonNumericCellNamesFileLineColumnAndText() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> load("1,2,3\n\n0,4,abc\n", "0,1,1\n", 0, null));
        assertEquals(tmp.resolve("train.csv") + ": line 3: column 3: not a number: 'abc'", e.getMessage());
    }

    @Test
    void headerWithoutAutoDetectionIsANonNumericCell() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> load("label,x\n1,2\n", "0,1\n", 0, Boolean.FALSE));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("'label'"), e.getMessage());
    }

    @Test
    void rowsOfDifferentWidthAreRejected() throws Exception {
        DataException e = assertThrows(DataException.class, () -> load("1,2,3\n0,4\n", "0,1,1\n", 0, null));
        String m = e.getMessage();
        assertTrue(m.startsWith(tmp.resolve("train.csv") + ": line 2"), m);
        assertTrue(m.contains("2 columns") && m.contains("line 1 has 3"), m);
    }

    @Test
    void trainAndTestMustHaveTheSameWidth() throws Exception {
        DataException e = assertThrows(DataException.class, () -> load("1,2,3\n", "0,1\n", 0, null));
        assertTrue(e.getMessage().contains("test.csv") && e.getMessage().contains("train.csv"), e.getMessage());
    }

    @Test
    void negativeOrFractionalLabelsAreRejected() throws Exception {
        DataException negative = assertThrows(DataException.class, () -> load("1,2\n-1,3\n", "0,1\n", 0, null));
        assertTrue(negative.getMessage().contains("line 2") && negative.getMessage().contains("'-1'"),
                negative.getMessage());
        DataException fractional = assertThrows(DataException.class, () -> load("1.5,2\n", "0,1\n", 0, null));
        assertTrue(fractional.getMessage().contains("integer") && fractional.getMessage().contains("'1.5'"),
                fractional.getMessage());
        assertArrayEquals(new int[] {2}, load("2.0,1\n", "0,1\n", 0, null).train().labels());
    }

    @Test
    void missingLabelColumnAndEmptyFileAreReported() throws Exception {
        DataException e = assertThrows(DataException.class, () -> load("1,2\n", "0,1\n", 5, Boolean.FALSE));
        assertTrue(e.getMessage().contains("label column 5"), e.getMessage());
        DataException empty = assertThrows(DataException.class, () -> load("1,2\n", "\n\n", 0, null));
        assertTrue(empty.getMessage().contains("test.csv") && empty.getMessage().contains("no data rows"),
                empty.getMessage());
    }

    @Test
    void missingFileNamesTheRole() {
        DataSource source = DataSource.csv(tmp.resolve("nope.csv").toString(), tmp.resolve("t.csv").toString(), 0, 1);
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(source));
        assertTrue(e.getMessage().contains("training data") && e.getMessage().contains("nope.csv"), e.getMessage());
    }
}
