package io.prunesweep.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class SgemmTest {
    /** Row-major reference: a is [m×k] or, transposed, [k×m]; b is [k×n] or [n×k]. */
    private static float[] naive(Sgemm.Product p, float[] a, float[] b) {
        float[] c = new float[p.m() * p.n()];
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                double s = 0;
                for (int l = 0; l < p.k(); l++) {
                    float x = p.transA() ? a[l * p.m() + i] : a[i * p.k() + l];
                    float y = p.transB() ? b[j * p.k() + l] : b[l * p.n() + j];
                    s += x * y;
                }
                c[i * p.n() + j] = (float) s;
            }
        }
        return c;
    }

    private static float[] random(int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void cblasComputesEachTrainingProductWithItsLayout() {
        SplittableRandom r = new SplittableRandom(7);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Sgemm.Product p = new Sgemm.Product("t", 5, 7, 3, ta, tb);
                float[] a = random(5 * 7, r);
                float[] b = random(7 * 3, r);
                float[] c = new float[5 * 3];
                try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
                     FloatPointer pc = new FloatPointer(c.length)) {
                    Sgemm.multiply(p, pa, pb, pc);
                    pc.get(c);
                }
                assertArrayEquals(naive(p, a, b), c, 1e-5f, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @Test
    void theMlpsProductsAreForwardInputAndWeightGradientOfEveryLayer() {
        List<Sgemm.Product> ps = Sgemm.trainingProducts(ModelZoo.build("mlp", InputSpec.flat(784), 10, 1, 0.001), 128);
        assertEquals(9, ps.size());
        assertEquals(new Sgemm.Product("layer 0 forward", 128, 784, 300, false, false), ps.get(0));
        assertEquals(new Sgemm.Product("layer 0 input gradient", 128, 300, 784, false, true), ps.get(1));
        assertEquals(new Sgemm.Product("layer 0 weight gradient", 784, 128, 300, true, false), ps.get(2));
        assertEquals(new Sgemm.Product("layer 2 forward", 128, 100, 10, false, false), ps.get(6));
        // a Net.fit step skips exactly the first layer's input gradient
        assertEquals(List.of(ps.get(1)), ps.stream().filter(p -> !Sgemm.issuedByNetFit(p)).toList());
        // 6 FLOPs per weight and example: the training-rate formula's numerator
        assertEquals(6.0 * 128 * (784 * 300 + 300 * 100 + 100 * 10), ps.stream().mapToDouble(Sgemm.Product::flops).sum());
    }

    @Test
    void aConvolutionalModelHasNoDenseTrainingShapes() {
        assertThrows(IllegalArgumentException.class, () -> Sgemm.trainingProducts(
                ModelZoo.build("cnn", InputSpec.image(1, 28, 28), 10, 1, 0.001), 128));
    }

    @Test
    void theRateIsPositiveAndFinite() {
        double r = Sgemm.blasRate(new Sgemm.Product("t", 64, 64, 64, false, false), 0.05);
        assertTrue(r > 0 && Double.isFinite(r), "rate " + r);
    }
}
