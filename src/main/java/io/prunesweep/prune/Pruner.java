package io.prunesweep.prune;

import io.prunesweep.model.Net;
import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what to cut: takes scores from a {@link Criterion}, the ratio, the scope and the granularity,
 * and returns a {@link PrunePlan}. It never modifies the network; {@link MaskSet#applyTo} does.
 *
 * <p>Selection is deterministic: the lowest scores go first, ties broken by layer then unit index.
 * Units already removed by an earlier round ({@code previous}) are always selected first, so pruning is
 * cumulative and the final sparsity is exactly the last round's target.
 *
 * <p>Granularity nm keeps, in every group of M consecutive weights along the input dimension (see
 * {@link WeightGroups}), the max(N, M − round(s·M)) highest-scoring weights; scope and the per-layer cap
 * do not apply. Granularity block treats each block as a unit scored by {@link Criterion#scoreGroups},
 * selected per layer or globally like neurons, with the same per-layer cap as element pruning.
 */
public final class Pruner {
    private Pruner() {
    }

    /**
     * Checks, before any data is read or candidate run, that {@code net} can be pruned at granularity {@code g} with
     * {@code criterion}: it has targets of that granularity (layers, or unit groups for graphs and chains with batch
     * norm), and the criterion can score them.
     *
     * @throws PruneException naming why not
     */
    public static void check(Net net, Granularity g, CriterionKind criterion, boolean pruneOutputLayer) {
        if (GroupPlanner.applies(net, g)) {
            GroupPlanner.check(net, g, criterion);
            return;
        }
        Topology.of(net).targets(g, pruneOutputLayer);
        if (criterion == CriterionKind.BN && g.structured()) {
            throw new PruneException("criterion bn scores batch-norm scales of neurons or channels, and this model's "
                    + g.id() + " targets pass through no batch norm");
        }
        Criterion.of(criterion);
    }

    /** Whether {@code net} is pruned by unit groups at granularity {@code g} ({@link PrunePlan#byGroups}). */
    public static boolean byGroups(Net net, Granularity g) {
        return GroupPlanner.applies(net, g);
    }

    /** Plans one pruning step from scratch. */
    public static PrunePlan plan(Net net, PruneSettings s, ScoringContext ctx) {
        return plan(net, s, ctx, MaskSet.empty());
    }

    /**
     * Plans a pruning step on a network that may already be partly pruned.
     *
     * @param previous masks of earlier rounds; entries they removed stay removed
     */
    public static PrunePlan plan(Net net, PruneSettings s, ScoringContext ctx, MaskSet previous) {
        if (GroupPlanner.applies(net, s.granularity())) {
            return GroupPlanner.plan(net, s, ctx, previous);
        }
        Topology topo = Topology.of(net);
        List<PrunableLayer> targets = topo.targets(s.granularity(), s.pruneOutputLayer());
        Criterion criterion = Criterion.of(s.criterion());
        Granularity g = s.granularity();
        if (g == Granularity.NM) {
            return planNm(net, s, ctx, previous, targets, criterion);
        }

        List<float[]> scores = new ArrayList<>();
        List<int[][]> blocks = new ArrayList<>();
        for (PrunableLayer l : targets) {
            float[] sc;
            if (g == Granularity.BLOCK) {
                int[][] b = WeightGroups.blocks(l, ctx.shape(l.weightKey()), s.block().rows(), s.block().cols());
                blocks.add(b);
                sc = criterion.scoreGroups(ctx, l, b);
                markPreviousGroups(l, previous, b, sc);
            } else {
                sc = criterion.score(ctx, l, g);
                markPrevious(l, g, ctx, previous, sc);
            }
            scores.add(sc);
        }

        int[] caps = new int[targets.size()];
        long total = 0;
        for (int t = 0; t < targets.size(); t++) {
            int n = scores.get(t).length;
            int cap = (int) Math.floor(s.maxLayerSparsity() * n + 1e-9);
            caps[t] = !g.structured() ? cap : Math.min(cap, n - 1);
            total += n;
        }

        List<BitSet> removed = new ArrayList<>();
        targets.forEach(l -> removed.add(new BitSet()));
        long picked = 0;
        for (int idx : s.layerSparsity().keySet()) {
            if (targets.stream().noneMatch(l -> l.index() == idx)) {
                throw new PruneException("per-layer sparsity names layer " + idx + ", which is not a "
                        + g.id() + " pruning target of this model");
            }
        }
        if (s.scope() == Scope.LAYER) {
            for (int t = 0; t < targets.size(); t++) {
                int n = scores.get(t).length;
                int k = (int) Math.min(Math.round(s.sparsityOf(targets.get(t).index()) * n), caps[t]);
                Selection.markLowest(scores.get(t), k, removed.get(t));
                picked += k;
            }
        } else {
            long k = Math.round(s.sparsity() * total);
            long[] order = Selection.globalOrder(scores);
            int[] count = new int[targets.size()];
            for (int p = 0; p < order.length && picked < k; p++) {
                int t = (int) (order[p] >>> 32);
                int u = (int) order[p];
                if (count[t] < caps[t]) {
                    removed.get(t).set(u);
                    count[t]++;
                    picked++;
                }
            }
        }
        double achieved = total == 0 ? 0 : (double) picked / total;
        if (g == Granularity.BLOCK) {
            for (int t = 0; t < targets.size(); t++) {
                BitSet weights = new BitSet();
                BitSet r = removed.get(t);
                for (int b = r.nextSetBit(0); b >= 0; b = r.nextSetBit(b + 1)) {
                    for (int i : blocks.get(t)[b]) {
                        weights.set(i);
                    }
                }
                removed.set(t, weights);
            }
        }
        return build(net, s, targets, removed, previous, achieved);
    }

    /** N:M: per group keep the k best (k = max(N, M − round(s·M)), at most the group's size). */
    private static PrunePlan planNm(Net net, PruneSettings s, ScoringContext ctx, MaskSet previous,
                                    List<PrunableLayer> targets, Criterion criterion) {
        int n = s.nm().n();
        int m = s.nm().m();
        int keep = Math.max(n, m - (int) Math.round(s.sparsity() * m));
        List<BitSet> removed = new ArrayList<>();
        long picked = 0;
        long total = 0;
        for (PrunableLayer l : targets) {
            float[] sc = criterion.score(ctx, l, Granularity.ELEMENT);
            markPrevious(l, Granularity.ELEMENT, ctx, previous, sc);
            BitSet r = new BitSet();
            for (int[] group : WeightGroups.nm(l, ctx.shape(l.weightKey()), m)) {
                int drop = Math.max(0, group.length - keep);
                float[] gs = new float[group.length];
                for (int q = 0; q < group.length; q++) {
                    gs[q] = sc[group[q]];
                }
                for (int q : Selection.lowest(gs, drop)) {
                    r.set(group[q]);
                }
                picked += drop;
            }
            total += sc.length;
            removed.add(r);
        }
        return build(net, s, targets, removed, previous, total == 0 ? 0 : (double) picked / total);
    }

    /** Blocks whose weights were all removed in earlier rounds get -inf. */
    private static void markPreviousGroups(PrunableLayer l, MaskSet previous, int[][] groups, float[] sc) {
        ParamMask m = previous.masks().get(l.weightKey());
        if (m == null) {
            return;
        }
        for (int b = 0; b < groups.length; b++) {
            boolean gone = true;
            for (int i : groups[b]) {
                if (m.isKept(i)) {
                    gone = false;
                    break;
                }
            }
            if (gone) {
                sc[b] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** Units removed in earlier rounds get -inf so they are selected first. */
    private static void markPrevious(PrunableLayer l, Granularity g, ScoringContext ctx, MaskSet previous,
                                     float[] sc) {
        ParamMask m = previous.masks().get(l.weightKey());
        if (m == null) {
            return;
        }
        if (g == Granularity.ELEMENT) {
            for (int i = 0; i < sc.length; i++) {
                if (!m.isKept(i)) {
                    sc[i] = Float.NEGATIVE_INFINITY;
                }
            }
            return;
        }
        long[] shape = ctx.shape(l.weightKey());
        for (int j = 0; j < sc.length; j++) {
            boolean gone = true;
            for (int i : UnitSlices.producer(l, shape, j)) {
                if (m.isKept(i)) {
                    gone = false;
                    break;
                }
            }
            if (gone) {
                sc[j] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private static PrunePlan build(Net net, PruneSettings s, List<PrunableLayer> targets,
                                   List<BitSet> removed, MaskSet previous, double achieved) {
        Map<String, BitSet> cleared = new HashMap<>();
        Map<Integer, int[]> units = new HashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            PrunableLayer l = targets.get(t);
            BitSet r = removed.get(t);
            if (!s.granularity().structured()) {
                cleared.computeIfAbsent(l.weightKey(), k -> new BitSet()).or(r);
                continue;
            }
            units.put(l.index(), r.stream().toArray());
            long[] wShape = net.param(l.weightKey()).shape();
            String cKey = l.consumer() + "_W";
            long[] cShape = net.param(cKey).shape();
            BitSet w = cleared.computeIfAbsent(l.weightKey(), k -> new BitSet());
            // a layer built with hasBias(false) has no bias parameter to mask
            BitSet b = net.param(l.biasKey()) == null ? new BitSet()
                    : cleared.computeIfAbsent(l.biasKey(), k -> new BitSet());
            BitSet c = cleared.computeIfAbsent(cKey, k -> new BitSet());
            for (int j = r.nextSetBit(0); j >= 0; j = r.nextSetBit(j + 1)) {
                for (int i : UnitSlices.producer(l, wShape, j)) {
                    w.set(i);
                }
                b.set(j);
                for (int i : UnitSlices.consumer(l, cShape, j)) {
                    c.set(i);
                }
            }
        }
        List<ParamMask> masks = new ArrayList<>();
        for (Map.Entry<String, BitSet> e : cleared.entrySet()) {
            long[] shape = net.param(e.getKey()).shape();
            ParamMask all = ParamMask.all(e.getKey(), shape);
            BitSet kept = all.keptBits();
            kept.andNot(e.getValue());
            masks.add(new ParamMask(e.getKey(), shape, kept));
        }
        return new PrunePlan(s, units, MaskSet.of(masks).and(previous), achieved);
    }
}
