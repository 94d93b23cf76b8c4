package io.prunesweep.model;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A run of small matrix products on C-order ND4J buffers, one {@code cblas_sgemm}/{@code cblas_dgemm} call of
 * the OpenBLAS that ND4J itself calls each. {@code Nd4j.gemm} prepares {@code GemmParams} (copying an operand
 * when its order does not suit) and runs libnd4j's {@code mmul} op, tens of microseconds per call, which
 * dominates products as small as one example's slice of a LeNet-5 convolution; called row-major on the
 * buffers in place, the product is the whole cost.
 *
 * <p>Product {@code i} of {@code count} reads matrix {@code a} at element {@code i·aStep} of its buffer,
 * {@code b} at {@code i·bStep}, and writes {@code c} at {@code i·cStep} (a step of 0 reuses one matrix).
 * Each operand must be C-order contiguous; anything else (a view with other strides, a type other than float
 * or double) goes through {@code Nd4j.gemm} slice by slice, with the same result.
 */
final class RowMajorGemm {
    private RowMajorGemm() {
    }

    /**
     * {@code c_i = op(a_i)·op(b_i) + beta_i·c_i} for i in [0, count), where {@code beta_i} is
     * {@code firstBeta} for i = 0 and {@code laterBeta} after it (1 accumulates a sum over the run into one
     * {@code c}).
     *
     * @param m rows of op(a) and c
     * @param n columns of op(b) and c
     * @param k columns of op(a), rows of op(b)
     */
    static void run(int count, boolean transA, boolean transB, int m, int n, int k, INDArray a, long aStep,
                    INDArray b, long bStep, INDArray c, long cStep, double firstBeta, double laterBeta) {
        DataType t = c.dataType();
        boolean blas = (t == DataType.FLOAT || t == DataType.DOUBLE) && a.dataType() == t && b.dataType() == t
                && contiguous(a) && contiguous(b) && contiguous(c);
        if (!blas) {
            viaNd4j(count, transA, transB, m, n, k, a, aStep, b, bStep, c, cStep, firstBeta, laterBeta);
            return;
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (t == DataType.FLOAT) {
            // addressPointer() starts at the array's first element, views included
            FloatPointer pa = new FloatPointer(a.data().addressPointer());
            FloatPointer pb = new FloatPointer(b.data().addressPointer());
            FloatPointer pc = new FloatPointer(c.data().addressPointer());
            for (int i = 0; i < count; i++) {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1f,
                        pa.position(i * aStep), lda, pb.position(i * bStep), ldb,
                        (float) (i == 0 ? firstBeta : laterBeta), pc.position(i * cStep), n);
            }
        } else {
            DoublePointer pa = new DoublePointer(a.data().addressPointer());
            DoublePointer pb = new DoublePointer(b.data().addressPointer());
            DoublePointer pc = new DoublePointer(c.data().addressPointer());
            for (int i = 0; i < count; i++) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1.0,
                        pa.position(i * aStep), lda, pb.position(i * bStep), ldb,
                        i == 0 ? firstBeta : laterBeta, pc.position(i * cStep), n);
            }
        }
    }

    /**
     * {@code c = op(a)·op(b) + beta·c} for matrices (rank 2, or rank 1 read as one row) each stored contiguously
     * in C or F order, as DL4J lays out activations (C) and dense weights and their gradients (F views of the
     * flat parameter vector; biases are vectors). An F-order matrix is the row-major storage of its transpose,
     * so one {@code cblas_sgemm} call covers every mix of orders; anything else (strided views, mixed types)
     * goes through {@code Nd4j.gemm}.
     */
    static void product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        DataType t = c.dataType();
        Matrix ma = Matrix.of(a);
        Matrix mb = Matrix.of(b);
        Matrix mc = Matrix.of(c);
        boolean blas = (t == DataType.FLOAT || t == DataType.DOUBLE) && a.dataType() == t && b.dataType() == t
                && ma != null && mb != null && mc != null;
        if (!blas) {
            INDArray a2 = a.rank() == 1 ? a.reshape(1, a.length()) : a;
            INDArray b2 = b.rank() == 1 ? b.reshape(1, b.length()) : b;
            INDArray c2 = c.rank() == 1 ? c.reshape(1, c.length()) : c;
            Nd4j.gemm(a2, b2, c2, transA, transB, 1.0, beta);
            if (c2 != c) {
                c.assign(c2.reshape(c.shape()));
            }
            return;
        }
        if (mc.order() == 'f') {
            // cᵀ = op(b)ᵀ·op(a)ᵀ, and cᵀ is row-major where c is column-major
            rowMajor(mb, !transB, ma, !transA, c, (int) mc.cols(), (int) mc.rows(), beta);
        } else {
            rowMajor(ma, transA, mb, transB, c, (int) mc.rows(), (int) mc.cols(), beta);
        }
    }

    /** c (m×n, row-major in its buffer) = op(a)·op(b) + beta·c, with a and b in either storage order. */
    private static void rowMajor(Matrix a, boolean transA, Matrix b, boolean transB, INDArray c, int m, int n,
                                 double beta) {
        // a matrix stored column-major is its transpose stored row-major: flip the operation instead of copying
        boolean ta = transA ^ (a.order() == 'f');
        boolean tb = transB ^ (b.order() == 'f');
        int k = (int) (transA ? a.rows() : a.cols());
        int lda = (int) Math.max(1, a.order() == 'c' ? a.cols() : a.rows());
        int ldb = (int) Math.max(1, b.order() == 'c' ? b.cols() : b.rows());
        int opA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (m == 0 || n == 0) {
            return;
        }
        if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, 1f,
                    new FloatPointer(a.x().data().addressPointer()), lda,
                    new FloatPointer(b.x().data().addressPointer()), ldb,
                    (float) beta, new FloatPointer(c.data().addressPointer()), Math.max(1, n));
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, 1.0,
                    new DoublePointer(a.x().data().addressPointer()), lda,
                    new DoublePointer(b.x().data().addressPointer()), ldb,
                    beta, new DoublePointer(c.data().addressPointer()), Math.max(1, n));
        }
    }

    /**
     * An array read as a matrix, with the order it is stored in: 'c' or 'f' when it occupies its buffer
     * contiguously in that order, read from its strides (a dimension of size 1 may have any stride; a matrix that
     * is both is taken as 'c').
     */
    private record Matrix(INDArray x, long rows, long cols, char order) {
        /** Null when {@code x} is not a contiguous vector or matrix. */
        static Matrix of(INDArray x) {
            if (x.rank() == 1) {
                return x.length() == 1 || x.stride(0) == 1 ? new Matrix(x, 1, x.length(), 'c') : null;
            }
            if (x.rank() != 2) {
                return null;
            }
            long rows = x.size(0);
            long cols = x.size(1);
            long[] st = x.stride();
            if ((cols == 1 || st[1] == 1) && (rows == 1 || st[0] == cols)) {
                return new Matrix(x, rows, cols, 'c');
            }
            if ((rows == 1 || st[0] == 1) && (cols == 1 || st[1] == rows)) {
                return new Matrix(x, rows, cols, 'f');
            }
            return null;
        }
    }

    /** C-order with the default strides of its shape: element (i, j, ...) at its row-major index. */
    static boolean contiguous(INDArray x) {
        return x.ordering() == 'c' && Arrays.equals(x.stride(), Nd4j.getStrides(x.shape(), 'c'));
    }

    private static void viaNd4j(int count, boolean transA, boolean transB, int m, int n, int k, INDArray a,
                                long aStep, INDArray b, long bStep, INDArray c, long cStep, double firstBeta,
                                double laterBeta) {
        INDArray fa = a.dup('c').reshape(-1);
        INDArray fb = b.dup('c').reshape(-1);
        INDArray fc = c.dup('c').reshape(-1);
        long[] aShape = transA ? new long[] {k, m} : new long[] {m, k};
        long[] bShape = transB ? new long[] {n, k} : new long[] {k, n};
        for (int i = 0; i < count; i++) {
            INDArray ai = fa.get(NDArrayIndex.interval(i * aStep, i * aStep + (long) m * k)).dup().reshape('c', aShape);
            INDArray bi = fb.get(NDArrayIndex.interval(i * bStep, i * bStep + (long) k * n)).dup().reshape('c', bShape);
            INDArray target = fc.get(NDArrayIndex.interval(i * cStep, i * cStep + (long) m * n));
            INDArray product = Nd4j.gemm(ai, bi, transA, transB).castTo(c.dataType());
            double beta = i == 0 ? firstBeta : laterBeta;
            INDArray value = beta == 0 ? product : product.addi(target.dup().reshape('c', m, n).muli(beta));
            target.assign(value.reshape('c', new long[] {(long) m * n}));
        }
        c.assign(fc.reshape('c', c.shape()));
    }
}
