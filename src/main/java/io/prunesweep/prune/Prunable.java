package io.prunesweep.prune;

import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.graph.Member;
import io.prunesweep.graph.Role;
import io.prunesweep.graph.UnitGroup;
import io.prunesweep.model.Net;
import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.Granularity;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thing the pruner prunes to its own ratio in layer scope: the key of {@link PruneSettings#layerSparsity()},
 * and so a row of the sensitivity table and an entry of a budget allocation. Which things those are follows
 * {@link Pruner#plan}: a layer ({@link Topology}) where the network is pruned layer by layer, a unit group
 * ({@link DependencyGraph}, the targets {@link GroupPlanner} prunes) where it is pruned by groups ({@link
 * Pruner#byGroups}: every {@code ComputationGraph} and a chain with batch norm or depthwise layers, at neuron or
 * channel granularity). A group is the "layer" there because its units can only be removed together: pruning a
 * residual stream's producers to different ratios is not possible.
 *
 * @param index  the {@code layerSparsity} key: the layer's index in the network, or the group's id
 * @param name   the layer's name in parameter keys, or the group's name (its producer layers joined by {@code +})
 * @param type   the layer's class ({@code DenseLayer}), or for a group {@code group of} and the classes of the
 *               layers computing its units, in network order ({@code group of DenseLayer+BatchNormalization})
 * @param params the layer's weights and bias, or every parameter slice that moves with the group's units
 *               (producers, batch norms, depthwise filters and the readers' input slices)
 * @param group  whether this is a unit group
 */
public record Prunable(int index, String name, String type, long params, boolean group) {
    /** How a group's {@link #type} starts. */
    public static final String GROUP_TYPE = "group of ";

    public Prunable {
        if (index < 0 || name == null || type == null || params < 0) {
            throw new IllegalArgumentException("prunable " + index + " '" + name + "' needs an index >= 0, a name, a "
                    + "type and params >= 0, found type " + type + ", params " + params);
        }
    }

    /**
     * The targets of {@code net} at granularity {@code g}, in network (layer) or group-id order.
     *
     * @param pruneOutputLayer whether element-wise pruning may touch the output layer (layer targets only)
     * @throws PruneException when the network has no target of that granularity, naming why
     */
    public static List<Prunable> of(Net net, Granularity g, boolean pruneOutputLayer) {
        List<Prunable> out = new ArrayList<>();
        if (GroupPlanner.applies(net, g)) {
            for (UnitGroup u : GroupPlanner.targets(net, GroupPlanner.graphOf(net), g)) {
                out.add(new Prunable(u.id(), u.name(), GROUP_TYPE + classes(net, u), params(net, u), true));
            }
            return out;
        }
        for (PrunableLayer l : Topology.of(net).targets(g, pruneOutputLayer)) {
            if (!out.isEmpty() && out.get(out.size() - 1).index() == l.index()) {
                continue; // a separable convolution's second weight array: one target per layer
            }
            Map<String, INDArray> p = net.layerParams(l.name());
            long params = p.get("W").length() + (p.get("b") == null ? 0 : p.get("b").length())
                    + (p.get("pW") == null ? 0 : p.get("pW").length());
            out.add(new Prunable(l.index(), l.name(), l.type(), params, false));
        }
        return out;
    }

    /** The target with layer index or group id {@code index}. */
    public static Prunable of(Net net, Granularity g, boolean pruneOutputLayer, int index) {
        List<Prunable> all = of(net, g, pruneOutputLayer);
        return all.stream().filter(t -> t.index() == index).findFirst().orElseThrow(() -> new PruneException(
                (GroupPlanner.applies(net, g) ? "unit group " : "layer ") + index + " is not a " + g.id()
                        + " pruning target of this model; targets: " + all.stream().map(Prunable::index).toList()));
    }

    /**
     * What a sensitivity row records as the type: the layer's class, or for a group {@code group '<name>' of}
     * and its classes, so the table says which layers a group index stands for.
     */
    public String label() {
        return group ? "group '" + name + "' of " + type.substring(GROUP_TYPE.length()) : type;
    }

    /** Classes of the layers computing the group's units (producers, batch norms, depthwise), network order. */
    private static String classes(Net net, UnitGroup u) {
        Set<String> layers = new LinkedHashSet<>();
        for (Member m : u.members()) {
            if (m.role() != Role.INPUT) {
                layers.add(m.layer());
            }
        }
        Set<String> types = new LinkedHashSet<>();
        for (Net.Node n : net.nodes()) {
            if (layers.contains(n.name())) {
                types.add(n.type());
            }
        }
        return String.join("+", types);
    }

    /**
     * Distinct elements of all member slices: a layer that reads the group and also writes it (the second layer of
     * a residual block) holds one slice per role over the same array, and its elements count once.
     */
    private static long params(Net net, UnitGroup u) {
        Map<String, BitSet> covered = new LinkedHashMap<>();
        for (Member m : u.members()) {
            long[] shape = net.param(m.param()).shape();
            BitSet c = covered.computeIfAbsent(m.param(), k -> new BitSet());
            for (int unit = m.firstUnit(); unit < m.firstUnit() + m.units(); unit++) {
                GroupPlanner.forEachIndex(shape, m, unit, c::set);
            }
        }
        return covered.values().stream().mapToLong(BitSet::cardinality).sum();
    }
}
