package io.prunesweep.perf;

import io.prunesweep.bench.Sgemm;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import io.prunesweep.prune.FineTuner;
import io.prunesweep.prune.MaskSet;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Minimal reproduction of what bounds a DL4J training step of LeNet-300-100 (Adam, batch 128, float, one
 * thread) against {@code cblas_sgemm}: one {@code Net.fit(DataSet)} of the zoo MLP (FastDense, FastOutput, FastAdam;
 * the first layer's unused input gradient skipped) and one DL4J {@code fit(DataSet)} of the same network with DL4J's
 * own {@code DenseLayer}, {@code OutputLayer} and {@code Adam}, on a fixed random minibatch, no pruning, no
 * listeners, no iterator, compared in the same process with the matrix products it stands for.
 *
 * <ol>
 *   <li>Counts the native ops one step issues (ND4J's op profiler) and shows how many are matrix products:
 *       DL4J's dense and output layers compute their forward product again in {@code backpropGradient}
 *       ({@code BaseLayer.preOutputWithPreNorm(true, true, …)}), so a step runs four products per layer where
 *       training needs three.</li>
 *   <li>Times as CPU time of the calling thread, interleaved over rounds so that load on a shared machine
 *       hits all alike: the DL4J step; the
 *       nine products of the yardstick through {@code cblas_sgemm} ({@link Sgemm#trainingProducts}); and the
 *       same plus the three recomputed forward products. Their ratios are the step's share of the cblas rate
 *       and the ceiling that the recomputation alone leaves.</li>
 * </ol>
 *
 * <p>Run after {@code mvn -B -DskipTests test-compile dependency:copy-dependencies} (the build's
 * {@code target/lib}):
 * {@code OMP_NUM_THREADS=1 java -cp "target/classes:target/test-classes:target/lib/*" io.prunesweep.perf.DenseStepRepro [rounds]}.
 */
public final class DenseStepRepro {
    private static final int BATCH = 128;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DenseStepRepro() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        openblas_nolapack.blas_set_num_threads(1);
        MultiLayerNetwork net = ModelZoo.build("mlp", InputSpec.flat(784), 10, 1, 0.001);
        MultiLayerNetwork dl4j = withDl4jLayers(net);
        DataSet batch = randomBatch(new SplittableRandom(7));

        for (int i = 0; i < 50; i++) {
            Net.of(net).fit(batch);
            dl4j.fit(batch);
        }
        System.out.println("zoo MLP (FastDense, FastAdam; their BLAS calls are not ND4J ops):");
        countOps(net, batch);
        System.out.println("the same MLP with DL4J's DenseLayer and Adam:");
        countOps(dl4j, batch);

        List<Sgemm.Product> yardstick = Sgemm.trainingProducts(net, BATCH);
        List<Sgemm.Product> issued = new ArrayList<>(yardstick);
        for (Sgemm.Product p : yardstick) {
            if (p.name().endsWith("forward")) {
                issued.add(new Sgemm.Product(p.name() + " again in backprop", p.m(), p.k(), p.n(), false, false));
            }
        }
        Blas nine = new Blas(yardstick);
        // what a Net.fit step of the zoo MLP issues: the first layer's input gradient is skipped
        Blas eight = new Blas(yardstick.stream().filter(Sgemm::issuedByNetFit).toList());
        Blas twelve = new Blas(issued);
        Runnable nd4j = dl4jProducts(net);
        // the same network pruned to 90 % and stepped through FineTuner with the mask held, as a candidate does
        MultiLayerNetwork pruned = ModelZoo.build("mlp", InputSpec.flat(784), 10, 1, 0.001);
        MaskSet masks = Pruner.plan(Net.of(pruned), new PruneSettings(CriterionKind.MAGNITUDE, Granularity.ELEMENT, Scope.LAYER,
                0.9, false, 0.99, 1), new ScoringContext(Net.of(pruned), 1, List.of())).masks();
        List<DataSet> forty = java.util.Collections.nCopies(40, batch);
        FineTuner.fineTune(Net.of(pruned), new ExistingDataSetIterator(forty), 1, 0.001, masks);
        double[] step = new double[rounds];
        double[] dl4jStep = new double[rounds];
        double[] blas9 = new double[rounds];
        double[] blas8 = new double[rounds];
        double[] blas12 = new double[rounds];
        double[] nd12 = new double[rounds];
        double[] tuned = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            step[r] = perCall(() -> Net.of(net).fit(batch), 40);
            dl4jStep[r] = perCall(() -> dl4j.fit(batch), 40);
            blas9[r] = perCall(nine::run, 40);
            blas8[r] = perCall(eight::run, 40);
            blas12[r] = perCall(twelve::run, 40);
            nd12[r] = perCall(nd4j, 40);
            tuned[r] = perCall(() -> FineTuner.fineTune(Net.of(pruned), new ExistingDataSetIterator(forty), 1, 0.001, masks), 1)
                    / forty.size();
        }
        double s = median(step);
        double b9 = median(blas9);
        double b8 = median(blas8);
        double b12 = median(blas12);
        double n12 = median(nd12);
        double t = median(tuned);
        double weights = 784.0 * 300 + 300.0 * 100 + 100.0 * 10;
        System.out.printf(Locale.ROOT, "%nmedians over %d interleaved rounds, CPU ms of this thread per step (batch %d):%n", rounds, BATCH);
        double d = median(dl4jStep);
        System.out.printf(Locale.ROOT, "  zoo MLP Net.fit(DataSet)                   %7.3f  (%.1f GFLOP/s of training)%n", s,
                6 * weights * BATCH / s / 1e6);
        System.out.printf(Locale.ROOT, "  DL4J's DenseLayer and Adam, fit(DataSet)   %7.3f  (%.1f GFLOP/s; share of the cblas rate %.0f %%)%n",
                d, 6 * weights * BATCH / d / 1e6, 100 * b9 / d);
        System.out.printf(Locale.ROOT, "  FineTuner step, 90 %% mask held            %7.3f  (share of the cblas rate %.0f %%)%n",
                t, 100 * b9 / t);
        System.out.printf(Locale.ROOT, "  cblas_sgemm, the 9 products training needs %5.3f  (%.1f GFLOP/s)%n", b9,
                6 * weights * BATCH / b9 / 1e6);
        System.out.printf(Locale.ROOT, "  cblas_sgemm, the 12 products DL4J issues   %5.3f%n", b12);
        System.out.printf(Locale.ROOT, "  ND4J, the same 12 products in DL4J's array orders %5.3f%n", n12);
        System.out.printf(Locale.ROOT, "  zoo step's share of the cblas rate: %.0f %% (= 9-product time / step time)%n",
                100 * b9 / s);
        System.out.printf(Locale.ROOT, "  DL4J's layers: ceiling from the recomputed forward alone: %.0f %% (= 9-product / 12-product time)%n",
                100 * b9 / b12);
        System.out.printf(Locale.ROOT, "  DL4J's layers: ND4J's products against cblas_sgemm's: %.2fx the time%n", n12 / b12);
        System.out.printf(Locale.ROOT, "  DL4J's layers: step time outside ND4J's 12 products: %.0f %% of the step%n",
                100 * (d - n12) / d);
        System.out.printf(Locale.ROOT, "  cblas_sgemm, the 8 products a Net.fit step issues %5.3f%n", b8);
        System.out.printf(Locale.ROOT, "  zoo MLP: step time outside the 8 products it issues, at the cblas rate: %.0f %% of the step%n",
                100 * (s - b8) / s);
        nine.close();
        eight.close();
        twelve.close();
    }

    /**
     * The zoo MLP as it was before {@link io.prunesweep.model.FastDense}, {@link io.prunesweep.model.FastOutput} and
     * {@link io.prunesweep.model.FastAdam}: the same configuration and weights with DL4J's own {@code DenseLayer},
     * {@code OutputLayer} and {@code Adam}.
     */
    static MultiLayerNetwork withDl4jLayers(MultiLayerNetwork net) {
        String json = net.getLayerWiseConfigurations().toJson()
                .replace(io.prunesweep.model.FastDense.class.getName(),
                        org.deeplearning4j.nn.conf.layers.DenseLayer.class.getName())
                .replace(io.prunesweep.model.FastOutput.class.getName(),
                        org.deeplearning4j.nn.conf.layers.OutputLayer.class.getName())
                .replace(io.prunesweep.model.FastAdam.class.getName(),
                        org.nd4j.linalg.learning.config.Adam.class.getName());
        MultiLayerNetwork copy = new MultiLayerNetwork(
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json));
        copy.init(net.params().dup(), false);
        return copy;
    }

    /**
     * The twelve products of a step as DL4J issues them to ND4J, with DL4J's array orders: per layer the
     * forward {@code input·W} into a C-order activation (twice: forward pass and backprop), the input gradient
     * {@code W·δᵀ} into an F-order array, and the weight gradient {@code Nd4j.gemm(input, δ, dW, true, false)}
     * into the F-order gradient view. Inputs and deltas are C-order minibatch arrays, weights F-order, as DL4J
     * keeps them.
     */
    private static Runnable dl4jProducts(MultiLayerNetwork net) {
        List<Runnable> calls = new ArrayList<>();
        for (Sgemm.Product p : Sgemm.trainingProducts(net, BATCH)) {
            if (!p.name().endsWith("forward")) {
                continue;
            }
            int in = p.k();
            int out = p.n();
            INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, in);
            INDArray w = Nd4j.rand(DataType.FLOAT, in, out).dup('f');
            INDArray z = Nd4j.create(DataType.FLOAT, BATCH, out);
            INDArray delta = Nd4j.rand(DataType.FLOAT, BATCH, out);
            INDArray eps = Nd4j.create(DataType.FLOAT, new long[] {in, BATCH}, 'f');
            INDArray dw = Nd4j.create(DataType.FLOAT, new long[] {in, out}, 'f');
            calls.add(() -> x.mmuli(w, z));
            calls.add(() -> x.mmuli(w, z));
            calls.add(() -> w.mmuli(delta.transpose(), eps));
            calls.add(() -> Nd4j.gemm(x, delta, dw, true, false, 1.0, 0.0));
        }
        return () -> calls.forEach(Runnable::run);
    }

    /** Prints the ops of one step as ND4J's profiler counts them, products first. */
    private static void countOps(MultiLayerNetwork net, DataSet batch) {
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        net.fit(batch);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        long matmul = OpProfiler.getInstance().getOpCounter().getCount("matmul")
                + OpProfiler.getInstance().getOpCounter().getCount("mmul");
        System.out.printf(Locale.ROOT, "one step: %d native ops, %d matrix products (training needs %d)%n",
                OpProfiler.getInstance().getInvocationsCount(), matmul, 3 * net.getnLayers());
        System.out.println(OpProfiler.getInstance().getOpCounter().asString());
        OpProfiler.getInstance().reset();
    }

    private static DataSet randomBatch(SplittableRandom r) {
        float[] x = new float[BATCH * 784];
        float[] y = new float[BATCH * 10];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = (float) r.nextDouble();
            }
            y[i * 10 + r.nextInt(10)] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[] {BATCH, 784}, DataType.FLOAT),
                Nd4j.create(y, new long[] {BATCH, 10}, DataType.FLOAT));
    }

    /**
     * Milliseconds of this thread's CPU time per call: time spent waiting for a core that other processes
     * hold is not counted, so a loaded machine distorts the ratios less than wall time would.
     */
    private static double perCall(Runnable r, int calls) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / calls;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Preallocated operands for a list of products, multiplied one after the other by {@code cblas_sgemm}. */
    private static final class Blas implements AutoCloseable {
        private final List<Sgemm.Product> products;
        private final List<FloatPointer[]> buffers = new ArrayList<>();

        Blas(List<Sgemm.Product> products) {
            this.products = products;
            SplittableRandom r = new SplittableRandom(3);
            for (Sgemm.Product p : products) {
                buffers.add(new FloatPointer[] {filled((long) p.m() * p.k(), r), filled((long) p.k() * p.n(), r),
                    new FloatPointer((long) p.m() * p.n())});
            }
        }

        void run() {
            for (int i = 0; i < products.size(); i++) {
                FloatPointer[] b = buffers.get(i);
                Sgemm.multiply(products.get(i), b[0], b[1], b[2]);
            }
        }

        private static FloatPointer filled(long n, SplittableRandom r) {
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextDouble(-1, 1);
            }
            return new FloatPointer(v);
        }

        @Override
        public void close() {
            buffers.forEach(b -> Arrays.stream(b).forEach(FloatPointer::close));
        }
    }
}
