package io.prunesweep.bench;

import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.eval.LayerFlops;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
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
        for (var v : net.getConfiguration().getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
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
        Net.of(net).fit(train.head(Math.min(train.size(), 2 * BATCH)).iterator(BATCH, true, 2));
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Net.of(net).fit(part.fitIterator(BATCH, true, 1 + r));
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
            GroupPruner.Plan plan = plan(dense, f);
            ComputationGraph small = GraphSurgeon.shrink(dense, DependencyGraph.of(dense), plan.kept());
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

    /** L1 group scores, layer scope, no cap beyond "never empty". */
    private static GroupPruner.Plan plan(ComputationGraph dense, double removed) {
        DependencyGraph graph = DependencyGraph.of(dense);
        Map<Integer, float[]> scores = new HashMap<>();
        for (UnitGroup g : graph.prunable()) {
            scores.put(g.id(), GroupCriterion.L1.score(dense, g, List.of()));
        }
        return GroupPruner.plan(graph.groups(), scores, removed, false, 1.0);
    }

    /**
     * Where the forward pass goes, by vertex kind (layer class, or vertex class for vertices without a layer), dense
     * and shrunk at {@code removed}: each vertex's {@code doForward} in inference on the inputs a full forward pass
     * gave it, timed vertex by vertex in topological order, median per vertex over {@code runs} passes, summed per
     * kind, after {@code warmups} untimed passes; with each kind's FLOPs as {@link FlopCounter} counts them.
     */
    static List<ConvSection.KindTime> profile(double removed, int warmups, int runs) {
        ComputationGraph dense = build(10);
        ComputationGraph small = GraphSurgeon.shrink(dense, DependencyGraph.of(dense), plan(dense, removed).kept());
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 784);
        Map<String, double[]> d = kindTimes(dense, x, warmups, runs);
        Map<String, double[]> s = kindTimes(small, x, warmups, runs);
        Map<String, Long> df = kindFlops(dense);
        Map<String, Long> sf = kindFlops(small);
        List<ConvSection.KindTime> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : d.entrySet()) {
            double[] shrunk = s.get(e.getKey());
            out.add(new ConvSection.KindTime(e.getKey(), (int) e.getValue()[0], e.getValue()[1],
                    shrunk == null ? 0 : shrunk[1], df.getOrDefault(e.getKey(), 0L), sf.getOrDefault(e.getKey(), 0L)));
        }
        return out;
    }

    /** Per kind, in order of first appearance: {vertices, summed median ms}. */
    private static Map<String, double[]> kindTimes(ComputationGraph net, INDArray x, int warmups, int runs) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Map<String, INDArray> acts = new HashMap<>();
        for (Map.Entry<String, INDArray> e : net.feedForward(x, false).entrySet()) {
            acts.put(e.getKey(), e.getValue().dup());
        }
        GraphVertex[] vertices = net.getVertices();
        List<GraphVertex> timed = new ArrayList<>();
        List<INDArray[]> inputs = new ArrayList<>();
        for (int i : net.topologicalSortOrder()) {
            GraphVertex v = vertices[i];
            if (v.isInputVertex()) {
                continue;
            }
            VertexIndices[] from = v.getInputVertices();
            INDArray[] in = new INDArray[from.length];
            for (int k = 0; k < from.length; k++) {
                String name = vertices[from[k].getVertexIndex()].getVertexName();
                in[k] = acts.get(name);
                if (in[k] == null) {
                    throw new IllegalStateException("no activation of vertex '" + name + "' in the forward pass");
                }
            }
            timed.add(v);
            inputs.add(in);
        }
        double[][] ms = new double[timed.size()][runs];
        for (int r = -warmups; r < runs; r++) {
            for (int i = 0; i < timed.size(); i++) {
                GraphVertex v = timed.get(i);
                // a copy of the array: the vertex's clear() nulls the entries of the array it was given
                v.setInputs(inputs.get(i).clone());
                long t0 = System.nanoTime();
                // a layer vertex reads its input through its preprocessor, as the graph's own forward pass does
                if (v instanceof LayerVertex lv) {
                    lv.applyPreprocessorAndSetInput(mgr);
                }
                v.doForward(false, mgr);
                if (r >= 0) {
                    ms[i][r] = (System.nanoTime() - t0) / 1e6;
                }
                v.clear();
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < timed.size(); i++) {
            GraphVertex v = timed.get(i);
            String kind = v.hasLayer() ? v.getLayer().conf().getLayer().getClass().getSimpleName()
                    : v.getClass().getSimpleName();
            double[] acc = out.computeIfAbsent(kind, k -> new double[2]);
            acc[0]++;
            acc[1] += Stats.median(ms[i]);
        }
        return out;
    }

    /** Dense forward FLOPs per example, summed per layer class. */
    private static Map<String, Long> kindFlops(ComputationGraph net) {
        Map<String, Long> out = new HashMap<>();
        for (LayerFlops l : FlopCounter.perLayer(Net.of(net), INPUT.inputType())) {
            out.merge(l.type(), l.flops().dense(), Long::sum);
        }
        return out;
    }
}
