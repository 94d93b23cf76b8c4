package io.prunesweep.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * One point of the search space: everything that determines how a candidate is pruned and
 * fine-tuned.
 *
 * @param criterion        how weights are scored
 * @param granularity      what one pruning decision removes
 * @param scope            whether scores compete per layer or globally
 * @param sparsity         target fraction of prunable weights removed, in [0, 1)
 * @param schedule         when pruning happens relative to fine-tuning
 * @param rounds           pruning rounds of iterative/lottery schedules, &ge; 1; exactly 1 for schedules
 *                         that do not use rounds (one-shot, gradual), so they never yield duplicate ids
 * @param fineTuneEpochs   fine-tuning epochs after pruning, &ge; 0
 * @param learningRate     fine-tuning learning rate, &gt; 0
 * @param batchSize        fine-tuning mini-batch size, &ge; 1
 * @param pruneOutputLayer whether the output layer may be pruned too
 * @param maxLayerSparsity cap on any single layer's sparsity, in (0, 1]
 * @param nm               the N:M pattern for granularity nm (then sparsity must be 1 − N/M), else null
 * @param block            the block shape for granularity block, else null
 * @param budget           for a budget candidate, the budget its per-layer ratios are allocated to meet (then
 *                         scope is layer, sparsity is 0 and the ratios come from the sensitivity table);
 *                         else null
 */
public record CandidateConfig(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
        ScheduleKind schedule, int rounds, int fineTuneEpochs, double learningRate, int batchSize,
        boolean pruneOutputLayer, double maxLayerSparsity, NmPattern nm, BlockShape block, Budget budget)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public CandidateConfig {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(schedule, "schedule");
        Limits.sparsity("sparsity", sparsity);
        Limits.fineTuneEpochs("fineTuneEpochs", fineTuneEpochs);
        Limits.learningRate("learningRate", learningRate);
        Limits.batchSize("batchSize", batchSize);
        Limits.maxLayerSparsity("maxLayerSparsity", maxLayerSparsity);
        Limits.rounds("rounds", rounds);
        if (!schedule.usesRounds() && rounds != 1) {
            throw new IllegalArgumentException("schedule " + schedule.id() + " has no rounds; rounds must be 1, found "
                    + rounds);
        }
        if ((granularity == Granularity.NM) != (nm != null)) {
            throw new IllegalArgumentException("an N:M pattern is given exactly for granularity nm");
        }
        if ((granularity == Granularity.BLOCK) != (block != null)) {
            throw new IllegalArgumentException("a block shape is given exactly for granularity block");
        }
        if (budget != null && (scope != Scope.LAYER || sparsity != 0
                || !(granularity == Granularity.ELEMENT || granularity.structured()))) {
            throw new IllegalArgumentException("a budget candidate has scope layer, sparsity 0 and granularity "
                    + "element, neuron or channel");
        }
        if (nm != null && sparsity != nm.sparsity()) {
            throw new IllegalArgumentException("granularity nm " + nm.id() + " implies sparsity " + nm.sparsity()
                    + ", found " + sparsity);
        }
    }

    /** A configuration without a budget. */
    public CandidateConfig(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
            ScheduleKind schedule, int rounds, int fineTuneEpochs, double learningRate, int batchSize,
            boolean pruneOutputLayer, double maxLayerSparsity, NmPattern nm, BlockShape block) {
        this(criterion, granularity, scope, sparsity, schedule, rounds, fineTuneEpochs, learningRate, batchSize,
                pruneOutputLayer, maxLayerSparsity, nm, block, null);
    }

    /**
     * A one-round configuration of element/neuron/channel granularity (the pre-schedule shape); for nm
     * and block granularity the default pattern (2:4, 4x1) is used and, for nm, the sparsity is ignored.
     */
    public CandidateConfig(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
            ScheduleKind schedule, int fineTuneEpochs, double learningRate, int batchSize, boolean pruneOutputLayer,
            double maxLayerSparsity) {
        this(criterion, granularity, scope, granularity == Granularity.NM ? NmPattern.DEFAULT.sparsity() : sparsity,
                schedule, 1, fineTuneEpochs, learningRate, batchSize, pruneOutputLayer, maxLayerSparsity,
                granularity == Granularity.NM ? NmPattern.DEFAULT : null,
                granularity == Granularity.BLOCK ? BlockShape.DEFAULT : null);
    }

    /** The same configuration with another schedule (rounds kept when both use rounds, else 1). */
    public CandidateConfig withSchedule(ScheduleKind other) {
        int r = schedule.usesRounds() && other.usesRounds() ? rounds : 1;
        return new CandidateConfig(criterion, granularity, scope, sparsity, other, r, fineTuneEpochs, learningRate,
                batchSize, pruneOutputLayer, maxLayerSparsity, nm, block, budget);
    }

    /** The same configuration with another fine-tune budget (successive halving's next rung). */
    public CandidateConfig withFineTuneEpochs(int epochs) {
        return new CandidateConfig(criterion, granularity, scope, sparsity, schedule, rounds, epochs, learningRate,
                batchSize, pruneOutputLayer, maxLayerSparsity, nm, block, budget);
    }

    /**
     * A stable, human-readable, locale-independent rendering of every field, e.g.
     * {@code criterion=magnitude;granularity=element;scope=layer;sparsity=0.9;schedule=one-shot;rounds=1;
     * fineTuneEpochs=1;learningRate=0.001;batchSize=128;pruneOutputLayer=false;maxLayerSparsity=0.99},
     * followed by {@code ;nm=2:4} or {@code ;block=4x1} for those granularities only, and
     * {@code ;budget=nonzero_params<=25000} for budget candidates only. Numerically equal doubles render identically. Candidate ids and seeds are hashed from it, so
     * changing this format changes every id.
     */
    public String canonical() {
        return "criterion=" + criterion.id()
                + ";granularity=" + granularity.id()
                + ";scope=" + scope.id()
                + ";sparsity=" + Canon.num(sparsity)
                + ";schedule=" + schedule.id()
                + ";rounds=" + rounds
                + ";fineTuneEpochs=" + fineTuneEpochs
                + ";learningRate=" + Canon.num(learningRate)
                + ";batchSize=" + batchSize
                + ";pruneOutputLayer=" + pruneOutputLayer
                + ";maxLayerSparsity=" + Canon.num(maxLayerSparsity)
                + (nm != null ? ";nm=" + nm.id() : "")
                + (block != null ? ";block=" + block.id() : "")
                + (budget != null ? ";budget=" + budget.canonical() : "");
    }
}
