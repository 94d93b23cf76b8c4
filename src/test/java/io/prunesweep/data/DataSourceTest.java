package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {

    @TempDir
    Path tmp;

    @Test
    void idxDirPrefersGzipAndFallsBackToPlain() throws Exception {
        Path dir = tmp.resolve("mixed");
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), Fixtures.idxImages(2, 2, 2), true);
        Fixtures.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxImages(2, 2, 2), false);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte"), Fixtures.idxLabels(new int[] {0, 1}), false);
        DataSource source = DataSource.idxDir(dir.toString(), 1, 3);
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz").toString(), source.trainPath());
        assertEquals(dir.resolve("train-labels-idx1-ubyte").toString(), source.trainLabelsPath());
        // Neither variant exists: the distributed .gz name, so the error names what to install.
        assertEquals(dir.resolve("t10k-images-idx3-ubyte.gz").toString(), source.testPath());
        assertEquals(DataFormat.IDX, source.format());
        assertEquals(1, source.validationSize());
        assertEquals(3, source.seed());
        assertEquals("mixed", source.displayName());
    }

    @Test
    void fashionMnistUsesTheSystemLocation() {
        DataSource source = DataSource.fashionMnist();
        assertTrue(source.trainPath().startsWith(DataSource.FASHION_MNIST_DIR + "/train-images-idx3-ubyte"));
        assertTrue(source.testLabelsPath().startsWith(DataSource.FASHION_MNIST_DIR + "/t10k-labels-idx1-ubyte"));
        assertEquals(5000, source.validationSize());
        assertEquals("fashion-mnist", source.displayName());
    }

    @Test
    void withersChangeOnlyTheirFields() {
        DataSource base = DataSource.csv("a.csv", "b.csv", 10, 5);
        DataSource limited = base.withLimits(100, 50);
        assertEquals(100, limited.trainLimit());
        assertEquals(50, limited.testLimit());
        assertEquals(base.withLimits(0, 0), base);
        DataSource layout = base.withCsvLayout(3, Boolean.FALSE);
        assertEquals(3, layout.labelColumn());
        assertEquals(Boolean.FALSE, layout.header());
        assertNull(base.header());
        assertEquals(7, base.withSplit(7, 8).validationSize());
        assertEquals(8, base.withSplit(7, 8).seed());
        assertEquals(20, DataSource.libSvm("a", "b", 0, 0).withNumFeatures(20).numFeatures());
        assertEquals("a", base.displayName());
    }

    @Test
    void validationNamesFieldAndValue() {
        assertMessage(() -> DataSource.csv("a", "b", -1, 0), "validationSize", "-1");
        assertMessage(() -> DataSource.csv("a", "b", 0, 0).withLimits(-2, 0), "trainLimit", "-2");
        assertMessage(() -> DataSource.csv("a", "b", 0, 0).withLimits(0, -3), "testLimit", "-3");
        assertMessage(() -> DataSource.csv("a", "b", 0, 0).withCsvLayout(-4, null), "labelColumn", "-4");
        assertMessage(() -> DataSource.libSvm("a", "b", 0, 0).withNumFeatures(-5), "numFeatures", "-5");
        assertMessage(() -> DataSource.csv(" ", "b", 0, 0), "trainPath", "' '");
        assertMessage(() -> new DataSource(DataFormat.IDX, "a", null, "b", "c", 0, 0, 0, 0, 0, null, 0),
                "trainLabelsPath", "null");
        assertMessage(() -> new DataSource(DataFormat.CSV, "a", "labels", "b", null, 0, 0, 0, 0, 0, null, 0),
                "trainLabelsPath", "labels");
        assertThrows(DataException.class,
                () -> new DataSource(null, "a", null, "b", null, 0, 0, 0, 0, 0, null, 0));
    }

    private static void assertMessage(Runnable action, String field, String value) {
        DataException e = assertThrows(DataException.class, action::run);
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        DataSource source = DataSource.idxDir("/data/mnist", 500, 11).withLimits(1000, 200);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object copy = in.readObject();
            assertEquals(source, copy);
            assertEquals(source.hashCode(), copy.hashCode());
        }
    }
}
