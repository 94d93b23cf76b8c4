package io.prunesweep.bench;

import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.prune.PrunePlan;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.Pruner;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense versus physically shrunk networks: does removing a fraction of the neurons/channels cut latency as
 * much as it cuts FLOPs? Dense and shrunk are timed interleaved, several rounds, medians.
 */
public final class StructuredSpeedup {
    private StructuredSpeedup() {
    }

    /**
     * One measured point.
     *
     * @param model        mlp or cnn
     * @param removed      fraction of neurons/channels removed per layer
     * @param flopRatio    shrunk / dense FLOPs
     * @param latencyRatio shrunk / dense median latency
     * @param denseMs      dense median latency per batch
     * @param shrunkMs     shrunk median latency per batch
     */
    public record Point(String model, double removed, double flopRatio, double latencyRatio, double denseMs,
                        double shrunkMs) {
    }

    /** Measures MLP (neurons) and CNN (channels) at the given removal fractions. */
    public static List<Point> measure(double[] fractions, int batch, int rounds) {
        List<Point> out = new ArrayList<>();
        for (String model : List.of("mlp", "cnn")) {
            InputSpec in = model.equals("mlp") ? InputSpec.flat(784) : InputSpec.image(1, 28, 28);
            MultiLayerNetwork dense = ModelZoo.build(model, in, 10, 3, 0.001);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, 784);
            for (double f : fractions) {
                Granularity g = model.equals("mlp") ? Granularity.NEURON : Granularity.CHANNEL;
                PrunePlan plan = Pruner.plan(dense, new PruneSettings(CriterionKind.L2, g, Scope.LAYER, f, false,
                        1.0, 3), new ScoringContext(dense, 3, List.of()));
                MultiLayerNetwork shrunk = Surgeon.shrink(dense, plan.removedUnits());
                double flopRatio = (double) FlopCounter.count(shrunk, in.inputType()).dense()
                        / FlopCounter.count(dense, in.inputType()).dense();
                double[] d = new double[rounds];
                double[] s = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    d[r] = LatencyMeter.measure(dense, x, 3, 15).medianMs();
                    s[r] = LatencyMeter.measure(shrunk, x, 3, 15).medianMs();
                }
                double dm = Stats.median(d);
                double sm = Stats.median(s);
                out.add(new Point(model, f, flopRatio, sm / dm, dm, sm));
            }
        }
        return out;
    }
}
