package io.prunesweep.prune;

import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.Scope;
import java.io.Serializable;

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
 */
public record PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                            boolean pruneOutputLayer, double maxLayerSparsity, long seed) implements Serializable {
    public PruneSettings {
        if (criterion == null || granularity == null || scope == null) {
            throw new PruneException("criterion, granularity and scope are required");
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new PruneException("sparsity must be in [0, 1), found " + sparsity);
        }
        if (!(maxLayerSparsity > 0 && maxLayerSparsity <= 1)) {
            throw new PruneException("maxLayerSparsity must be in (0, 1], found " + maxLayerSparsity);
        }
    }

    /** The same settings with another target sparsity (for multi-round schedules). */
    public PruneSettings withSparsity(double s) {
        return new PruneSettings(criterion, granularity, scope, s, pruneOutputLayer, maxLayerSparsity, seed);
    }
}
