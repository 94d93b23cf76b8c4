package io.prunesweep.prune;

import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.graph.GraphException;
import io.prunesweep.graph.GraphSurgeon;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Topology.ConsumerKind;
import io.prunesweep.prune.Topology.PrunableLayer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes neuron and channel pruning physical: builds a network whose layers are narrower by the removed
 * units and copies the surviving weights into it. DL4J's {@code TransferLearning.nOutReplace} would
 * re-initialise the resized layers, so the configuration is rewritten here and every surviving slice is
 * copied back explicitly. The result computes the same function as the masked network.
 */
public final class Surgeon {
    private Surgeon() {
    }

    /**
     * The physically smaller network a plan describes: {@link #shrink(MultiLayerNetwork, Map)} for a plan of the
     * layer pruner, {@link GraphSurgeon#shrink} of the plan's unit groups for one made by groups (any
     * {@code ComputationGraph}, and chains with batch norm or depthwise layers).
     */
    public static Net shrink(Net net, PrunePlan plan) {
        if (!plan.byGroups()) {
            return shrink(net, plan.removedUnits());
        }
        DependencyGraph dg = GroupPlanner.graphOf(net);
        Map<Integer, int[]> kept = GroupPlanner.kept(dg, plan);
        try {
            return net instanceof Net.Graph g ? Net.of(GraphSurgeon.shrink(g.network(), dg, kept))
                    : Net.of(GraphSurgeon.shrink(((Net.Chain) net).network(), dg, kept));
        } catch (GraphException e) {
            throw new PruneException(e.getMessage(), e);
        }
    }

    /**
     * {@link #shrink(MultiLayerNetwork, Map)} of a network of either kind.
     *
     * @throws PruneException for a {@code ComputationGraph}, whose coupled units this surgeon cannot rewrite
     */
    public static Net shrink(Net net, Map<Integer, int[]> removed) {
        if (!(net instanceof Net.Chain c)) {
            throw new PruneException("a ComputationGraph is shrunk by unit groups: use shrink(net, plan) with a plan "
                    + "of the group pruner, not removed units per layer");
        }
        return Net.of(shrink(c.network(), removed));
    }

    /**
     * @param net     the (masked) network; not modified
     * @param removed layer index → removed unit indices, as in {@link PrunePlan#removedUnits()}
     * @return a new, smaller network
     */
    public static MultiLayerNetwork shrink(MultiLayerNetwork net, Map<Integer, int[]> removed) {
        Topology topo = Topology.of(Net.of(net));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        // per layer: which input rows/channels and which outputs survive (absent = all)
        KeptUnits kept = KeptUnits.of(topo, removed);
        Map<Integer, int[]> keptOut = kept.out();
        Map<Integer, int[]> keptIn = kept.in();
        for (Map.Entry<Integer, int[]> e : keptOut.entrySet()) {
            PrunableLayer l = topo.layer(e.getKey()).orElseThrow();
            int n = e.getValue().length;
            ((FeedForwardLayer) conf.getConf(l.index()).getLayer()).setNOut(n);
            FeedForwardLayer consumer = (FeedForwardLayer) conf.getConf(l.consumer()).getLayer();
            if (l.consumerKind() == ConsumerKind.FLATTEN_ROWS) {
                consumer.setNIn((long) n * l.spatial());
                ((CnnToFeedForwardPreProcessor) conf.getInputPreProcess(l.consumer())).setNumChannels(n);
            } else {
                consumer.setNIn(n);
            }
        }
        MultiLayerNetwork small = new MultiLayerNetwork(conf);
        small.init();
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            String key = e.getKey();
            int layer = Integer.parseInt(key.substring(0, key.indexOf('_')));
            INDArray src = e.getValue();
            int[] out = keptOut.get(layer);
            int[] in = keptIn.get(layer);
            INDArray dst = small.getParam(key);
            if (out == null && in == null) {
                dst.assign(src);
                continue;
            }
            // doubles hold a float network's values exactly and a double network's without rounding
            double[] s = src.dup('c').data().asDouble();
            long[] shape = src.shape();
            double[] d;
            if (key.endsWith("_b") && out == null) {
                d = s;
            } else if (key.endsWith("_b")) {
                d = new double[out.length];
                for (int i = 0; i < out.length; i++) {
                    d[i] = s[out[i]];
                }
            } else if (shape.length == 2) {
                d = sliceDense(s, shape, in, out);
            } else if (shape.length == 4) {
                d = sliceConv(s, shape, in, out);
            } else {
                throw new PruneException("cannot shrink parameter " + key + " of shape " + Arrays.toString(shape));
            }
            dst.assign(Nd4j.create(d, dst.shape(), 'c').castTo(dst.dataType()));
        }
        return small;
    }

    private static int[] allOf(long n) {
        return IntStream.range(0, (int) n).toArray();
    }

    private static double[] sliceDense(double[] s, long[] shape, int[] rows, int[] cols) {
        int nOut = (int) shape[1];
        rows = rows == null ? allOf(shape[0]) : rows;
        cols = cols == null ? allOf(nOut) : cols;
        double[] d = new double[rows.length * cols.length];
        int p = 0;
        for (int r : rows) {
            for (int c : cols) {
                d[p++] = s[r * nOut + c];
            }
        }
        return d;
    }

    private static double[] sliceConv(double[] s, long[] shape, int[] inCh, int[] outCh) {
        int in = (int) shape[1];
        int k = (int) (shape[2] * shape[3]);
        inCh = inCh == null ? allOf(in) : inCh;
        outCh = outCh == null ? allOf(shape[0]) : outCh;
        double[] d = new double[outCh.length * inCh.length * k];
        int p = 0;
        for (int o : outCh) {
            for (int i : inCh) {
                System.arraycopy(s, (o * in + i) * k, d, p, k);
                p += k;
            }
        }
        return d;
    }

    /**
     * The inverse of {@link #shrink}: a network with {@code layout}'s configuration that holds {@code small}'s
     * weights at the surviving positions and exact zeros at every weight and bias of a removed unit (its column
     * or filter, its bias, and its rows or input slice in the consumer). This is the masked full-size form of a
     * network fine-tuned shrunk: {@code expand(shrink(masked, r), masked, r)} equals {@code masked}.
     *
     * @param small   a network {@code shrink(layout, removed)} produced, possibly trained since; not modified
     * @param layout  the full-size network; its configuration is copied, its weights are not read
     * @param removed layer index → removed unit indices, as given to {@link #shrink}
     * @return a new full-size network
     * @throws PruneException when {@code small} does not have the shape those removed units give
     */
    public static MultiLayerNetwork expand(MultiLayerNetwork small, MultiLayerNetwork layout,
                                           Map<Integer, int[]> removed) {
        MultiLayerNetwork full = new MultiLayerNetwork(layout.getLayerWiseConfigurations().clone());
        full.init();
        expandInto(small, full, removed);
        return full;
    }

    /**
     * {@link #expand} into an existing full-size network: overwrites all of {@code full}'s parameters.
     *
     * @throws PruneException when {@code small} does not have the shape the removed units give {@code full}
     */
    public static void expandInto(MultiLayerNetwork small, MultiLayerNetwork full, Map<Integer, int[]> removed) {
        ShrinkLayout layout = ShrinkLayout.of(full, small, removed);
        INDArray params = full.params();
        double[] values = layout.scatter(small.params().dup().data().asDouble());
        params.assign(Nd4j.createFromArray(values).castTo(params.dataType()).reshape(params.shape()));
    }
}
