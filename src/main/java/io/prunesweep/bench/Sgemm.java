package io.prunesweep.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's own matrix-multiply rate through ND4J's BLAS (OpenBLAS here), at given shapes, on the
 * calling thread's share of native threads. This is the physical yardstick for training throughput.
 * {@link #main} runs a timed loop and prints the rate, so several processes can run it at once to measure
 * how the machine itself scales.
 */
public final class Sgemm {
    private Sgemm() {
    }

    /**
     * GFLOP/s of {@code [m×k]·[k×n]} float multiplies, repeated for about {@code seconds}.
     */
    public static double rate(int m, int k, int n, double seconds) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        for (int i = 0; i < 20; i++) {
            a.mmuli(b, c);
        }
        long iters = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 10; i++) {
                a.mmuli(b, c);
            }
            iters += 10;
            now = System.nanoTime();
        } while (now < end);
        return 2.0 * m * k * n * iters / ((now - t0) / 1e9) / 1e9;
    }

    /**
     * The rate of one LeNet-300-100 training step's multiplies at minibatch {@code batch}: the forward
     * products and the two backward products per layer, weighted by their FLOPs.
     */
    public static double mlpStepRate(int batch, double seconds) {
        int[][] layers = {{784, 300}, {300, 100}, {100, 10}};
        double flops = 0;
        double time = 0;
        for (int[] l : layers) {
            // forward x·W [b×in]·[in×out]; backward δ·Wᵀ [b×out]·[out×in]; gradient xᵀ·δ [in×b]·[b×out]
            int[][] shapes = {{batch, l[0], l[1]}, {batch, l[1], l[0]}, {l[0], batch, l[1]}};
            for (int[] s : shapes) {
                double f = 2.0 * s[0] * s[1] * s[2];
                double r = rate(s[0], s[1], s[2], seconds / 9);
                flops += f;
                time += f / (r * 1e9);
            }
        }
        return flops / time / 1e9;
    }

    /** Prints the rate of a timed sgemm loop: {@code Sgemm <seconds> [m k n]}. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int m = args.length > 3 ? Integer.parseInt(args[1]) : 128;
        int k = args.length > 3 ? Integer.parseInt(args[2]) : 784;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        System.out.println("GFLOPS " + rate(m, k, n, seconds));
    }
}
