package io.prunesweep.bench;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.graph.GraphSurgeon;
import io.prunesweep.graph.GroupCriterion;
import io.prunesweep.graph.GroupPruner;
import io.prunesweep.graph.UnitGroup;
import io.prunesweep.model.GraphZoo;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.Net;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Section 4b's measurements of the graph zoo's {@code resnet} at its default widths, with the layers
 * {@link GraphZoo} builds: training throughput over part of an epoch (a whole one would cost minutes at one
 * thread), and dense against physically shrunk inference latency per FLOPs, the channels removed by residual-aware
 * groups ({@link DependencyGraph}: a residual stream's channels, with their batch norms, go together).
 */
final class ResnetTimings {
    static final String MODEL = "resnet";

    private static final int BATCH = 128;
    private static final InputSpec INPUT = InputSpec.image(1, 28, 28);
    private static final long SEED = 42;

    private ResnetTimings() {
    }

    /** The zoo resnet at its default widths, untrained (timing does not depend on the weights' values). */
    static ComputationGraph build(int classes) {
        return GraphZoo.build(MODEL, INPUT, classes, SEED, 0.002, List.of());
    }

    /** Default widths, as printed in the report. */
    static List<Integer> widths() {
        return GraphZoo.DEFAULT_WIDTHS.get(MODEL);
    }

    /** Dense forward FLOPs per example of a zoo network on the bench's 28×28 grey images. */
    static long forwardFlops(Net net) {
        return FlopCounter.count(net, INPUT.inputType()).dense();
    }

    /**
     * The convolution layer classes the graph is made of (simple names, joined): the label of its rows, read from
     * the network so that it stays true if the zoo changes.
     */
    static String convolutionLayer(ComputationGraph net) {
        TreeSet<String> kinds = new TreeSet<>();
        for (GraphVertex v : net.getConfiguration().getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
                kinds.add(c.getClass().getSimpleName());
            }
        }
        return String.join("+", kinds);
    }

    /**
     * Trains on the first {@code batches} minibatches of {@code train} per round, after an untimed warm-up of
     * two minibatches (JIT, native set-up and workspace sizing); medians over the rounds.
     *
     * @param cnnForwardFlops the zoo cnn's dense forward FLOPs per example, carried for the comparison
     */
    static ConvSection.GraphEpoch epoch(LabeledData train, int batches, int rounds, long cnnForwardFlops) {
        ComputationGraph net = build(train.numClasses());
        int examples = Math.min(train.size(), batches * BATCH);
        LabeledData part = train.head(examples);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        net.fit(train.head(Math.min(train.size(), 2 * BATCH)).iterator(BATCH, true, 2));
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            net.fit(part.iterator(BATCH, true, 1 + r));
            wall[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        return new ConvSection.GraphEpoch(MODEL, widths(), convolutionLayer(net), examples, Stats.median(wall),
                Stats.median(cpu), forwardFlops(Net.of(net)), cnnForwardFlops);
    }

    /**
     * Dense against shrunk at each removal: L1 group scores, layer scope (every prunable group loses the
     * fraction), no per-group cap beyond "never empty", {@code GraphSurgeon.shrink}; dense and shrunk timed
     * interleaved, {@code rounds} rounds of {@code runs} timed passes after {@code warmups} untimed ones.
     */
    static List<ConvSection.ShrinkPoint> shrink(double[] removed, int rounds, int warmups, int runs) {
        ComputationGraph dense = build(10);
        String layer = convolutionLayer(dense);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        long denseFlops = forwardFlops(Net.of(dense));
        List<ConvSection.ShrinkPoint> out = new ArrayList<>();
        for (double f : removed) {
            DependencyGraph graph = DependencyGraph.of(dense);
            Map<Integer, float[]> scores = new HashMap<>();
            for (UnitGroup g : graph.prunable()) {
                scores.put(g.id(), GroupCriterion.L1.score(dense, g, List.of()));
            }
            GroupPruner.Plan plan = GroupPruner.plan(graph.groups(), scores, f, false, 1.0);
            ComputationGraph small = GraphSurgeon.shrink(dense, graph, plan.kept());
            double flopRatio = (double) forwardFlops(Net.of(small)) / denseFlops;
            double[] d = new double[rounds];
            double[] s = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                d[r] = LatencyMeter.measure(Net.of(dense), x, warmups, runs).medianMs();
                s[r] = LatencyMeter.measure(Net.of(small), x, warmups, runs).medianMs();
            }
            out.add(new ConvSection.ShrinkPoint(MODEL, layer, f, plan.achieved(), flopRatio, Stats.median(d),
                    Stats.median(s)));
        }
        return out;
    }
}
