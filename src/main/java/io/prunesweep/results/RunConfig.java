package io.prunesweep.results;

import io.prunesweep.spec.Budget;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a result's candidate was pruned and fine-tuned, as recorded with its result. The spec's groups are
 * reused as they are; only the target differs from {@link CandidateConfig}'s: a budget row records the
 * sparsity its allocation achieved, and the budget without the sensitivity settings it was allocated from
 * (the spec names those once).
 *
 * @param method         criterion, granularity, scope and the N:M pattern or block shape
 * @param targetSparsity the requested sparsity, or for a budget row the sparsity its allocation asked for over
 *                       the prunable units; in [0, 1]
 * @param budget         the budget of a budget candidate, else null
 * @param schedule       the schedule and its rounds
 * @param fineTune       epochs, learning rate and batch size of fine-tuning
 * @param caps           what the pruner could not prune beyond
 */
public record RunConfig(PruneMethod method, double targetSparsity, Budget budget, Schedule schedule,
                        FineTune fineTune, Caps caps) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RunConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fineTune, "fineTune");
        Objects.requireNonNull(caps, "caps");
        if (!(targetSparsity >= 0 && targetSparsity <= 1)) {
            throw new IllegalArgumentException("targetSparsity must be in [0, 1], found " + targetSparsity);
        }
        // the basis is the spec's sensitivity section; a row read back from its file has none, so never keep it
        budget = budget == null || budget.basis() == null ? budget : new Budget(budget.metric(), budget.limit());
    }

    /** What a candidate's configuration records. */
    public static RunConfig of(CandidateConfig c) {
        return new RunConfig(c.method(), c.target().sparsity(), c.target().budget(), c.schedule(), c.fineTune(),
                c.caps());
    }

    /** The same configuration with another target sparsity (a budget row records what its allocation achieved). */
    public RunConfig withTargetSparsity(double sparsity) {
        return new RunConfig(method, sparsity, budget, schedule, fineTune, caps);
    }

    /** The N:M pattern ({@code 2:4}) or block shape ({@code 4x1}) of those granularities, else empty. */
    public String pattern() {
        return method.nm() != null ? method.nm().id() : method.block() != null ? method.block().id() : "";
    }

    /** The budget's id ({@code nonzero_params<=25000}), or empty without a budget. */
    public String budgetId() {
        return budget == null ? "" : budget.id();
    }

    /** A short human label: {@code magnitude/element/layer@0.9 one-shot ft1 lr0.001}. */
    public String label() {
        String pattern = pattern();
        return method.criterion().id() + "/" + method.granularity().id() + (pattern.isEmpty() ? "" : " " + pattern)
                + "/" + method.scope().id() + (budget == null ? "@" + targetSparsity : " budget " + budget.id())
                + " " + schedule.kind().id() + (schedule.rounds() > 1 ? " x" + schedule.rounds() : "")
                + " ft" + fineTune.epochs() + " lr" + fineTune.learningRate();
    }
}
