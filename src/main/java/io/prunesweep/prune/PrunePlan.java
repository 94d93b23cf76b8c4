package io.prunesweep.prune;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pruner decided: the masks to apply and, for neuron/channel granularity, which units were removed (what
 * the {@link Surgeon} needs to build the physically smaller network). The plan is the replayable record of
 * pruning, not only its effect on the weights.
 *
 * <p>Structured units are counted in one of two ways ({@link #byGroups}): a {@code MultiLayerNetwork} is pruned
 * layer by layer ({@link Topology}), so a unit is a neuron or channel of one layer, unless it holds a batch-norm,
 * depthwise, separable, global-pooling or zero-padding layer; those chains and every {@code ComputationGraph} are
 * pruned by unit groups ({@link io.prunesweep.graph.DependencyGraph}), so a unit is a channel of a group: the same
 * channel of every layer that writes it (all branches of a residual add), its batch norms, its depthwise filters
 * and its readers.
 *
 * @param settings     the settings that produced it
 * @param removedUnits layer index (or, {@link #byGroups}, group id) → sorted removed unit indices (empty for
 *                     element, nm and block granularity)
 * @param masks        the masks, including consumer slices for structured pruning
 * @param achieved     the fraction of target units actually removed (may fall short of the target when
 *                     per-layer or per-group caps bind)
 * @param byGroups     whether {@code removedUnits} is keyed by unit group rather than by layer
 * @param capped       one line per layer or group whose removal a cap limited, for the log and {@code prune}
 */
public record PrunePlan(PruneSettings settings, Map<Integer, int[]> removedUnits, MaskSet masks, double achieved,
                        boolean byGroups, List<String> capped) {
    public PrunePlan {
        removedUnits = Collections.unmodifiableMap(new TreeMap<>(removedUnits));
        capped = List.copyOf(capped);
    }

    /** A plan of the layer pruner, keyed by layer, with no capping notes. */
    public PrunePlan(PruneSettings settings, Map<Integer, int[]> removedUnits, MaskSet masks, double achieved) {
        this(settings, removedUnits, masks, achieved, false, List.of());
    }
}
