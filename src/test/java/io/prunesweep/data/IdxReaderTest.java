package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX reading through the public loader, including every IDX error case. */
class IdxReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsGzippedAndPlainFilesIdentically() throws Exception {
        Path gz = Fixtures.mnistDir(tmp.resolve("gz"), 12, 5, 3, 2, true);
        Path plain = Fixtures.mnistDir(tmp.resolve("plain"), 12, 5, 3, 2, false);
        DataSplits a = DataLoader.load(DataSource.idxDir(gz.toString(), 2, 1));
        DataSplits b = DataLoader.load(DataSource.idxDir(plain.toString(), 2, 1));
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(10, a.train().size());
        assertEquals(2, a.validation().size());
        assertEquals(5, a.test().size());
        assertEquals(Optional.of(new ImageShape(1, 3, 2)), a.train().imageShape());
        assertEquals(6, a.test().width());
        assertEquals(10, a.test().numClasses(), "labels 0..9 appear, so max+1 = 10");
    }

    @Test
    void scalesPixelsToUnitRangeInFileOrderForTest() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 3, 2, 2, false);
        LabeledData test = DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)).test();
        float[] expected = new float[3 * 4];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 4; p++) {
                expected[i * 4 + p] = Fixtures.pixel(i, p) / 255f;
            }
        }
        assertArrayEquals(expected, test.features());
        assertArrayEquals(Arrays.copyOf(Fixtures.cyclicLabels(3, 10), 3), test.labels());
    }

    @Test
    void detectsGzipByContentNotByName() throws Exception {
        Path dir = tmp.resolve("misnamed");
        // Plain content under .gz names and gzip content under plain names.
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), Fixtures.idxImages(3, 2, 2), false);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte.gz"), Fixtures.idxLabels(new int[] {0, 1, 2}), false);
        Fixtures.write(dir.resolve("t10k-images-idx3-ubyte"), Fixtures.idxImages(2, 2, 2), true);
        Fixtures.write(dir.resolve("t10k-labels-idx1-ubyte"), Fixtures.idxLabels(new int[] {2, 0}), true);
        DataSplits splits = DataLoader.load(DataSource.idxDir(dir.toString(), 1, 1));
        assertEquals(2, splits.train().size());
        assertArrayEquals(new int[] {2, 0}, splits.test().labels());
        assertEquals(3, splits.test().numClasses());
    }

    @Test
    void wrongMagicNamesFileExpectedAndFoundInHexAndDecimal() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 2, 2, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] content = Files.readAllBytes(images);
        content[3] = 0x05;
        Files.write(images, content);
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        String m = e.getMessage();
        assertTrue(m.startsWith(images.toString()), m);
        assertTrue(m.contains("0x00000803") && m.contains("2051"), m);
        assertTrue(m.contains("0x00000805") && m.contains("2053"), m);
    }

    @Test
    void swappedImageAndLabelFilesAreDiagnosed() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 2, 2, false);
        DataSource swapped = new DataSource(DataFormat.IDX,
                dir.resolve("train-labels-idx1-ubyte").toString(), dir.resolve("train-images-idx3-ubyte").toString(),
                dir.resolve("t10k-images-idx3-ubyte").toString(), dir.resolve("t10k-labels-idx1-ubyte").toString(),
                0, 1, 0, 0, 0, null, 0);
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(swapped));
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
        assertTrue(e.getMessage().contains("2049"), e.getMessage());
    }

    @Test
    void truncatedImagesReportDeclaredAndAvailableBytes() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 3, 2, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] full = Fixtures.idxImages(4, 3, 2);
        Fixtures.write(images, Arrays.copyOf(full, full.length - 5), true);
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        assertEquals(images + ": truncated: header declares 4 images of 3x2 = 24 bytes but only 19 bytes follow",
                e.getMessage());
    }

    @Test
    void truncatedHeaderAndLabelsAreReported() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 2, 2, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labels, Arrays.copyOf(Fixtures.idxLabels(new int[] {0, 1, 2, 3}), 10));
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        assertTrue(e.getMessage().startsWith(labels + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("4 labels") && e.getMessage().contains("only 2 bytes"), e.getMessage());

        Files.write(labels, new byte[] {0, 0, 8});
        e = assertThrows(DataException.class, () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        assertTrue(e.getMessage().startsWith(labels + ": truncated"), e.getMessage());
    }

    @Test
    void labelCountMismatchNamesBothFilesAndCounts() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 2, 2, false);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Fixtures.write(labels, Fixtures.idxLabels(new int[] {1, 2, 3}), false);
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        String m = e.getMessage();
        assertTrue(m.contains(labels.toString()) && m.contains("3 labels"), m);
        assertTrue(m.contains(dir.resolve("t10k-images-idx3-ubyte").toString()) && m.contains("2 images"), m);
    }

    @Test
    void missingFileSaysWhichOne() throws Exception {
        Path dir = Fixtures.mnistDir(tmp.resolve("d"), 4, 2, 2, 2, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.delete(labels);
        DataException e = assertThrows(DataException.class,
                () -> DataLoader.load(DataSource.idxDir(dir.toString(), 0, 1)));
        String m = e.getMessage();
        assertTrue(m.contains("training labels") && m.contains(labels + ".gz") && m.contains("not found"), m);
        assertTrue(!m.contains("apt-get"), "no install hint outside the system dataset directory");
    }

    @Test
    void missingFashionMnistFileSuggestsThePackage() {
        String dir = DataSource.FASHION_MNIST_DIR;
        DataSource source = new DataSource(DataFormat.IDX, dir + "/no-such-images-idx3-ubyte",
                dir + "/no-such-labels-idx1-ubyte", dir + "/t10k-images-idx3-ubyte.gz",
                dir + "/t10k-labels-idx1-ubyte.gz", 0, 1, 0, 0, 0, null, 0);
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(source));
        assertTrue(e.getMessage().contains(dir + "/no-such-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("install it with: sudo apt-get install dataset-fashion-mnist"),
                e.getMessage());
    }
}
