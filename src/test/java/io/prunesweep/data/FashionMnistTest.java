package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.testing.Prerequisites;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** Reads the real Fashion-MNIST when the system package is installed. */
class FashionMnistTest {

    @Test
    void loadsTheInstalledDataset() {
        Prerequisites.requireFashionMnist();
        DataSplits splits = DataLoader.load(DataSource.fashionMnist());
        assertEquals(55000, splits.train().size());
        assertEquals(5000, splits.validation().size());
        assertEquals(10000, splits.test().size());
        assertEquals(784, splits.train().width());
        assertEquals(10, splits.train().numClasses());
        assertEquals(Optional.of(new ImageShape(1, 28, 28)), splits.test().imageShape());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : splits.test().features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min, 0f);
        assertEquals(1f, max, 0f);
        int[] perClass = new int[10];
        for (int label : splits.test().labels()) {
            perClass[label]++;
        }
        int[] thousandEach = new int[10];
        Arrays.fill(thousandEach, 1000);
        assertArrayEquals(thousandEach, perClass, "the Fashion-MNIST test set is balanced");
        assertEquals(784, splits.train().width());

        DataSet batch = splits.test().head(32).toDataSet();
        assertArrayEquals(new long[] {32, 784}, batch.getFeatures().shape());
        assertTrue(splits.fingerprint().matches("[0-9a-f]{64}"));
    }
}
