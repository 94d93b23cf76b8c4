package io.prunesweep.prune;

import io.prunesweep.prune.Topology.PrunableLayer;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.Granularity;

/**
 * Scores the units of one layer: one score per weight (element granularity) or per neuron/channel.
 * Higher means more important; a criterion only scores, the {@link Pruner} decides what to cut.
 */
@FunctionalInterface
public interface Criterion {

    /**
     * @param ctx   the network and whatever data the criterion needs
     * @param layer the layer whose units are scored
     * @param g     granularity: element scores have one entry per weight (C order), structured ones per unit
     */
    float[] score(ScoringContext ctx, PrunableLayer layer, Granularity g);

    /**
     * Scores groups of weights of one layer (blocks), one score per group; each group lists flat C-order
     * indices into the layer's weights. The default is the mean of the element scores.
     */
    default float[] scoreGroups(ScoringContext ctx, PrunableLayer layer, int[][] groups) {
        float[] e = score(ctx, layer, Granularity.ELEMENT);
        float[] s = new float[groups.length];
        for (int b = 0; b < groups.length; b++) {
            double acc = 0;
            for (int i : groups[b]) {
                acc += e[i];
            }
            s[b] = (float) (acc / groups[b].length);
        }
        return s;
    }

    /** The criterion implementing a spec's criterion name. */
    static Criterion of(CriterionKind kind) {
        return switch (kind) {
            case MAGNITUDE -> new NormCriterion(NormCriterion.Norm.MEAN_ABS);
            case L1 -> new NormCriterion(NormCriterion.Norm.L1);
            case L2 -> new NormCriterion(NormCriterion.Norm.L2);
            case RANDOM -> new RandomCriterion();
            case TAYLOR -> new TaylorCriterion();
            // γ belongs to a unit group (producer, batch norm, readers), not to one layer's weights
            case BN -> throw new PruneException("criterion bn scores the batch-norm scale of whole neurons or "
                    + "channels: it works with neuron or channel granularity on networks with batch normalisation, "
                    + "not with element, nm or block granularity");
        };
    }
}
