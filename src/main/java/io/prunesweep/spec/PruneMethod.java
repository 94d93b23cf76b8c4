package io.prunesweep.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * How one candidate decides what to cut.
 *
 * @param criterion   how weights are scored
 * @param granularity what one pruning decision removes
 * @param scope       whether scores compete per layer or globally
 * @param nm          the N:M pattern, given exactly for granularity nm, else null
 * @param block       the block shape, given exactly for granularity block, else null
 */
public record PruneMethod(CriterionKind criterion, Granularity granularity, Scope scope, NmPattern nm,
        BlockShape block) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PruneMethod {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(scope, "scope");
        Check.that((granularity == Granularity.NM) == (nm != null), "nm", nm,
                "an N:M pattern is given exactly for granularity nm");
        Check.that((granularity == Granularity.BLOCK) == (block != null), "block", block,
                "a block shape is given exactly for granularity block");
    }

    /** The default N:M pattern (2:4) or block shape (4x1) when the granularity needs one. */
    public PruneMethod(CriterionKind criterion, Granularity granularity, Scope scope) {
        this(criterion, granularity, scope, granularity == Granularity.NM ? NmPattern.DEFAULT : null,
                granularity == Granularity.BLOCK ? BlockShape.DEFAULT : null);
    }
}
