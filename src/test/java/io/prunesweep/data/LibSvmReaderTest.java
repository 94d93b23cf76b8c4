package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmReaderTest {

    @TempDir
    Path tmp;

    private DataSplits load(String train, String test, int numFeatures) throws Exception {
        Path trainFile = Fixtures.writeText(tmp.resolve("train.svm"), train);
        Path testFile = Fixtures.writeText(tmp.resolve("test.svm"), test);
        return DataLoader.load(DataSource.libSvm(trainFile.toString(), testFile.toString(), 0, 1)
                .withNumFeatures(numFeatures));
    }

    @Test
    void densifiesOneBasedIndicesAndInfersWidthFromBothFiles() throws Exception {
        DataSplits splits = load("1 1:0.5 3:2\n# comment line\n\n0 2:-1   # trailing comment\n", "2 5:7\n0\n", 0);
        assertEquals(5, splits.train().width(), "largest index 5 occurs only in the test file");
        assertEquals(3, splits.train().numClasses());
        LabeledData test = splits.test();
        assertArrayEquals(new int[] {2, 0}, test.labels());
        assertArrayEquals(new float[] {0, 0, 0, 0, 7, 0, 0, 0, 0, 0}, test.features());
        float[] train = splits.train().features();
        float sum = 0;
        for (float v : train) {
            sum += v;
        }
        assertEquals(0.5f + 2 - 1, sum, 1e-6f, "all train values survive (order is shuffled)");
    }

    @Test
    void explicitNumFeaturesWidensAndBoundsIndices() throws Exception {
        assertEquals(8, load("1 1:1\n", "0 2:1\n", 8).test().width());
        DataException e = assertThrows(DataException.class, () -> load("1 1:1\n0 4:1\n", "0 2:1\n", 3));
        assertTrue(e.getMessage().startsWith(tmp.resolve("train.svm") + ": line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("index 4"), e.getMessage());
    }

    @Test
    void badTokensNameFileLineAndToken() throws Exception {
        for (String token : new String[] {"3", "x:1", "0:1", "2:abc", "2:"}) {
            DataException e = assertThrows(DataException.class, () -> load("1 1:1\n0 1:2 " + token + "\n", "0 1:1\n", 0),
                    token);
            String m = e.getMessage();
            assertTrue(m.startsWith(tmp.resolve("train.svm") + ": line 2: token 3"), m);
            assertTrue(m.contains("'" + token + "'"), m);
        }
    }

    @Test
    void negativeOrNonIntegerLabelsAreRejected() throws Exception {
        DataException negative = assertThrows(DataException.class, () -> load("-1 1:1\n", "0 1:1\n", 0));
        assertTrue(negative.getMessage().contains("line 1") && negative.getMessage().contains("'-1'"),
                negative.getMessage());
        DataException fractional = assertThrows(DataException.class, () -> load("1 1:1\n", "0.5 1:1\n", 0));
        assertTrue(fractional.getMessage().contains("test.svm") && fractional.getMessage().contains("'0.5'"),
                fractional.getMessage());
        DataException text = assertThrows(DataException.class, () -> load("cat 1:1\n", "0 1:1\n", 0));
        assertTrue(text.getMessage().contains("'cat'"), text.getMessage());
    }
}
