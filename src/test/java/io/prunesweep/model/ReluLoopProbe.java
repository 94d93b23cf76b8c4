package io.prunesweep.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times ReLU's forward and backward passes three ways at LeNet-300-100's dense and shrunk widths (batch 128):
 * libnd4j's ops, a Java loop that selects with a comparison (what {@link FastDenseLayer} ran before
 * {@link ReluLoops}) and {@link ReluLoops}; standard normal inputs, so about half are negative. Medians over
 * rounds of 2,000 calls, µs per call, warm caches.
 *
 * <p>{@code OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*"
 * io.prunesweep.model.ReluLoopProbe [rounds]}
 */
public final class ReluLoopProbe {
    private static final int CALLS = 2000;

    private ReluLoopProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        float[] c1 = new float[FloatViews.CHUNK];
        float[] c2 = new float[FloatViews.CHUNK];
        System.out.println("| width | relu op | relu select loop | ReluLoops.forward | relu_bp op | relu_bp select loop"
                + " | ReluLoops.backward |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int w : new int[] {300, 100, 75, 25}) {
            Nd4j.getRandom().setSeed(w);
            INDArray z = Nd4j.randn(DataType.FLOAT, 128, w);
            INDArray eps = Nd4j.randn(DataType.FLOAT, 128, w);
            INDArray out = Nd4j.create(DataType.FLOAT, 128, w);
            INDArray work = z.dup();
            Runnable[] ways = {
                () -> Nd4j.exec(new RectifiedLinear(z, out, 0.0)),
                () -> selectForward(z, out, c1),
                () -> ReluLoops.forward(z, out, c1),
                () -> Nd4j.exec(new RectifiedLinearDerivative(z, eps, out, 0.0)),
                () -> {
                    work.assign(z);
                    selectBackward(work, eps, c1, c2);
                },
                () -> {
                    work.assign(z);
                    ReluLoops.backward(work, eps, c1, c2);
                }};
            double[][] us = new double[ways.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < ways.length; k++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        ways[k].run();
                    }
                    us[k][r] = (System.nanoTime() - t0) / 1e3 / CALLS;
                }
            }
            StringBuilder row = new StringBuilder("| 128×" + w + " |");
            for (double[] u : us) {
                Arrays.sort(u);
                row.append(String.format(Locale.ROOT, " %.1f |", u[u.length / 2]));
            }
            System.out.println(row);
        }
        System.out.println("(the backward loops include a copy of z into the array they overwrite, "
                + "timed alike for both loops)");
    }

    private static void selectForward(INDArray z, INDArray a, float[] chunk) {
        FloatBuffer zb = FloatViews.floats(z);
        FloatBuffer ab = FloatViews.floats(a);
        int n = (int) z.length();
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            zb.get(off, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                chunk[i] = chunk[i] < 0f ? 0f : chunk[i];
            }
            ab.put(off, chunk, 0, len);
        }
    }

    private static void selectBackward(INDArray z, INDArray eps, float[] zc, float[] ec) {
        FloatBuffer zb = FloatViews.floats(z);
        FloatBuffer eb = FloatViews.floats(eps);
        int n = (int) z.length();
        for (int off = 0; off < n; off += zc.length) {
            int len = Math.min(zc.length, n - off);
            zb.get(off, zc, 0, len);
            eb.get(off, ec, 0, len);
            for (int i = 0; i < len; i++) {
                zc[i] = zc[i] > 0f ? ec[i] : 0f;
            }
            zb.put(off, zc, 0, len);
        }
    }
}
