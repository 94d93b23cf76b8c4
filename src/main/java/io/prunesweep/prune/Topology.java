package io.prunesweep.prune;

import io.prunesweep.model.FastConv2D;
import io.prunesweep.model.FastDense;
import io.prunesweep.model.FastOutput;
import io.prunesweep.model.Net;
import io.prunesweep.spec.Granularity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;

/**
 * The prunable structure of a network: which layers carry weights the pruner may touch, and for each
 * layer of a {@code MultiLayerNetwork} which later layer consumes its outputs (the coupling that neuron
 * and channel pruning must respect).
 *
 * <p>Supported layer types, per granularity:
 * <ul>
 *   <li>element: {@code DenseLayer} or {@link FastDense}, {@code ConvolutionLayer} or {@link FastConv2D} (2D, NCHW),
 *       {@code DepthwiseConvolution2D} (NCHW), {@code SeparableConvolution2D} (NCHW; both its weight arrays,
 *       the depthwise {@code _W} and the pointwise {@code _pW}, each a target of its own with the layer's index),
 *       and {@code OutputLayer} or {@link FastOutput} when output pruning is enabled; N:M and block: the same except the depthwise and
 *       separable convolutions (their groups and blocks are not laid out on [out, in, kH, kW]);</li>
 *   <li>neuron: {@code DenseLayer} or {@code FastDense} whose output reaches a dense or an output layer,
 *       possibly through {@code ActivationLayer}/{@code DropoutLayer};</li>
 *   <li>channel: {@code ConvolutionLayer} or {@code FastConv2D} (exactly these classes, NCHW) whose output
 *       reaches either of them, or a dense layer through a {@code CnnToFeedForwardPreProcessor},
 *       possibly through {@code SubsamplingLayer}/{@code ActivationLayer}/{@code DropoutLayer}.</li>
 * </ul>
 * The two convolution classes share configuration and parameter layout, so they are handled alike.
 * Anything else between a producer and its consumer (batch normalisation, recurrent layers, ...) makes
 * that producer unprunable at neuron/channel granularity; {@link #targets} explains why.
 *
 * <p>In a {@code ComputationGraph} the same layer types are prunable at element, N:M and block
 * granularity; neuron and channel pruning go by unit groups there ({@link io.prunesweep.graph.DependencyGraph}),
 * not layer by layer, and so do they in a {@code MultiLayerNetwork} holding a layer only the groups understand
 * (batch norm, depthwise or separable convolution, global pooling, zero padding): for both, {@link #targets}
 * refuses neuron and channel granularity, so no layer-wise step (per-layer budgets, sensitivity cells) runs on
 * them, and {@link #describe} says "by unit groups".
 */
public final class Topology {

    /** How the consumer of a pruned unit sees that unit. */
    public enum ConsumerKind {
        /** A dense consumer: unit j is row j of the consumer's [nIn, nOut] weight matrix. */
        DENSE_ROWS,
        /** A convolution consumer: channel c is input slice [:, c, :, :] of its weights. */
        CONV_INPUT,
        /** A dense consumer behind a CNN flatten: channel c is rows [c·h·w, (c+1)·h·w). */
        FLATTEN_ROWS
    }

    /**
     * One weight-carrying layer.
     *
     * @param index layer index in the network (in a graph: the node's position in topological order)
     * @param name  the layer's name in parameter keys: its index in a {@code MultiLayerNetwork}, its vertex name
     *              in a {@code ComputationGraph}
     * @param type  simple class name of the layer configuration
     * @param nIn   inputs (dense) or input channels (conv)
     * @param nOut  outputs (dense) or output channels (conv)
     * @param output whether this is the network's output layer
     * @param consumer index of the layer consuming this layer's units, or -1
     * @param consumerKind how the consumer is coupled, or null when there is none
     * @param spatial for {@link ConsumerKind#FLATTEN_ROWS}, the h·w positions per channel; else 1
     * @param reason why neuron/channel pruning is not possible here, or null when it is
     * @param weight the weight array this entry prunes at element granularity, as named inside the layer:
     *               {@code W}, or {@code pW} for the pointwise weights of a separable convolution (which has two
     *               entries, one per array, so each array is scored and cut on its own)
     */
    public record PrunableLayer(int index, String name, String type, long nIn, long nOut, boolean output, int consumer,
                                ConsumerKind consumerKind, long spatial, String reason, String weight) {
        /** The weight array of every layer type but the separable convolution's second entry. */
        static final String W = "W";
        /** The pointwise weight array of a {@code SeparableConvolution2D}. */
        static final String POINTWISE = "pW";

        public PrunableLayer {
            if (!W.equals(weight) && !POINTWISE.equals(weight)) {
                throw new IllegalArgumentException("layer " + name + ": weight must be W or pW, found " + weight);
            }
        }

        /** Parameter key of the weights, as in {@code paramTable()}. */
        public String weightKey() {
            return name + "_" + weight;
        }

        /** Parameter key of the bias. */
        public String biasKey() {
            return name + "_b";
        }

        /** True for a {@code DepthwiseConvolution2D} (weights [kH, kW, in, multiplier]). */
        public boolean isDepthwise() {
            return "DepthwiseConvolution2D".equals(type);
        }

        /** True for a {@code SeparableConvolution2D} (either of its two entries). */
        public boolean isSeparable() {
            return "SeparableConvolution2D".equals(type);
        }

        /** True for layers pruned element by element only: no N:M groups or blocks on their weights. */
        public boolean elementOnly() {
            return isDepthwise() || isSeparable();
        }

        /** True for convolution layers. */
        public boolean isConv() {
            return "ConvolutionLayer".equals(type) || "FastConv2D".equals(type);
        }
    }

    private final List<PrunableLayer> layers;
    /**
     * Why neuron and channel pruning go by unit groups ({@link #GRAPH_STRUCTURED}, {@link #CHAIN_BY_GROUPS}), or
     * null when they go layer by layer.
     */
    private final String byGroups;

    private Topology(List<PrunableLayer> layers, String byGroups) {
        this.layers = List.copyOf(layers);
        this.byGroups = byGroups;
    }

    /** Why a graph's layers are not pruned one by one at neuron or channel granularity. */
    static final String GRAPH_STRUCTURED = "a ComputationGraph is pruned at neuron and channel granularity by unit "
            + "groups (the channels that must go together: batch norms, residual adds, concatenations, readers), not "
            + "layer by layer: this layer-wise step (per-layer budgets and sensitivity) does not apply to it";

    /**
     * Why a chain's layers are not pruned one by one at neuron or channel granularity: the chain holds a layer the
     * unit groups understand and the layer pruner does not.
     */
    static final String CHAIN_BY_GROUPS = "this network (it has batch norm, depthwise or separable convolution, "
            + "global pooling or zero padding layers) is pruned at neuron and channel granularity by unit groups (the "
            + "units that must go together: a producer, its batch norm, its readers), not layer by layer: this "
            + "layer-wise step (per-layer budgets and sensitivity) does not apply to it";

    /** Analyses a network. */
    public static Topology of(Net net) {
        if (net instanceof Net.Chain c) {
            Topology layerwise = of(c.network().getLayerWiseConfigurations());
            // the layer-wise reasons ("feeds a BatchNormalization") would contradict the groups that prune it
            return GroupPlanner.applies(net, Granularity.CHANNEL) ? layerwise.prunedByGroups() : layerwise;
        }
        List<PrunableLayer> out = new ArrayList<>();
        for (Net.Node n : net.layers()) {
            Layer l = n.layer();
            if (isSeparable(l)) {
                if (((ConvolutionLayer) l).getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                    addSeparable(out, n.index(), n.name(), (FeedForwardLayer) l, GRAPH_STRUCTURED);
                }
                continue;
            }
            boolean conv = isConvolution(l) || isDepthwise(l);
            if (!(isDense(l) || isOutputLayer(l) || conv)
                    || conv && ((ConvolutionLayer) l).getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                continue;
            }
            var ff = (FeedForwardLayer) l;
            boolean output = n.output() || isOutputLayer(l);
            out.add(new PrunableLayer(n.index(), n.name(), l.getClass().getSimpleName(), ff.getNIn(), ff.getNOut(),
                    output, -1, null, 1, output ? "it is the output layer (its units are the classes)"
                    : GRAPH_STRUCTURED, PrunableLayer.W));
        }
        return new Topology(out, GRAPH_STRUCTURED);
    }

    private static Topology of(MultiLayerConfiguration conf) {
        int n = conf.getConfs().size();
        List<PrunableLayer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Layer l = conf.getConf(i).getLayer();
            boolean dense = isDense(l);
            boolean outputLayer = isOutputLayer(l);
            boolean conv = isConvolution(l);
            if (isDepthwise(l) && ((ConvolutionLayer) l).getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                var dw = (FeedForwardLayer) l;
                out.add(new PrunableLayer(i, String.valueOf(i), l.getClass().getSimpleName(), dw.getNIn(), dw.getNOut(),
                        false, -1, null, 1, DEPTHWISE, PrunableLayer.W));
                continue;
            }
            if (isSeparable(l)) {
                if (((ConvolutionLayer) l).getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                    addSeparable(out, i, String.valueOf(i), (FeedForwardLayer) l, SEPARABLE);
                }
                continue;
            }
            if (!dense && !outputLayer && !conv) {
                continue;
            }
            if (conv && ((ConvolutionLayer) l).getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                continue;
            }
            var ff = (FeedForwardLayer) l;
            int consumer = -1;
            ConsumerKind kind = null;
            long spatial = 1;
            String reason = null;
            if (outputLayer) {
                reason = "it is the output layer (its units are the classes)";
            } else {
                for (int j = i + 1; j < n && consumer < 0 && reason == null; j++) {
                    Layer next = conf.getConf(j).getLayer();
                    InputPreProcessor pre = conf.getInputPreProcess(j);
                    if (next instanceof ActivationLayer || next instanceof DropoutLayer
                            || (conv && next.getClass() == SubsamplingLayer.class)) {
                        continue;
                    }
                    boolean nextDense = isDense(next) || isOutputLayer(next);
                    if (dense && nextDense && pre == null) {
                        consumer = j;
                        kind = ConsumerKind.DENSE_ROWS;
                    } else if (conv && isConvolution(next) && pre == null
                            && ((ConvolutionLayer) next).getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                        consumer = j;
                        kind = ConsumerKind.CONV_INPUT;
                    } else if (conv && nextDense && pre instanceof CnnToFeedForwardPreProcessor flat
                            && flat.getFormat() == CNN2DFormat.NCHW) {
                        consumer = j;
                        kind = ConsumerKind.FLATTEN_ROWS;
                        spatial = flat.getInputHeight() * flat.getInputWidth();
                    } else {
                        reason = "its output feeds layer " + j + " (" + next.getClass().getSimpleName()
                                + (pre == null ? "" : " behind " + pre.getClass().getSimpleName())
                                + "), which structured pruning cannot rewrite";
                    }
                }
                if (consumer < 0 && reason == null) {
                    reason = "no later layer consumes its output";
                }
            }
            out.add(new PrunableLayer(i, String.valueOf(i), l.getClass().getSimpleName(), ff.getNIn(), ff.getNOut(), outputLayer,
                    consumer, kind, spatial, reason, PrunableLayer.W));
        }
        return new Topology(out, null);
    }

    /** This chain's layers with every structured reason replaced by {@link #CHAIN_BY_GROUPS}. */
    private Topology prunedByGroups() {
        List<PrunableLayer> out = new ArrayList<>();
        for (PrunableLayer l : layers) {
            out.add(l.output() ? l : new PrunableLayer(l.index(), l.name(), l.type(), l.nIn(), l.nOut(), false,
                    l.consumer(), l.consumerKind(), l.spatial(), CHAIN_BY_GROUPS, l.weight()));
        }
        return new Topology(out, CHAIN_BY_GROUPS);
    }

    /** Why a depthwise convolution is pruned element by element only. */
    static final String DEPTHWISE = "a depthwise convolution's channels are its input channels (they are pruned with "
            + "their producer, not alone); element pruning only";

    /** Why a separable convolution is pruned element by element only (its channels go by unit groups). */
    static final String SEPARABLE = "a separable convolution's depthwise channels are its input channels and its "
            + "outputs are pruned by unit groups; element pruning only (of both weight arrays)";

    /** A separable convolution's two entries: depthwise weights {@code _W}, then pointwise weights {@code _pW}. */
    private static void addSeparable(List<PrunableLayer> out, int index, String name, FeedForwardLayer l,
                                     String reason) {
        for (String w : List.of(PrunableLayer.W, PrunableLayer.POINTWISE)) {
            out.add(new PrunableLayer(index, name, l.getClass().getSimpleName(), l.getNIn(), l.getNOut(), false, -1,
                    null, 1, reason, w));
        }
    }

    private static boolean isSeparable(Layer l) {
        return l.getClass() == SeparableConvolution2D.class;
    }

    private static boolean isDepthwise(Layer l) {
        return l.getClass() == DepthwiseConvolution2D.class;
    }

    /** Exactly DL4J's dense layer or its BLAS twin {@link FastDense}; not other subclasses. */
    private static boolean isDense(Layer l) {
        return l.getClass() == DenseLayer.class || l.getClass() == FastDense.class;
    }

    /** Exactly DL4J's output layer or its BLAS twin {@link FastOutput}; not other subclasses. */
    private static boolean isOutputLayer(Layer l) {
        return l.getClass() == OutputLayer.class || l.getClass() == FastOutput.class;
    }

    /** Exactly DL4J's 2-D convolution or its native-op twin; not the 1-D/depthwise/separable subclasses. */
    private static boolean isConvolution(Layer l) {
        return l.getClass() == ConvolutionLayer.class || l.getClass() == FastConv2D.class;
    }

    /** Every weight-carrying layer of a supported type, in network order. */
    public List<PrunableLayer> layers() {
        return layers;
    }

    /** The layer with the given network index. */
    public Optional<PrunableLayer> layer(int index) {
        return layers.stream().filter(l -> l.index() == index).findFirst();
    }

    /**
     * The layers a pruner acts on at the given granularity.
     *
     * @throws PruneException when the network has no layer prunable at that granularity, naming why, and for
     *                        neuron or channel granularity on a network pruned by unit groups (a
     *                        {@code ComputationGraph}, or a chain with batch norm or depthwise layers)
     */
    public List<PrunableLayer> targets(Granularity g, boolean pruneOutputLayer) {
        if (byGroups != null && g.structured()) {
            throw new PruneException(byGroups);
        }
        List<PrunableLayer> t = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        for (PrunableLayer l : layers) {
            boolean ok = switch (g) {
                case ELEMENT -> !l.output() || pruneOutputLayer;
                // N:M groups and blocks are laid out on [out, in, kH, kW] and [nIn, nOut] weights
                case NM, BLOCK -> (!l.output() || pruneOutputLayer) && !l.elementOnly();
                case NEURON -> !l.isConv() && l.reason() == null;
                case CHANNEL -> l.isConv() && l.reason() == null;
            };
            if (ok) {
                t.add(l);
            } else if (g.structured()) {
                why.append("\n  layer ").append(l.name()).append(" (").append(l.type()).append("): ")
                        .append(l.reason() != null ? l.reason()
                                : g == Granularity.NEURON ? "neuron pruning applies to DenseLayer and FastDense"
                                : "channel pruning applies to ConvolutionLayer and FastConv2D");
            }
        }
        if (t.isEmpty()) {
            throw new PruneException("the model has no layer that supports " + g.id() + " pruning"
                    + (why.length() > 0 ? ":" + why : " (supported: DenseLayer, FastDense, ConvolutionLayer, FastConv2D, OutputLayer, FastOutput)"));
        }
        return t;
    }

    /** A human-readable table of which layers support which granularity. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (PrunableLayer l : layers) {
            // depthwise and separable weights are not laid out for N:M groups or blocks (see targets)
            sb.append(String.format("layer %s %-16s %6d -> %-6d element=yes%s%s %s=%s%s%n", l.name(), l.type(), l.nIn(),
                    l.nOut(), l.output() ? "(if pruneOutputLayer)" : "", l.isSeparable() ? "(" + l.weightKey() + ")" : "",
                    l.isConv() || l.elementOnly() ? "channel" : "neuron",
                    l.reason() == null ? "yes"
                            : GRAPH_STRUCTURED.equals(l.reason()) || CHAIN_BY_GROUPS.equals(l.reason())
                            ? "by unit groups (listed below)" : "no: " + l.reason(),
                    l.elementOnly() ? " nm/block=no" : ""));
        }
        return sb.toString();
    }
}
