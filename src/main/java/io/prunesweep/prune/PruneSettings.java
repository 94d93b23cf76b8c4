package io.prunesweep.prune;

import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Scope;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pruning step.
 *
 * @param criterion        how units are scored
 * @param granularity      element, neuron or channel
 * @param scope            layer-wise (each layer to the ratio) or global (one threshold over all layers)
 * @param sparsity         fraction of units to remove, in [0, 1): of weights for element granularity, of
 *                         neurons/channels for structured granularity
 * @param pruneOutputLayer whether the output layer's weights may be pruned (element granularity only; its
 *                         units, the classes, are never removed)
 * @param maxLayerSparsity cap per layer in (0, 1] so that global scope never empties a layer; structured
 *                         pruning always keeps at least one unit per layer
 * @param seed             candidate seed (random criterion, tie-breaks are by index and need none)
 * @param nm               the N:M pattern when granularity is nm (default 2:4), else ignored. The round's
 *                         sparsity s sets how many each group keeps, max(N, M − round(s·M)), so a sparsity
 *                         of 1 − N/M (or more) gives exactly the pattern and smaller ones a gentler ramp
 * @param block            the block shape when granularity is block (default 4x1), else ignored; sparsity
 *                         is then the fraction of blocks removed
 * @param layerSparsity    optional per-layer ratios (layer index, or unit group id where the network is pruned by
 *                         unit groups, see {@link Prunable} → ratio in [0, 1)) used instead of
 *                         {@code sparsity} in layer scope: a listed layer is pruned to its own ratio and an
 *                         unlisted one to {@code sparsity} (0 prunes only the listed layers). Empty = one
 *                         ratio for all. Only for element/neuron/channel/block granularity in layer scope.
 *                         {@link #withSparsity} scales every entry by the same factor.
 */
public record PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                            boolean pruneOutputLayer, double maxLayerSparsity, long seed, NmPattern nm,
                            BlockShape block, Map<Integer, Double> layerSparsity) implements Serializable {

    /** Settings with the default N:M pattern and block shape. */
    public PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                         boolean pruneOutputLayer, double maxLayerSparsity, long seed) {
        this(criterion, granularity, scope, sparsity, pruneOutputLayer, maxLayerSparsity, seed, null, null);
    }

    /** Settings with one ratio for every layer. */
    public PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                         boolean pruneOutputLayer, double maxLayerSparsity, long seed, NmPattern nm,
                         BlockShape block) {
        this(criterion, granularity, scope, sparsity, pruneOutputLayer, maxLayerSparsity, seed, nm, block, null);
    }

    /**
     * A method under caps at one sparsity, or at per-layer ratios ({@code layerSparsity}, null or empty for
     * none): the one way a candidate, a sensitivity cell, a budget measurement or the prune command turns
     * spec values into settings.
     */
    public static PruneSettings of(PruneMethod method, Caps caps, double sparsity, long seed,
                                   Map<Integer, Double> layerSparsity) {
        return new PruneSettings(method.criterion(), method.granularity(), method.scope(), sparsity,
                caps.pruneOutputLayer(), caps.maxLayerSparsity(), seed, method.nm(), method.block(), layerSparsity);
    }

    /**
     * How a candidate prunes: its method under its caps at its target sparsity. A budget candidate prunes each
     * layer to the ratio allocated for its budget ({@code budgetRatios}, ignored otherwise), and its sparsity
     * is the largest of them, the one multi-round schedules scale.
     *
     * @throws PruneException for a budget candidate without ratios
     */
    public static PruneSettings forCandidate(CandidateConfig cfg, long seed,
                                             Map<Integer, Double> budgetRatios) {
        if (cfg.target().budget() == null) {
            return of(cfg.method(), cfg.caps(), cfg.target().sparsity(), seed, null);
        }
        if (budgetRatios == null) {
            throw new PruneException("no per-layer ratios for budget " + cfg.target().budget().id());
        }
        double max = budgetRatios.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return of(cfg.method(), cfg.caps(), max, seed, budgetRatios);
    }

    /** The ratio layer {@code index} is pruned to in layer scope. */
    public double sparsityOf(int index) {
        return layerSparsity.getOrDefault(index, sparsity);
    }

    public PruneSettings {
        nm = nm == null ? NmPattern.DEFAULT : nm;
        block = block == null ? BlockShape.DEFAULT : block;
        if (criterion == null || granularity == null || scope == null) {
            throw new PruneException("criterion, granularity and scope are required");
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new PruneException("sparsity must be in [0, 1), found " + sparsity);
        }
        layerSparsity = layerSparsity == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(layerSparsity));
        for (var e : layerSparsity.entrySet()) {
            if (e.getValue() == null || !(e.getValue() >= 0 && e.getValue() < 1)) {
                throw new PruneException("layer " + e.getKey() + " sparsity must be in [0, 1), found " + e.getValue());
            }
        }
        if (!layerSparsity.isEmpty() && (scope != Scope.LAYER || granularity == Granularity.NM)) {
            throw new PruneException("per-layer sparsity needs layer scope and element, neuron, channel or block "
                    + "granularity");
        }
        if (!(maxLayerSparsity > 0 && maxLayerSparsity <= 1)) {
            throw new PruneException("maxLayerSparsity must be in (0, 1], found " + maxLayerSparsity);
        }
    }

    /**
     * The same settings with another target sparsity (for multi-round schedules). Per-layer ratios are scaled
     * by {@code s / sparsity()} (kept when that is 1, cleared to 0 when {@code s} is 0), so a round at half
     * the target prunes every layer to half its own ratio.
     */
    public PruneSettings withSparsity(double s) {
        Map<Integer, Double> scaled = new TreeMap<>();
        if (s != sparsity) {
            double f = sparsity == 0 ? 0 : s / sparsity;
            layerSparsity.forEach((k, v) -> scaled.put(k, Math.min(v * f, Math.nextDown(1.0))));
        } else {
            scaled.putAll(layerSparsity);
        }
        return new PruneSettings(criterion, granularity, scope, s, pruneOutputLayer, maxLayerSparsity, seed, nm, block,
                scaled);
    }
}
