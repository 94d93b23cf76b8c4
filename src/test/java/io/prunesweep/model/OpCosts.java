package io.prunesweep.model;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Hand-run timings behind bench/NOTES.md's statements on FastAdam and the minibatch buffers (a reproduction, not a
 * test): microseconds per call, medians of interleaved rounds, one native thread, of
 * <ul>
 *   <li>libnd4j's {@code adam_updater} op (DL4J's {@code Adam}), {@link FastAdamUpdater} and one element-wise
 *       multiply, each over the LeNet-300-100's 266,610 parameters;</li>
 *   <li>{@code Nd4j.createUninitialized} of 10,000 and 100,000 floats (what a fresh minibatch array costs);</li>
 *   <li>ReLU into a new array by the op, and DL4J's way: a copy, then the op in place.</li>
 * </ul>
 * Run after {@code mvn -B -q -DskipTests package test-compile}:
 * {@code OMP_NUM_THREADS=1 java -cp "target/classes:target/test-classes:target/lib/*" io.prunesweep.model.OpCosts [rounds]}.
 */
public final class OpCosts {
    private OpCosts() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        openblas_nolapack.blas_set_num_threads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        int n = 266_610;
        INDArray g = Nd4j.randn(DataType.FLOAT, 1, n).muli(0.01);
        INDArray other = Nd4j.rand(DataType.FLOAT, 1, n);
        INDArray product = Nd4j.create(DataType.FLOAT, 1, n);
        GradientUpdater<?> op = new Adam(0.001).instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * n), true);
        GradientUpdater<?> fast = FastAdam.of(new Adam(0.001)).instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * n), true);
        INDArray z = Nd4j.randn(DataType.FLOAT, 128, 300);
        INDArray out = Nd4j.create(DataType.FLOAT, 128, 300);
        String[] names = {"adam_updater op, 266,610 floats", "FastAdamUpdater, 266,610 floats",
            "element-wise multiply, 266,610 floats", "createUninitialized, 10,000 floats",
            "createUninitialized, 100,000 floats", "relu op into a new array, 128x300",
            "copy then relu op in place (DL4J), 128x300"};
        Runnable[] calls = {
            () -> op.applyUpdater(g, 1, 0),
            () -> fast.applyUpdater(g, 1, 0),
            () -> Nd4j.exec(new MulOp(other, other, product)),
            () -> Nd4j.createUninitialized(DataType.FLOAT, 10_000),
            () -> Nd4j.createUninitialized(DataType.FLOAT, 100_000),
            () -> Nd4j.exec(new RectifiedLinear(z, out, 0.0)),
            () -> {
                INDArray c = z.dup();
                Nd4j.exec(new RectifiedLinear(c, c, 0.0));
            }};
        double[][] us = new double[calls.length][rounds];
        for (int r = -1; r < rounds; r++) {
            for (int c = 0; c < calls.length; c++) {
                int reps = 100;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    calls[c].run();
                }
                if (r >= 0) {
                    us[c][r] = (System.nanoTime() - t0) / 1e3 / reps;
                }
                g.assign(other).muli(0.01);
            }
        }
        for (int c = 0; c < calls.length; c++) {
            double[] s = us[c].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%-45s %10.1f us%n", names[c], s[s.length / 2]);
        }
    }
}
