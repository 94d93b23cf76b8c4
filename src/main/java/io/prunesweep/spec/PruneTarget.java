package io.prunesweep.spec;

import java.io.Serializable;

/**
 * How much one candidate prunes: a uniform sparsity, or a budget met by per-layer ratios.
 *
 * @param sparsity target fraction of prunable weights removed, in [0, 1); 0 for a budget candidate
 * @param budget   for a budget candidate, the budget its per-layer ratios are allocated to meet, else null
 */
public record PruneTarget(double sparsity, Budget budget) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PruneTarget {
        sparsity("sparsity", sparsity);
        Check.that(budget == null || sparsity == 0, "sparsity", sparsity, "a budget candidate has sparsity 0");
    }

    /** A uniform sparsity. */
    public PruneTarget(double sparsity) {
        this(sparsity, null);
    }

    /** The rule for one sparsity, shared with {@link TargetSpace}. */
    static double sparsity(String field, double s) {
        Check.that(s >= 0 && s < 1, field, s, "must be in [0, 1)");
        return s;
    }
}
