package io.prunesweep.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Removes units group by group, either softly (zeroing their slices in place: the masked network) or
 * physically (a new, smaller network of the same layer classes, whose parameters are the surviving slices).
 * Both act on exactly the members of each {@link UnitGroup}, so the two compute the same function in inference
 * mode: a removed unit's producers, batch-norm scale and shift and depthwise filters are zero in the masked
 * network, so the unit is exactly 0 wherever it is read, which is what its absence gives.
 *
 * <p>Batch norm running mean and variance are left alone by masking (zero gamma and beta already make the
 * output 0) and sliced by surgery.
 */
public final class GraphSurgeon {
    private GraphSurgeon() {
    }

    /**
     * Zeroes, in place, every slice of every unit that {@code kept} does not keep.
     *
     * @param kept for some groups of {@code graph}, the sorted indices of the units to keep; groups not named keep
     *             all their units
     */
    public static void mask(Model net, DependencyGraph graph, Map<Integer, int[]> kept) {
        for (Map.Entry<Integer, int[]> e : kept.entrySet()) {
            UnitGroup g = graph.group(e.getKey());
            boolean[] keep = keepFlags(g, e.getValue());
            for (Member m : g.members()) {
                if (m.role() == Role.NORM && !(m.param().endsWith("_gamma") || m.param().endsWith("_beta"))) {
                    continue;
                }
                // a copy written back: a view of a view of the flat parameter vector is not reliably writable
                INDArray p = net.getParam(m.param()).dup();
                for (int u = m.firstUnit(); u < m.firstUnit() + m.units(); u++) {
                    if (!keep[u]) {
                        m.view(p, u).assign(0);
                    }
                }
                net.setParam(m.param(), p);
            }
        }
    }

    /** The physically smaller graph keeping the units {@code kept} names (see {@link #mask}). */
    public static ComputationGraph shrink(ComputationGraph net, DependencyGraph graph, Map<Integer, int[]> kept) {
        Map<String, INDArray> params = shrunkParams(net, graph, kept);
        Map<String, INDArray> before = net.paramTable();
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                Layer l = lv.getLayerConf().getLayer();
                resize(e.getKey(), l, params);
                InputPreProcessor pre = lv.getPreProcessor();
                if (pre != null) {
                    lv.setPreProcessor(reshaped(pre, before.get(e.getKey() + "_W"), params.get(e.getKey() + "_W")));
                }
            }
        }
        ComputationGraph small = new ComputationGraph(conf);
        small.init();
        load(small, params);
        return small;
    }

    /** The physically smaller multi-layer network keeping the units {@code kept} names (see {@link #mask}). */
    public static MultiLayerNetwork shrink(MultiLayerNetwork net, DependencyGraph graph, Map<Integer, int[]> kept) {
        Map<String, INDArray> params = shrunkParams(net, graph, kept);
        Map<String, INDArray> before = net.paramTable();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer l = conf.getConf(i).getLayer();
            resize(String.valueOf(i), l, params);
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                conf.getInputPreProcessors().put(i, reshaped(pre, before.get(i + "_W"), params.get(i + "_W")));
            }
        }
        MultiLayerNetwork small = new MultiLayerNetwork(conf);
        small.init();
        load(small, params);
        return small;
    }

    private static boolean[] keepFlags(UnitGroup g, int[] keptUnits) {
        if (keptUnits.length == 0) {
            throw new GraphException("group " + g.id() + " '" + g.name() + "' would lose all " + g.width()
                    + " units; keep at least one");
        }
        boolean[] keep = new boolean[g.width()];
        int previous = -1;
        for (int u : keptUnits) {
            if (u <= previous || u >= g.width()) {
                throw new GraphException("kept units of group " + g.id() + " must be increasing and below "
                        + g.width() + ", found " + Arrays.toString(keptUnits));
            }
            keep[u] = true;
            previous = u;
        }
        if (keptUnits.length < g.width() && !g.prunable()) {
            throw new GraphException("group " + g.id() + " '" + g.name() + "' is not prunable: " + g.reason());
        }
        return keep;
    }

    /** Every parameter of {@code net}, with the removed units' indices dropped along each axis they occupy. */
    private static Map<String, INDArray> shrunkParams(Model net, DependencyGraph graph, Map<Integer, int[]> kept) {
        Map<String, Map<Integer, boolean[]>> drop = new HashMap<>();
        for (Map.Entry<Integer, int[]> e : kept.entrySet()) {
            UnitGroup g = graph.group(e.getKey());
            boolean[] keep = keepFlags(g, e.getValue());
            for (Member m : g.members()) {
                INDArray p = net.getParam(m.param());
                if (p == null) {
                    throw new GraphException("the network has no parameter " + m.param() + " (group " + g.id() + ")");
                }
                boolean[] flags = drop.computeIfAbsent(m.param(), k -> new HashMap<>())
                        .computeIfAbsent(m.axis(), a -> new boolean[(int) p.size(a)]);
                for (int u = m.firstUnit(); u < m.firstUnit() + m.units(); u++) {
                    if (!keep[u]) {
                        long s = m.start(u);
                        Arrays.fill(flags, (int) s, (int) (s + m.block()), true);
                    }
                }
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            INDArray p = e.getValue();
            for (Map.Entry<Integer, boolean[]> axis : drop.getOrDefault(e.getKey(), Map.of()).entrySet()) {
                p = keep(p, axis.getKey(), axis.getValue());
            }
            out.put(e.getKey(), p.dup());
        }
        return out;
    }

    /** {@code p} without the dropped indices of {@code axis}, copied element by element in C order. */
    private static INDArray keep(INDArray p, int axis, boolean[] dropped) {
        // by hand: ND4J 1.0.0-M2.1's indexed get fails on parameter views and on its own concat results
        long[] shape = p.shape();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= (int) shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        int n = (int) shape[axis];
        int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> !dropped[i]).toArray();
        double[] from = p.dup('c').data().asDouble();
        double[] to = new double[outer * kept.length * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int k : kept) {
                System.arraycopy(from, (o * n + k) * inner, to, at, inner);
                at += inner;
            }
        }
        long[] newShape = shape.clone();
        newShape[axis] = kept.length;
        return Nd4j.create(to, newShape, 'c').castTo(p.dataType());
    }

    /** Sets a layer's nIn/nOut from its shrunk parameters. */
    private static void resize(String name, Layer l, Map<String, INDArray> params) {
        INDArray w = params.get(name + "_W");
        Class<?> c = l.getClass();
        if (c == DepthwiseConvolution2D.class) {
            DepthwiseConvolution2D d = (DepthwiseConvolution2D) l;
            d.setNIn(w.size(2));
            d.setNOut(w.size(2) * d.getDepthMultiplier());
        } else if (c == SeparableConvolution2D.class) {
            SeparableConvolution2D s = (SeparableConvolution2D) l;
            s.setNIn(w.size(1));
            s.setNOut(params.get(name + "_pW").size(0));
        } else if (l instanceof ConvolutionLayer conv && w != null) {
            conv.setNOut(w.size(0));
            conv.setNIn(w.size(1));
        } else if (c == BatchNormalization.class) {
            INDArray mean = params.get(name + "_mean");
            ((BatchNormalization) l).setNIn(mean.length());
            ((BatchNormalization) l).setNOut(mean.length());
        } else if (l instanceof FeedForwardLayer ff && w != null && w.rank() == 2) {
            ff.setNIn(w.size(0));
            ff.setNOut(w.size(1));
        }
    }

    /** A flatten in front of a dense layer whose inputs shrank now flattens fewer channels. */
    private static InputPreProcessor reshaped(InputPreProcessor pre, INDArray before, INDArray after) {
        if (pre instanceof CnnToFeedForwardPreProcessor flat && before != null && before.rank() == 2
                && before.size(0) != after.size(0)) {
            long hw = flat.getInputHeight() * flat.getInputWidth();
            CnnToFeedForwardPreProcessor copy = (CnnToFeedForwardPreProcessor) flat.clone();
            copy.setNumChannels(after.size(0) / hw);
            return copy;
        }
        return pre;
    }

    private static void load(Model small, Map<String, INDArray> params) {
        Map<String, INDArray> table = small.paramTable();
        if (!table.keySet().equals(params.keySet())) {
            throw new GraphException("the shrunk network has parameters " + table.keySet() + ", expected "
                    + params.keySet());
        }
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (!Arrays.equals(table.get(e.getKey()).shape(), e.getValue().shape())) {
                throw new GraphException(e.getKey() + " of the shrunk network has shape "
                        + Arrays.toString(table.get(e.getKey()).shape()) + ", its surviving slices "
                        + Arrays.toString(e.getValue().shape()));
            }
            small.setParam(e.getKey(), e.getValue());
        }
    }
}
