package io.prunesweep.model;

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
}
