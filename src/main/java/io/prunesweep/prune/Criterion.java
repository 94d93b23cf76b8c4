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

    /** The criterion implementing a spec's criterion name. */
    static Criterion of(CriterionKind kind) {
        return switch (kind) {
            case MAGNITUDE -> new NormCriterion(NormCriterion.Norm.MEAN_ABS);
            case L1 -> new NormCriterion(NormCriterion.Norm.L1);
            case L2 -> new NormCriterion(NormCriterion.Norm.L2);
            case RANDOM -> new RandomCriterion();
            case TAYLOR -> new TaylorCriterion();
        };
    }
}
