package io.prunesweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ReluLoops} gives libnd4j's relu and relu_bp values (zeros compared as numbers, so {@code -0 == +0}), at the
 * edges of the float range too, over arrays longer than one chunk, and lets NaN through.
 */
class ReluLoopsTest {
    private static final float[] Z = {Float.MIN_VALUE, -Float.MIN_VALUE, 0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, -1e-30f};
    private static final float[] EPS = {2f, 2f, 2f, 2f, 3f, -3f, 4f, 4f, 5f, -5f, -6f, -6f};
    private static final float[] GRAD = {2f, 0f, 0f, 0f, 3f, 0f, 4f, 0f, 5f, 0f, -6f, 0f};
    private static final float[] RELU = {Float.MIN_VALUE, 0f, 0f, 0f, 1f, 0f, Float.POSITIVE_INFINITY, 0f,
        Float.MAX_VALUE, 0f, 1e-30f, 0f};

    @Test
    void edgesOfTheFloatRange() {
        INDArray z = Nd4j.createFromArray(Z);
        INDArray a = Nd4j.create(DataType.FLOAT, Z.length);
        ReluLoops.forward(z, a, new float[5]);
        float[] relu = a.toFloatVector();
        INDArray grad = z.dup();
        ReluLoops.backward(grad, Nd4j.createFromArray(EPS), new float[5], new float[5]);
        float[] g = grad.toFloatVector();
        for (int i = 0; i < Z.length; i++) {
            assertTrue(RELU[i] == relu[i], "relu(" + Z[i] + ") = " + relu[i]);
            assertTrue(GRAD[i] == g[i], "relu'(" + Z[i] + ") * " + EPS[i] + " = " + g[i]);
        }
    }

    @Test
    void nanPassesThrough() {
        INDArray z = Nd4j.createFromArray(Float.NaN, 1f, -1f);
        INDArray a = Nd4j.create(DataType.FLOAT, 3);
        ReluLoops.forward(z, a, new float[2]);
        assertTrue(Float.isNaN(a.getFloat(0)), "relu(NaN)");
        INDArray grad = z.dup();
        ReluLoops.backward(grad, Nd4j.createFromArray(1f, Float.NaN, 1f), new float[2], new float[2]);
        assertTrue(Float.isNaN(grad.getFloat(0)), "NaN pre-activation");
        assertTrue(Float.isNaN(grad.getFloat(1)), "NaN gradient where z > 0");
        assertEquals(0f, grad.getFloat(2), "z < 0");
    }

    @Test
    void equalToLibnd4jOnATrainingStepsShape() {
        Nd4j.getRandom().setSeed(42);
        INDArray z = Nd4j.randn(DataType.FLOAT, 128, 300);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 128, 300);
        INDArray a = Nd4j.create(DataType.FLOAT, 128, 300);
        ReluLoops.forward(z, a, new float[FloatViews.CHUNK]);
        INDArray op = Nd4j.create(DataType.FLOAT, 128, 300);
        Nd4j.exec(new RectifiedLinear(z, op, 0.0));
        assertNumericallyEqual(op, a, "relu");
        INDArray grad = z.dup();
        ReluLoops.backward(grad, eps, new float[FloatViews.CHUNK], new float[FloatViews.CHUNK]);
        INDArray opGrad = Nd4j.create(DataType.FLOAT, 128, 300);
        Nd4j.exec(new RectifiedLinearDerivative(z, eps, opGrad, 0.0));
        assertNumericallyEqual(opGrad, grad, "relu_bp");
    }

    private static void assertNumericallyEqual(INDArray expected, INDArray actual, String what) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        assertEquals(e.length, a.length, what);
        int zeros = 0;
        for (int i = 0; i < e.length; i++) {
            assertTrue(e[i] == a[i], what + " element " + i + ": " + a[i] + " vs libnd4j's " + e[i]);
            zeros += e[i] == 0f ? 1 : 0;
        }
        assertTrue(zeros > e.length / 4 && zeros < 3 * e.length / 4, what + ": " + zeros + " zeros");
    }
}
