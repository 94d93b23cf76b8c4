package io.prunesweep.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.CountNonZero;
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
        // one native reduction over the view (any order, strides, offset); copying every parameter out
        // as a double[] cost a twentieth of a tiny candidate's time, as it runs three times per candidate.
        // The op counts x != 0, so -0.0 is zero and NaN is not, as documented.
        return Nd4j.getExecutioner().exec(new CountNonZero(array)).getLong(0);
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
