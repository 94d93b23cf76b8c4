package io.prunesweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class LabeledDataTest {

    private static LabeledData small() {
        float[] features = {0.1f, 0.2f, 0.3f, 1.1f, 1.2f, 1.3f, 2.1f, 2.2f, 2.3f, 3.1f, 3.2f, 3.3f};
        return new LabeledData("small", features, new int[] {0, 2, 1, 2}, 3, 3, new ImageShape(1, 1, 3));
    }

    @Test
    void exposesShapeAndSharesArrays() {
        float[] features = {1, 2, 3, 4};
        int[] labels = {1, 0};
        LabeledData data = new LabeledData("d", features, labels, 2, 2, null);
        assertEquals(2, data.size());
        assertEquals(2, data.width());
        assertEquals(2, data.numClasses());
        assertEquals("d", data.name());
        assertEquals(Optional.empty(), data.imageShape());
        assertEquals(1, data.label(0));
        assertSame(features, data.features());
        assertSame(labels, data.labels());
    }

    @Test
    void rejectsInconsistentConstruction() {
        assertThrows(DataException.class, () -> new LabeledData("d", new float[5], new int[2], 2, 2, null));
        assertThrows(DataException.class, () -> new LabeledData("d", new float[4], new int[] {0, 2}, 2, 2, null));
        assertThrows(DataException.class, () -> new LabeledData("d", new float[4], new int[] {0, -1}, 2, 2, null));
        assertThrows(DataException.class,
                () -> new LabeledData("d", new float[4], new int[2], 2, 2, new ImageShape(1, 2, 2)));
        assertThrows(DataException.class, () -> new LabeledData(" ", new float[4], new int[2], 2, 2, null));
        assertThrows(DataException.class, () -> new LabeledData("d", new float[0], new int[0], 0, 2, null));
    }

    @Test
    void fingerprintFollowsTheDocumentedByteLayout() throws Exception {
        LabeledData data = small();
        // Recomputed independently so the value is pinned to the documented format, not to this JVM.
        ByteBuffer expected = ByteBuffer.allocate(4 * (3 + 4 + 12));
        expected.putInt(3).putInt(3).putInt(4);
        for (int label : data.labels()) {
            expected.putInt(label);
        }
        for (float f : data.features()) {
            expected.putInt(Float.floatToIntBits(f));
        }
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.array()));
        assertEquals(hex, data.fingerprint());
        assertEquals(64, data.fingerprint().length());
    }

    @Test
    void fingerprintIgnoresNameButSeesEveryLabelAndFeature() {
        LabeledData data = small();
        LabeledData renamed = new LabeledData("other", data.features().clone(), data.labels().clone(), 3, 3, null);
        assertEquals(data.fingerprint(), renamed.fingerprint());

        int[] labels = data.labels().clone();
        labels[3] = 0;
        assertNotEquals(data.fingerprint(), new LabeledData("x", data.features(), labels, 3, 3, null).fingerprint());

        float[] features = data.features().clone();
        features[11] = Math.nextUp(features[11]);
        assertNotEquals(data.fingerprint(), new LabeledData("x", features, data.labels(), 3, 3, null).fingerprint());

        assertNotEquals(data.fingerprint(),
                new LabeledData("x", data.features(), data.labels(), 3, 4, null).fingerprint());
    }

    @Test
    void selectCopiesRowsInTheGivenOrder() {
        LabeledData picked = small().select(new int[] {3, 1, 1}, "picked");
        assertEquals("picked", picked.name());
        assertEquals(3, picked.size());
        assertArrayEquals(new int[] {2, 2, 2}, picked.labels());
        assertArrayEquals(new float[] {3.1f, 3.2f, 3.3f, 1.1f, 1.2f, 1.3f, 1.1f, 1.2f, 1.3f}, picked.features());
        assertEquals(small().imageShape(), picked.imageShape());
        assertThrows(DataException.class, () -> small().select(new int[] {4}, "bad"));
    }

    @Test
    void headTakesThePrefixAndClampsToSize() {
        LabeledData data = small();
        LabeledData two = data.head(2);
        assertArrayEquals(new int[] {0, 2}, two.labels());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 1.1f, 1.2f, 1.3f}, two.features());
        assertSame(data, data.head(10));
        assertEquals(0, data.head(0).size());
        assertThrows(DataException.class, () -> data.head(-1));
    }

    @Test
    void toDataSetHasFloatFeaturesAndOneHotLabels() {
        DataSet ds = small().toDataSet();
        assertEquals(DataType.FLOAT, ds.getFeatures().dataType());
        assertEquals(DataType.FLOAT, ds.getLabels().dataType());
        assertArrayEquals(new long[] {4, 3}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {4, 3}, ds.getLabels().shape());
        assertEquals(2.2f, ds.getFeatures().getFloat(2, 1), 0f);
        float[][] expected = {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[r][c], ds.getLabels().getFloat(r, c), 0f);
            }
        }
        assertTrue(small().toString().contains("small"));
    }

    /** The former slice: a float[] per batch handed to Nd4j.create (kept as the oracle of the bulk copy). */
    private static DataSet oldSlice(LabeledData d, int[] order, int from, int to) {
        int n = to - from;
        float[] f = new float[n * d.width()];
        float[] oneHot = new float[n * d.numClasses()];
        for (int row = 0; row < n; row++) {
            System.arraycopy(d.features(), order[from + row] * d.width(), f, row * d.width(), d.width());
            oneHot[row * d.numClasses() + d.label(order[from + row])] = 1f;
        }
        return new DataSet(Nd4j.create(f, new long[] {n, d.width()}, DataType.FLOAT),
                Nd4j.create(oneHot, new long[] {n, d.numClasses()}, DataType.FLOAT));
    }

    @Test
    void sliceBuildsTheSameArraysAsTheElementwiseCopy() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        int n = 300;
        int width = 17;
        float[] f = new float[n * width];
        int[] y = new int[n];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        f[5] = -0f;
        f[6] = Float.NaN;
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(7);
        }
        LabeledData d = new LabeledData("random", f, y, width, 7, null);
        int[] order = new int[500];
        for (int i = 0; i < order.length; i++) {
            order[i] = r.nextInt(n); // repeats allowed
        }
        for (int[] range : new int[][] {{0, 128}, {128, 500}, {499, 500}, {3, 3}}) {
            DataSet expected = oldSlice(d, order, range[0], range[1]);
            DataSet actual = d.slice(order, range[0], range[1]);
            for (INDArray[] pair : new INDArray[][] {{expected.getFeatures(), actual.getFeatures()},
                {expected.getLabels(), actual.getLabels()}}) {
                assertArrayEquals(pair[0].shape(), pair[1].shape());
                assertEquals(pair[0].dataType(), pair[1].dataType());
                assertEquals(pair[0].ordering(), pair[1].ordering());
                assertArrayEquals(pair[0].data().asFloat(), pair[1].data().asFloat(), "bit for bit");
            }
        }
    }
}
