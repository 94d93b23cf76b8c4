package io.prunesweep.bench;

import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelZoo;
import io.prunesweep.model.Net;
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
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
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
                PrunePlan plan = Pruner.plan(Net.of(dense), new PruneSettings(CriterionKind.L2, g, Scope.LAYER, f, false,
                        1.0, 3), new ScoringContext(Net.of(dense), 3, List.of()));
                MultiLayerNetwork shrunk = Surgeon.shrink(dense, plan.removedUnits());
                double flopRatio = (double) FlopCounter.count(Net.of(shrunk), in.inputType()).dense()
                        / FlopCounter.count(Net.of(dense), in.inputType()).dense();
                double[] d = new double[rounds];
                double[] s = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    d[r] = LatencyMeter.measure(Net.of(dense), x, 3, 15).medianMs();
                    s[r] = LatencyMeter.measure(Net.of(shrunk), x, 3, 15).medianMs();
                }
                double dm = Stats.median(d);
                double sm = Stats.median(s);
                out.add(new Point(model, f, flopRatio, sm / dm, dm, sm));
            }
        }
        return out;
    }

    /**
     * Time of the LeNet-5 convolutions through DL4J's {@code ConvolutionLayer} versus libnd4j's
     * {@code conv2d} op called directly on the same shapes: {layer ms, op ms} for conv1 and conv2.
     */
    public static double[][] convPaths(int batch, int runs) {
        // the zoo CNN as it was: its layers are DL4J's ConvolutionLayer, the one this compares with the op
        MultiLayerNetwork net = ModelZoo.buildCnnWithDl4jConvolutions(InputSpec.image(1, 28, 28), 10, 3, 0.001);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x1 = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28);
        INDArray x2 = Nd4j.rand(DataType.FLOAT, batch, 6, 12, 12);
        double[][] out = new double[2][2];
        INDArray[] inputs = {x1, x2};
        int[] layer = {0, 2};
        for (int c = 0; c < 2; c++) {
            var l = net.getLayer(layer[c]);
            INDArray w = net.getParam(layer[c] + "_W"); // [out, in, kH, kW]
            INDArray b = net.getParam(layer[c] + "_b").reshape(-1);
            INDArray wYxio = w.permute(2, 3, 1, 0).dup('c');
            var cfg = Conv2DConfig.builder()
                    .kH(5).kW(5).sH(1).sW(1).dataFormat("NCHW").build();
            INDArray in = inputs[c];
            double[] layerMs = new double[runs];
            double[] opMs = new double[runs];
            for (int r = -3; r < runs; r++) {
                long t0 = System.nanoTime();
                l.activate(in, false, mgr);
                long t1 = System.nanoTime();
                Nd4j.exec(new Conv2D(new INDArray[] {in, wYxio, b},
                        null, cfg));
                long t2 = System.nanoTime();
                if (r >= 0) {
                    layerMs[r] = (t1 - t0) / 1e6;
                    opMs[r] = (t2 - t1) / 1e6;
                }
            }
            out[c][0] = Stats.median(layerMs);
            out[c][1] = Stats.median(opMs);
        }
        return out;
    }
}
