package io.prunesweep.prune;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pruner decided: the masks to apply and, for neuron/channel granularity, which units of which
 * layer were removed (what the {@link Surgeon} needs to build the physically smaller network). The plan is
 * the replayable record of pruning, not only its effect on the weights.
 *
 * @param settings     the settings that produced it
 * @param removedUnits layer index → sorted removed unit indices (empty for element granularity)
 * @param masks        the masks, including consumer slices for structured pruning
 * @param achieved     the fraction of target units actually removed (may fall short of the target when
 *                     per-layer caps bind)
 */
public record PrunePlan(PruneSettings settings, Map<Integer, int[]> removedUnits, MaskSet masks, double achieved) {
    public PrunePlan {
        removedUnits = Collections.unmodifiableMap(new TreeMap<>(removedUnits));
    }
}
