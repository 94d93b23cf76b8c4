package io.prunesweep.perf;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Hand-run timing behind the graph zoo's default widths: one training epoch (batch 128, Adam) of each graph zoo
 * model on the first 20,000 Fashion-MNIST training images, wall clock and process CPU time (on a loaded machine
 * the CPU time divided by the native threads is the better estimate), after a warm-up of 10 minibatches; then
 * the validation accuracy after that epoch, so a width that trains badly shows too. Run with:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.prunesweep.perf.GraphZooEpoch [model[:w1,w2,..]...]}
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}.
 */
public final class GraphZooEpoch {
    private GraphZooEpoch() {
    }

    /** CPU time of the whole process (all threads, native ones included): wall time lies on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        DataSplits splits = DataCache.get(DataSource.idxDir(DataSource.FASHION_MNIST_DIR, 5000, 1)
                .withLimits(20_000, 0));
        List<String> models = args.length > 0 ? List.of(args) : GraphZoo.NAMES;
        for (String arg : models) {
            // NAME or NAME:w1,w2,... for other widths than the defaults
            String name = arg.split(":")[0];
            List<Integer> widths = arg.contains(":") ? java.util.Arrays.stream(arg.split(":")[1].split(","))
                    .map(Integer::valueOf).toList() : GraphZoo.DEFAULT_WIDTHS.get(name);
            ComputationGraph net = GraphZoo.build(name, InputSpec.image(1, 28, 28), 10, 1, 0.002, widths);
            DataSetIterator warm = splits.train().iterator(128, true, 2);
            for (int i = 0; i < 10 && warm.hasNext(); i++) {
                net.fit(warm.next());
            }
            net = GraphZoo.build(name, InputSpec.image(1, 28, 28), 10, 1, 0.002, widths);
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            net.fit(splits.train().iterator(128, true, 3));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            var eval = net.evaluate(splits.validation().iterator(500, false, 0));
            System.out.printf("%-10s widths %-14s params %7d  epoch on %d images: %6.1f s wall, %6.1f s CPU (process)"
                    + "  validation accuracy %.2f%%%n", name, widths, net.numParams(),
                    splits.train().size(), seconds, cpu, 100 * eval.accuracy());
        }
    }
}
