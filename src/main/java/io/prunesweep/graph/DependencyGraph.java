package io.prunesweep.graph;

import io.prunesweep.model.Net;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The units of a network grouped by what must be removed together, built from the network's configuration
 * (layer classes, their wiring, preprocessors and vertices), never from layer names.
 *
 * <p>Couplings it follows:
 * <ul>
 *   <li>a dense or convolution layer's outputs reach their consumers (dense rows, convolution input channels)
 *       through batch normalisation (gamma, beta, running mean and variance move with the channel) and
 *       through activation, dropout, pooling, zero-padding and global-pooling layers, which leave channels
 *       where they are;</li>
 *   <li>a flatten ({@code CnnToFeedForwardPreProcessor}) gives each channel h·w consecutive dense rows;</li>
 *   <li>{@code ElementWiseVertex} (add, subtract, product, average, max) makes channel c of every input one
 *       unit: a residual stream is one group;</li>
 *   <li>{@code MergeVertex} (concatenation) places each input's channels at its offset in the consumer;</li>
 *   <li>{@code DepthwiseConvolution2D} and the depthwise half of {@code SeparableConvolution2D} compute
 *       channel c from input channel c alone, so their filters belong to the input's group.</li>
 * </ul>
 * Anything else (a layer or vertex it does not know, a preprocessor other than flatten, an NHWC layer, an
 * activation that does not map 0 to 0, the network's inputs and outputs) makes exactly the units it reads
 * unprunable, with the reason kept in {@link UnitGroup#reason()}; the rest stay prunable.
 *
 * <p>Units are tracked one by one and merged with a union-find, so arbitrary combinations (a concatenation
 * added to another branch) give exact slices: a member may then cover part of a group.
 */
public final class DependencyGraph {
    private final String network;
    private final List<UnitGroup> groups;

    private DependencyGraph(String network, List<UnitGroup> groups) {
        this.network = network;
        this.groups = List.copyOf(groups);
    }

    /** The groups of either kind of network. */
    public static DependencyGraph of(Net net) {
        return net instanceof Net.Graph g ? of(g.network()) : of(((Net.Chain) net).network());
    }

    /** The groups of a {@link MultiLayerNetwork}; parameter keys are {@code <index>_<param>}. */
    public static DependencyGraph of(MultiLayerNetwork net) {
        return of(net.getLayerWiseConfigurations());
    }

    /** The groups of a {@link ComputationGraph}; parameter keys are {@code <vertex>_<param>}. */
    public static DependencyGraph of(ComputationGraph net) {
        return of(net.getConfiguration());
    }

    /** The groups of a multi-layer configuration (its layers in a chain from one input). */
    public static DependencyGraph of(MultiLayerConfiguration conf) {
        List<Coupler.Node> nodes = new ArrayList<>();
        String previous = "input";
        for (int i = 0; i < conf.getConfs().size(); i++) {
            String name = String.valueOf(i);
            nodes.add(new Coupler.Node(name, conf.getConf(i).getLayer(), null, List.of(previous),
                    conf.getInputPreProcess(i)));
            previous = name;
        }
        List<String> outputs = nodes.isEmpty() ? List.of() : List.of(previous);
        return new DependencyGraph("MultiLayerNetwork", new Coupler(List.of("input"), nodes, outputs).groups());
    }

    /** The groups of a computation-graph configuration. */
    public static DependencyGraph of(ComputationGraphConfiguration conf) {
        Map<String, GraphVertex> vertices = new LinkedHashMap<>(conf.getVertices());
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<String> done = new ArrayList<>(conf.getNetworkInputs());
        List<Coupler.Node> nodes = new ArrayList<>();
        // Kahn's order, ties broken by the configuration's vertex order, so the group ids are stable
        while (!vertices.isEmpty()) {
            String ready = null;
            for (String v : vertices.keySet()) {
                List<String> in = inputs.getOrDefault(v, List.of());
                if (!in.isEmpty() && done.containsAll(in)) {
                    ready = v;
                    break;
                }
            }
            if (ready == null) {
                throw new GraphException("vertices " + vertices.keySet()
                        + " are not reachable from the network inputs " + conf.getNetworkInputs() + " (or form a cycle)");
            }
            GraphVertex v = vertices.remove(ready);
            if (v instanceof LayerVertex lv) {
                nodes.add(new Coupler.Node(ready, lv.getLayerConf().getLayer(), null, inputs.get(ready),
                        lv.getPreProcessor()));
            } else {
                nodes.add(new Coupler.Node(ready, null, v, inputs.get(ready), null));
            }
            done.add(ready);
        }
        return new DependencyGraph("ComputationGraph",
                new Coupler(conf.getNetworkInputs(), nodes, conf.getNetworkOutputs()).groups());
    }

    /** Every group, the network inputs' first, then in the order their producers appear. */
    public List<UnitGroup> groups() {
        return groups;
    }

    /** The groups whose units may be removed. */
    public List<UnitGroup> prunable() {
        return groups.stream().filter(UnitGroup::prunable).toList();
    }

    /** The group with the given id. */
    public UnitGroup group(int id) {
        if (id < 0 || id >= groups.size()) {
            throw new IllegalArgumentException("no group " + id + "; the network has " + groups.size());
        }
        return groups.get(id);
    }

    /** The group whose units are the outputs of the given layer (MultiLayerNetwork index or vertex name). */
    public java.util.Optional<UnitGroup> producedBy(String layer) {
        return groups.stream()
                .filter(g -> g.members().stream().anyMatch(m -> m.role() == Role.OUTPUT && m.layer().equals(layer)))
                .findFirst();
    }

    /** Every group with its members, and why the unprunable ones are so; for {@code prunesweep inspect}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        long prunableUnits = 0;
        long allUnits = 0;
        for (UnitGroup g : groups) {
            allUnits += g.width();
            prunableUnits += g.prunable() ? g.width() : 0;
            sb.append(String.format("group %d '%s': %d unit%s, %s%n", g.id(), g.name(), g.width(),
                    g.width() == 1 ? "" : "s", g.prunable() ? "prunable" : "NOT prunable: " + g.reason()));
            for (Member m : g.members()) {
                sb.append("    ").append(m.describe()).append('\n');
            }
        }
        sb.insert(0, String.format("%s: %d groups, %d of %d units prunable%n", network, groups.size(), prunableUnits,
                allUnits));
        return sb.toString();
    }
}
