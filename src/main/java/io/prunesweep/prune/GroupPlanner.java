package io.prunesweep.prune;

import io.prunesweep.graph.DependencyGraph;
import io.prunesweep.graph.GraphException;
import io.prunesweep.graph.GroupCriterion;
import io.prunesweep.graph.GroupPruner;
import io.prunesweep.graph.Member;
import io.prunesweep.graph.Role;
import io.prunesweep.graph.UnitGroup;
import io.prunesweep.model.Net;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Neuron and channel pruning by unit groups: the {@link DependencyGraph} says which parameter slices move with each
 * unit, a {@link GroupCriterion} scores the units over all of them, the {@link GroupPruner} picks the lowest (layer
 * or global scope, capped per group) and the plan's masks zero every slice of every removed unit, so the masked
 * network computes what {@link io.prunesweep.graph.GraphSurgeon#shrink} builds.
 *
 * <p>Which networks go this way ({@link #applies}): every {@code ComputationGraph}, and a {@code MultiLayerNetwork}
 * holding a layer the layer pruner cannot rewrite around (batch norm, depthwise or separable convolution, global
 * pooling, zero padding). Plain dense/convolution chains keep the layer pruner, whose plans and results are
 * unchanged by this class.
 *
 * <p>Granularity neuron prunes the groups written by dense layers, channel those written by convolutions. Scope
 * {@code layer} removes the ratio from every such group; in a graph the "layers" are the groups, so a residual
 * stream is one, however many blocks write it. Per-layer ratios ({@link PruneSettings#layerSparsity()}) are keyed
 * by group id accordingly. Batch-norm running mean and variance are not masked: a removed
 * unit's zero γ and β already make the batch norm output 0, in training and in inference.
 */
final class GroupPlanner {
    /** Layers the unit groups understand and the layer pruner does not. */
    private static final Set<Class<?>> GROUP_ONLY = Set.of(BatchNormalization.class, DepthwiseConvolution2D.class,
            SeparableConvolution2D.class, GlobalPoolingLayer.class, ZeroPaddingLayer.class);

    private GroupPlanner() {
    }

    /** Whether {@code net} is pruned by unit groups at granularity {@code g}. */
    static boolean applies(Net net, Granularity g) {
        return g.structured() && (net.isGraph()
                || net.layers().stream().anyMatch(n -> GROUP_ONLY.contains(n.layer().getClass())));
    }

    /**
     * The prunable groups of {@code dg} whose units granularity {@code g} removes.
     *
     * @throws PruneException when there is none, listing every group of that kind and why it is not prunable
     */
    static List<UnitGroup> targets(Net net, DependencyGraph dg, Granularity g) {
        List<UnitGroup> out = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        for (UnitGroup group : dg.groups()) {
            if (!isKind(net, group, g)) {
                continue;
            }
            if (group.prunable()) {
                out.add(group);
            } else {
                why.append("\n  group ").append(group.id()).append(" '").append(group.name()).append("': ")
                        .append(group.reason());
            }
        }
        if (out.isEmpty()) {
            throw new PruneException("the model has no unit group that supports " + g.id() + " pruning"
                    + (why.length() > 0 ? ":" + why : " (neuron: units written by dense layers; channel: by "
                    + "convolutions)"));
        }
        return out;
    }

    /** Checks that {@code criterion} can score the target groups (bn needs a batch norm in each). */
    static void check(Net net, Granularity g, CriterionKind criterion) {
        List<UnitGroup> targets = targets(net, graphOf(net), g);
        if (criterion == CriterionKind.BN) {
            for (UnitGroup group : targets) {
                if (group.members(Role.NORM).stream().noneMatch(m -> m.param().endsWith("_gamma"))) {
                    throw new PruneException("criterion bn scores batch-norm scales, and " + g.id() + " group "
                            + group.id() + " '" + group.name() + "' has no batch norm with a learned gamma");
                }
            }
        }
    }

    /**
     * The unit groups of {@code net}; a configuration the analysis cannot read (a cycle, an unreachable vertex) is a
     * {@link PruneException} like every other reason a model cannot be pruned, so the CLI and sweeps exit 2 on it.
     */
    static DependencyGraph graphOf(Net net) {
        try {
            return DependencyGraph.of(net);
        } catch (GraphException e) {
            throw new PruneException(e.getMessage(), e);
        }
    }

    /** Whether a group's units are written by dense layers (neuron) or convolutions (channel). */
    private static boolean isKind(Net net, UnitGroup group, Granularity g) {
        for (Member m : group.members(Role.OUTPUT)) {
            if (m.param().endsWith("_W") || m.param().endsWith("_pW")) {
                INDArray w = net.param(m.param());
                boolean dense = w != null && w.rank() == 2;
                return g == Granularity.NEURON ? dense : !dense;
            }
        }
        return false;
    }

    /** Plans one step at the settings' sparsity on top of {@code previous} (see {@link Pruner#plan}). */
    static PrunePlan plan(Net net, PruneSettings s, ScoringContext ctx, MaskSet previous) {
        DependencyGraph dg = graphOf(net);
        List<UnitGroup> targets = targets(net, dg, s.granularity());
        // per-layer ratios (a sensitivity cell, a budget allocation) are keyed by group id here: the group is the
        // "layer" of this pruner (see Prunable)
        for (int id : s.layerSparsity().keySet()) {
            if (targets.stream().noneMatch(g -> g.id() == id)) {
                throw new PruneException("per-layer sparsity names unit group " + id + ", which is not a "
                        + s.granularity().id() + " pruning target of this model (targets: groups "
                        + targets.stream().map(g -> g.id() + " '" + g.name() + "'").toList() + ")");
            }
        }
        Map<Integer, float[]> scores = scores(net, targets, s, ctx);
        for (UnitGroup g : targets) {
            markPrevious(net, g, previous, scores.get(g.id()));
        }
        GroupPruner.Plan cut;
        try {
            cut = GroupPruner.plan(targets, scores, s.sparsity(), s.layerSparsity(), s.scope() == Scope.GLOBAL,
                    s.maxLayerSparsity());
        } catch (GraphException | IllegalArgumentException e) {
            throw new PruneException(e.getMessage(), e);
        }
        Map<Integer, int[]> removed = new LinkedHashMap<>();
        Map<String, BitSet> cleared = new HashMap<>();
        for (Map.Entry<Integer, int[]> e : cut.kept().entrySet()) {
            UnitGroup g = dg.group(e.getKey());
            BitSet keep = new BitSet();
            for (int u : e.getValue()) {
                keep.set(u);
            }
            int[] gone = java.util.stream.IntStream.range(0, g.width()).filter(u -> !keep.get(u)).toArray();
            removed.put(g.id(), gone);
            for (Member m : g.members()) {
                if (!masked(m)) {
                    continue;
                }
                long[] shape = net.param(m.param()).shape();
                BitSet c = cleared.computeIfAbsent(m.param(), k -> new BitSet());
                for (int u : gone) {
                    if (m.covers(u)) {
                        forEachIndex(shape, m, u, c::set);
                    }
                }
            }
        }
        List<ParamMask> masks = new ArrayList<>();
        for (Map.Entry<String, BitSet> e : cleared.entrySet()) {
            long[] shape = net.param(e.getKey()).shape();
            BitSet kept = ParamMask.all(e.getKey(), shape).keptBits();
            kept.andNot(e.getValue());
            masks.add(new ParamMask(e.getKey(), shape, kept));
        }
        return new PrunePlan(s, removed, MaskSet.of(masks).and(previous), cut.achieved(), true, cut.capped());
    }

    /** Slices the masks zero: all but batch-norm running statistics (see the class comment). */
    private static boolean masked(Member m) {
        return m.role() != Role.NORM || m.param().endsWith("_gamma") || m.param().endsWith("_beta");
    }

    private static Map<Integer, float[]> scores(Net net, List<UnitGroup> targets, PruneSettings s,
                                                ScoringContext ctx) {
        Map<Integer, float[]> out = new HashMap<>();
        if (s.criterion() == CriterionKind.RANDOM) {
            for (UnitGroup g : targets) {
                // one stream per group, so a group's scores do not depend on which other groups are targets
                SplittableRandom r = new SplittableRandom(s.seed() * 31 + g.id());
                float[] sc = new float[g.width()];
                for (int u = 0; u < sc.length; u++) {
                    sc[u] = (float) r.nextDouble();
                }
                out.put(g.id(), sc);
            }
            return out;
        }
        GroupCriterion criterion = GroupCriterion.of(s.criterion().id());
        List<Map<String, INDArray>> products = List.of();
        if (criterion.needsGradients()) {
            if (ctx.batches().isEmpty()) {
                throw new PruneException("the taylor criterion needs training minibatches, none were given");
            }
            products = GroupCriterion.taylorProducts(net.model(), ctx.batches());
            net.clear();
        }
        try {
            for (UnitGroup g : targets) {
                out.put(g.id(), criterion.score(net.model(), g, products));
            }
        } catch (GraphException e) {
            throw new PruneException(e.getMessage(), e);
        }
        return out;
    }

    /** Units whose producer weights an earlier round removed get -inf, so they are removed again first. */
    private static void markPrevious(Net net, UnitGroup g, MaskSet previous, float[] sc) {
        for (int u = 0; u < g.width(); u++) {
            boolean seen = false;
            boolean gone = true;
            for (Member m : g.membersOf(u)) {
                ParamMask mask = m.role() == Role.OUTPUT ? previous.masks().get(m.param()) : null;
                if (mask == null) {
                    continue;
                }
                seen = true;
                boolean[] kept = {false};
                forEachIndex(mask.shape(), m, u, i -> kept[0] |= mask.isKept(i));
                gone &= !kept[0];
            }
            if (seen && gone) {
                sc[u] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** The C-order flat indices of {@code m}'s slice of unit {@code u} in an array of {@code shape}. */
    static void forEachIndex(long[] shape, Member m, int u, IntConsumer action) {
        long outer = 1;
        for (int d = 0; d < m.axis(); d++) {
            outer *= shape[d];
        }
        long inner = 1;
        for (int d = m.axis() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long n = shape[m.axis()];
        long from = m.start(u);
        for (long o = 0; o < outer; o++) {
            for (long k = from; k < from + m.block(); k++) {
                long base = (o * n + k) * inner;
                for (long i = 0; i < inner; i++) {
                    action.accept((int) (base + i));
                }
            }
        }
    }

    /** Per group of {@code plan}, the units kept: what {@link io.prunesweep.graph.GraphSurgeon} takes. */
    static Map<Integer, int[]> kept(DependencyGraph dg, PrunePlan plan) {
        Map<Integer, int[]> out = new LinkedHashMap<>();
        plan.removedUnits().forEach((id, gone) -> {
            if (gone.length > 0) {
                BitSet r = new BitSet();
                for (int u : gone) {
                    r.set(u);
                }
                out.put(id, java.util.stream.IntStream.range(0, dg.group(id).width()).filter(u -> !r.get(u))
                        .toArray());
            }
        });
        return out;
    }
}
