package io.prunesweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's own single-precision matrix-multiply rate: {@code cblas_sgemm} of the OpenBLAS bundled
 * through JavaCPP (the library ND4J itself loads), called directly on preallocated buffers with OpenBLAS
 * set to one thread. This is the physical yardstick for training throughput; ND4J's {@code mmul} on the
 * same shapes is measured too, to show what ND4J's own call path costs. {@link #main} runs a timed loop
 * and prints the rate, so several processes can run it at once to measure how the machine itself scales.
 */
public final class Sgemm {
    private Sgemm() {
    }

    /**
     * One matrix product {@code C[m×n] = op(A)·op(B)} with inner dimension {@code k}, row-major.
     *
     * @param name    what it is in training (e.g. "layer 0 forward")
     * @param transA  A is stored {@code [k×m]} and used transposed
     * @param transB  B is stored {@code [n×k]} and used transposed
     */
    public record Product(String name, int m, int k, int n, boolean transA, boolean transB) {
        public Product {
            if (m < 1 || k < 1 || n < 1) {
                throw new IllegalArgumentException(name + ": dimensions must be >= 1, got " + m + "×" + k + "×" + n);
            }
        }

        /** 2·m·k·n. */
        public double flops() {
            return 2.0 * m * k * n;
        }
    }

    /**
     * The products of one training step of a network of dense layers at minibatch {@code batch}, as DL4J
     * computes them: per layer with weights {@code W[in×out]}, the forward {@code X·W} ({@code B×in·in×out}),
     * the input gradient {@code δ·Wᵀ} ({@code B×out·out×in}) and the weight gradient {@code Xᵀ·δ}
     * ({@code in×B·B×out}).
     *
     * @throws IllegalArgumentException when a layer is not a feed-forward (dense or output) layer
     */
    public static List<Product> trainingProducts(MultiLayerNetwork net, int batch) {
        List<Product> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!(net.getLayer(i).conf().getLayer() instanceof FeedForwardLayer f)
                    || net.getLayer(i).getParam("W") == null || net.getLayer(i).getParam("W").rank() != 2) {
                throw new IllegalArgumentException("layer " + i + " is not a dense layer: "
                        + net.getLayer(i).conf().getLayer().getClass().getSimpleName());
            }
            int in = (int) f.getNIn();
            int o = (int) f.getNOut();
            out.add(new Product("layer " + i + " forward", batch, in, o, false, false));
            out.add(new Product("layer " + i + " input gradient", batch, o, in, false, true));
            out.add(new Product("layer " + i + " weight gradient", in, batch, o, true, false));
        }
        return out;
    }

    /**
     * Whether a training step through {@code Net.fit} issues {@code p}: every product of
     * {@link #trainingProducts} but the first layer's input gradient, which it skips ({@code model.InputGradient}).
     */
    public static boolean issuedByNetFit(Product p) {
        return !p.name().equals("layer 0 input gradient");
    }

    /** GFLOP/s of {@code cblas_sgemm} on one product, one OpenBLAS thread, repeated for about {@code seconds}. */
    public static double blasRate(Product p, double seconds) {
        openblas_nolapack.blas_set_num_threads(1);
        SplittableRandom rnd = new SplittableRandom(1);
        try (FloatPointer a = filled((long) p.m() * p.k(), rnd);
             FloatPointer b = filled((long) p.k() * p.n(), rnd);
             FloatPointer c = new FloatPointer((long) p.m() * p.n())) {
            Runnable call = () -> multiply(p, a, b, c);
            return timed(call, p.flops(), seconds);
        }
    }

    /** {@code c = op(a)·op(b)} through {@code cblas_sgemm}, row-major, with the product's layout. */
    public static void multiply(Product p, FloatPointer a, FloatPointer b, FloatPointer c) {
        int ta = p.transA() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = p.transB() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int lda = p.transA() ? p.m() : p.k();
        int ldb = p.transB() ? p.k() : p.n();
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, p.m(), p.n(), p.k(), 1f, a, lda, b, ldb,
                0f, c, p.n());
    }

    /** GFLOP/s of ND4J's {@code mmuli} into a preallocated result, same shape as {@code cblas_sgemm} above. */
    public static double nd4jRate(Product p, double seconds) {
        INDArray a = Nd4j.rand(DataType.FLOAT, p.transA() ? new long[] {p.k(), p.m()} : new long[] {p.m(), p.k()});
        INDArray b = Nd4j.rand(DataType.FLOAT, p.transB() ? new long[] {p.n(), p.k()} : new long[] {p.k(), p.n()});
        INDArray opA = p.transA() ? a.transpose() : a;
        INDArray opB = p.transB() ? b.transpose() : b;
        INDArray c = Nd4j.create(DataType.FLOAT, p.m(), p.n());
        return timed(() -> opA.mmuli(opB, c), p.flops(), seconds);
    }

    /**
     * The FLOP-weighted mean rate over {@code products}: total FLOPs over total time, each product timed
     * for {@code seconds / products.size()} with {@code cblas_sgemm}.
     */
    public static double blasRate(List<Product> products, double seconds) {
        double flops = 0;
        double time = 0;
        for (Product p : products) {
            double r = blasRate(p, seconds / products.size());
            flops += p.flops();
            time += p.flops() / (r * 1e9);
        }
        return flops / time / 1e9;
    }

    /** The FLOP-weighted mean rate of ND4J's {@code mmuli} over {@code products}, like {@link #blasRate(List, double)}. */
    public static double nd4jRate(List<Product> products, double seconds) {
        double flops = 0;
        double time = 0;
        for (Product p : products) {
            double r = nd4jRate(p, seconds / products.size());
            flops += p.flops();
            time += p.flops() / (r * 1e9);
        }
        return flops / time / 1e9;
    }

    private static FloatPointer filled(long n, SplittableRandom rnd) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return new FloatPointer(v);
    }

    private static double timed(Runnable call, double flopsPerCall, double seconds) {
        for (int i = 0; i < 20; i++) {
            call.run();
        }
        long iters = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 10; i++) {
                call.run();
            }
            iters += 10;
            now = System.nanoTime();
        } while (now < end);
        return flopsPerCall * iters / ((now - t0) / 1e9) / 1e9;
    }

    /** The OpenBLAS version string of the bundled library. */
    public static String blasVersion() {
        return openblas_nolapack.OPENBLAS_VERSION.trim();
    }

    /** Prints the {@code cblas_sgemm} rate of a timed loop: {@code Sgemm <seconds> [m k n]}. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int m = args.length > 3 ? Integer.parseInt(args[1]) : 128;
        int k = args.length > 3 ? Integer.parseInt(args[2]) : 784;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        System.out.println("GFLOPS " + blasRate(new Product("main", m, k, n, false, false), seconds));
    }
}
