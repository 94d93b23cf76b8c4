package io.prunesweep.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Element-level helpers over parameter arrays shared by the size and FLOP counters. */
final class ParamArrays {

    private ParamArrays() {
    }

    /**
     * Number of entries that are not exactly zero. {@code -0.0} counts as zero and NaN as non-zero,
     * which is what a sparse encoder would have to store.
     */
    static long nonzero(INDArray array) {
        if (array == null || array.length() == 0) {
            return 0;
        }
        // Parameter arrays are views into the network's flat buffer; flatten to get exactly
        // this array's elements regardless of strides or offset.
        double[] values = Nd4j.toFlattened('c', array).toDoubleVector();
        long count = 0;
        for (double v : values) {
            if (v != 0.0) {
                count++;
            }
        }
        return count;
    }

    /** Rows of the matrix view used by the sparse encodings: the first dimension, 1 for rank &lt; 2. */
    static long rows(INDArray array) {
        return array.rank() < 2 ? 1 : array.size(0);
    }

    /** Columns of the matrix view: the product of all dimensions but the first. */
    static long cols(INDArray array) {
        long r = rows(array);
        return r == 0 ? 0 : array.length() / r;
    }
}
