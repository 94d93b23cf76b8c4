package io.prunesweep.prune;

import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.BlockShape;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.NmPattern;
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
 * @param nm               the N:M pattern when granularity is nm (default 2:4), else ignored. The round's
 *                         sparsity s sets how many each group keeps, max(N, M − round(s·M)), so a sparsity
 *                         of 1 − N/M (or more) gives exactly the pattern and smaller ones a gentler ramp
 * @param block            the block shape when granularity is block (default 4x1), else ignored; sparsity
 *                         is then the fraction of blocks removed
 */
public record PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                            boolean pruneOutputLayer, double maxLayerSparsity, long seed, NmPattern nm,
                            BlockShape block) implements Serializable {

    /** Settings with the default N:M pattern and block shape. */
    public PruneSettings(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
                         boolean pruneOutputLayer, double maxLayerSparsity, long seed) {
        this(criterion, granularity, scope, sparsity, pruneOutputLayer, maxLayerSparsity, seed, null, null);
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
        if (!(maxLayerSparsity > 0 && maxLayerSparsity <= 1)) {
            throw new PruneException("maxLayerSparsity must be in (0, 1], found " + maxLayerSparsity);
        }
    }

    /** The same settings with another target sparsity (for multi-round schedules). */
    public PruneSettings withSparsity(double s) {
        return new PruneSettings(criterion, granularity, scope, s, pruneOutputLayer, maxLayerSparsity, seed, nm, block);
    }
}
