package io.prunesweep.perf;

import io.prunesweep.bench.Sgemm;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.spec.Scope;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.sweep.ThreadPolicy;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the MLP's inference time goes against its FLOPs (RESULTS.md §4): for the dense LeNet-300-100 and its
 * neuron-shrunk forms, the median {@code output} time at batch 128 (as §4 times it) beside the time of the same
 * forward products through {@code cblas_sgemm} alone, so the difference is what the pass costs beyond its products
 * (bias, activations, softmax, DL4J's bookkeeping). With {@code loop} it then runs the 75 %-shrunk pass for the given
 * seconds, for a JFR recording of that part.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java @conf/jvm.options -cp "target/classes:target/test-classes:target/lib/*" \
 *     io.prunesweep.perf.MlpLatencyProbe [rounds] [loop seconds]
 * </pre>
 */
public final class MlpLatencyProbe {
    private MlpLatencyProbe() {
    }

    public static void main(String[] args) {
        ThreadPolicy.apply(1);
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double loop = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        InputSpec in = InputSpec.flat(784);
        MultiLayerNetwork dense = ModelZoo.build("mlp", in, 10, 3, 0.001);
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 784);
        double[] fractions = {0, 0.5, 0.75};
        MultiLayerNetwork[] nets = new MultiLayerNetwork[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            nets[i] = fractions[i] == 0 ? dense : Surgeon.shrink(dense, Pruner.plan(Net.of(dense),
                    new PruneSettings(CriterionKind.L2, Granularity.NEURON, Scope.LAYER, fractions[i], false, 1.0, 3),
                    new ScoringContext(Net.of(dense), 3, List.of())).removedUnits());
        }
        double[][] out = new double[fractions.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < nets.length; i++) {
                out[i][r] = LatencyMeter.measure(Net.of(nets[i]), x, 20, 201).medianMs();
            }
        }
        for (int i = 0; i < nets.length; i++) {
            List<Sgemm.Product> forward = Sgemm.trainingProducts(nets[i], 128).stream()
                    .filter(p -> p.name().endsWith("forward")).toList();
            double blasMs = 0;
            for (Sgemm.Product p : forward) {
                blasMs += p.flops() / (Sgemm.blasRate(p, 0.3) * 1e9) * 1e3;
            }
            double[] o = out[i].clone();
            java.util.Arrays.sort(o);
            double median = o[o.length / 2];
            System.out.printf(Locale.ROOT, "%.0f%% removed: output %.3f ms, forward products through cblas %.3f ms,"
                    + " the rest %.3f ms (%s)%n", 100 * fractions[i], median, blasMs, median - blasMs,
                    forward.stream().map(p -> p.m() + "x" + p.k() + "x" + p.n()).toList());
        }
        if (loop > 0) {
            Net shrunk = Net.of(nets[nets.length - 1]);
            long end = System.nanoTime() + (long) (loop * 1e9);
            long n = 0;
            while (System.nanoTime() < end) {
                shrunk.output(x);
                n++;
            }
            System.out.println("looped " + n + " passes of the 75 %-shrunk network");
        }
        System.exit(0);
    }
}
