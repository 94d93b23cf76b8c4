package io.prunesweep.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native non-zero count against a plain Java count over the same values, on the arrays it is given
 * in practice (strided parameter views of a network's flat buffer, in both orders) and on the values that
 * decide the definition: -0.0 is zero, NaN and the smallest subnormal are not.
 */
class ParamArraysTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f};

    private static long javaCount(INDArray a) {
        long n = 0;
        for (double v : a.dup('c').data().asDouble()) {
            if (v != 0.0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void countsLikeJavaOnViewsAndSpecialValues() {
        SplittableRandom r = new SplittableRandom(4);
        MultiLayerNetwork net = TestNets.mlp();
        INDArray flat = net.params();
        for (int i = 0; i < flat.length(); i++) {
            flat.putScalar(i, r.nextBoolean() ? 0f : SPECIAL[r.nextInt(SPECIAL.length)]);
        }
        long total = 0;
        for (Layer l : net.getLayers()) {
            for (INDArray p : l.paramTable().values()) {
                assertEquals(javaCount(p), ParamArrays.nonzero(p), p.shapeInfoToString());
                total += ParamArrays.nonzero(p);
            }
        }
        assertEquals(javaCount(flat), total);

        for (char order : new char[] {'c', 'f'}) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray a = Nd4j.create(type, new long[] {7, 9}, order);
                for (int i = 0; i < 63; i++) {
                    a.putScalar(i, SPECIAL[r.nextInt(SPECIAL.length)]);
                }
                INDArray view = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 6),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8));
                assertEquals(javaCount(a), ParamArrays.nonzero(a), order + " " + type);
                assertEquals(javaCount(view), ParamArrays.nonzero(view), "view " + order + " " + type);
            }
        }
        assertEquals(0, ParamArrays.nonzero(Nd4j.createFromArray(-0f, 0f, -0f)));
        assertEquals(2, ParamArrays.nonzero(Nd4j.createFromArray(Float.NaN, 0f, Float.MIN_VALUE)));
    }
}
