package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Batched row-major products equal ND4J's own, through BLAS on contiguous buffers and through the fallback. */
class RowMajorGemmTest {

    private static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, false, false", "FLOAT, true, false", "FLOAT, false, true", "DOUBLE, true, true",
        "HALF, false, false"})
    void perExampleProductsAndAccumulatedSum(DataType type, boolean transA, boolean transB) {
        int count = 5;
        int m = 3;
        int n = 7;
        int k = 4;
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.DOUBLE, count, transA ? k : m, transA ? m : k).castTo(type);
        INDArray b = Nd4j.rand(DataType.DOUBLE, count, transB ? n : k, transB ? k : n).castTo(type);
        INDArray c = Nd4j.rand(DataType.DOUBLE, count, m, n).castTo(type);
        INDArray expected = Nd4j.create(DataType.DOUBLE, count, m, n);
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, m, n);
        for (int i = 0; i < count; i++) {
            INDArray ai = a.slice(i).castTo(DataType.DOUBLE);
            INDArray bi = b.slice(i).castTo(DataType.DOUBLE);
            INDArray p = (transA ? ai.transpose() : ai).mmul(transB ? bi.transpose() : bi);
            expected.slice(i).assign(p);
            sum.addi(p);
        }
        double tol = type == DataType.HALF ? 2e-2 : 1e-5;
        RowMajorGemm.run(count, transA, transB, m, n, k, a, (long) m * k, b, (long) k * n, c, (long) m * n, 0, 0);
        assertTrue(maxDiff(expected, c) <= tol, type + " products differ by " + maxDiff(expected, c));

        INDArray acc = Nd4j.rand(DataType.DOUBLE, m, n).castTo(type);
        RowMajorGemm.run(count, transA, transB, m, n, k, a, (long) m * k, b, (long) k * n, acc, 0, 0, 1);
        assertTrue(maxDiff(sum, acc) <= tol * count, type + " sum differs by " + maxDiff(sum, acc));
    }

    @Test
    void sharedOperandAndNonContiguousViewsGoThroughTheFallback() {
        Nd4j.getRandom().setSeed(2);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray wide = Nd4j.rand(DataType.FLOAT, 2, 4, 10);
        INDArray b = wide.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 6));
        assertFalse(RowMajorGemm.contiguous(b));
        INDArray c = Nd4j.create(DataType.FLOAT, 2, 3, 6);
        RowMajorGemm.run(2, false, false, 3, 6, 4, w, 0, b, 24, c, 18, 0, 0);
        for (int i = 0; i < 2; i++) {
            INDArray expected = w.mmul(b.slice(i));
            assertTrue(maxDiff(expected, c.slice(i)) <= 1e-5, "example " + i);
        }
        INDArray strided = Nd4j.create(DataType.FLOAT, 3, 12).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6));
        assertFalse(RowMajorGemm.contiguous(strided));
        RowMajorGemm.run(1, false, false, 3, 6, 4, w, 0, b.slice(0).dup(), 0, strided, 0, 0, 0);
        assertTrue(maxDiff(w.mmul(b.slice(0)), strided) <= 1e-5, "strided output");
    }

    /**
     * The layouts {@link FastOutputLayer} relies on: a product into an F-order array equals ND4J's {@code mmuli} into
     * a C-order one, and the weight and input gradients equal {@code Nd4j.gemm} and {@code mmuli} as DL4J's output
     * layer calls them, bit for bit, at the zoo's output-layer shapes and larger.
     */
    @ParameterizedTest
    @CsvSource({"128, 25, 10", "128, 84, 10", "128, 100, 10", "37, 300, 100", "128, 784, 300"})
    void outputLayerProductsEqualNd4jBitForBit(int n, int k, int m) {
        Nd4j.getRandom().setSeed(n * 31L + k * 7L + m);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, k);
        INDArray w = Nd4j.randn(DataType.FLOAT, m, k).transpose().dup('f');
        INDArray nd4j = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, m}, 'c');
        x.mmuli(w, nd4j);
        INDArray direct = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, m}, 'f');
        RowMajorGemm.product(x, false, w, false, direct, 0.0);
        assertArrayEquals(nd4j.dup('c').data().asFloat(), direct.dup('c').data().asFloat(), "x·W");
        for (char order : new char[] {'c', 'f'}) {
            INDArray delta = Nd4j.randn(DataType.FLOAT, n, m).dup(order);
            INDArray gNd4j = Nd4j.createUninitialized(DataType.FLOAT, new long[] {k, m}, 'f');
            Nd4j.gemm(x, delta, gNd4j, true, false, 1.0, 0.0);
            INDArray gDirect = Nd4j.createUninitialized(DataType.FLOAT, new long[] {k, m}, 'f');
            RowMajorGemm.product(x, true, delta, false, gDirect, 0.0);
            assertArrayEquals(gNd4j.dup('c').data().asFloat(), gDirect.dup('c').data().asFloat(), "xᵀ·δ, δ " + order);
            INDArray eNd4j = w.mmuli(delta.transpose(),
                    Nd4j.createUninitialized(DataType.FLOAT, new long[] {k, n}, 'f')).transpose();
            INDArray eDirect = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, k}, 'c');
            RowMajorGemm.product(delta, false, w, true, eDirect, 0.0);
            assertArrayEquals(eNd4j.dup('c').data().asFloat(), eDirect.data().asFloat(), "δ·Wᵀ, δ " + order);
        }
    }
}
