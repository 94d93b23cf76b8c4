package io.prunesweep.spec;

import java.io.Serializable;
import java.util.List;

/**
 * How much a sweep's candidates prune: uniform target sparsities, and resource budgets whose per-layer ratios
 * come from the sensitivity table. Read from the {@code space} keys {@code sparsity} and {@code budget}.
 *
 * @param sparsities target sparsities, each in [0, 1), no duplicates (-0.0 is read as 0.0); at least one
 *                   unless budgets are given, then may be empty
 * @param budgets    resource budgets, no duplicates; may be empty
 */
public record TargetSpace(List<Double> sparsities, List<Budget> budgets) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TargetSpace {
        budgets = Check.distinctOrEmpty("budget", budgets);
        // -0.0 and 0.0 are the same sparsity (and the same canonical text, hence the same candidate id)
        sparsities = budgets.isEmpty() || (sparsities != null && !sparsities.isEmpty())
                ? Check.distinct("sparsity", Check.plusZero(sparsities)) : List.of();
        Check.each("sparsity", sparsities, PruneTarget::sparsity);
    }

    /** Uniform sparsities, no budgets. */
    public TargetSpace(List<Double> sparsities) {
        this(sparsities, List.of());
    }

    /** Reads its keys of {@code space}: sparsity is required unless budget is given. */
    static TargetSpace read(Section s) {
        List<Budget> budgets = s.parsedList("budget", List.of(), Budget::parse, "\"nonzero_params<=25000\"");
        List<Double> sparsities = s.numbers("sparsity", budgets.isEmpty() ? null : List.of());
        return s.build(() -> new TargetSpace(sparsities, budgets));
    }
}
