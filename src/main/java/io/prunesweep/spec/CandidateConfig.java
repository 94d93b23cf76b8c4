package io.prunesweep.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * One point of the search space: everything that determines how a candidate is pruned and fine-tuned,
 * grouped as the spec's {@code space} section is.
 *
 * @param method   what it cuts: criterion, granularity, scope and the nm/block pattern
 * @param target   how much: a sparsity, or a budget (then scope is layer, the granularity element, neuron or
 *                 channel, and the per-layer ratios come from the sensitivity table)
 * @param schedule when it prunes relative to fine-tuning, and in how many rounds
 * @param fineTune how it is fine-tuned
 * @param caps     what it may not prune beyond
 */
public record CandidateConfig(PruneMethod method, PruneTarget target, Schedule schedule, FineTune fineTune,
        Caps caps) implements Serializable {

    private static final long serialVersionUID = 1L;

    public CandidateConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fineTune, "fineTune");
        Objects.requireNonNull(caps, "caps");
        Granularity g = method.granularity();
        if (target.budget() != null && (method.scope() != Scope.LAYER
                || !(g == Granularity.ELEMENT || g.structured()))) {
            throw SpecViolation.of("a budget candidate has scope layer, sparsity 0 and granularity element, neuron "
                    + "or channel");
        }
        if (method.nm() != null && target.sparsity() != method.nm().sparsity()) {
            throw SpecViolation.of("sparsity", target.sparsity(), "granularity nm " + method.nm().id()
                    + " implies sparsity " + method.nm().sparsity());
        }
    }

    /** The same configuration with another schedule (rounds kept when both use rounds, else 1). */
    public CandidateConfig withSchedule(ScheduleKind other) {
        int r = schedule.kind().usesRounds() && other.usesRounds() ? schedule.rounds() : 1;
        return new CandidateConfig(method, target, new Schedule(other, r), fineTune, caps);
    }

    /** The same configuration with another fine-tune budget (successive halving's next rung). */
    public CandidateConfig withFineTuneEpochs(int epochs) {
        return new CandidateConfig(method, target, schedule,
                new FineTune(epochs, fineTune.learningRate(), fineTune.batchSize()), caps);
    }

    /**
     * A stable, human-readable, locale-independent rendering of every field, e.g.
     * {@code criterion=magnitude;granularity=element;scope=layer;sparsity=0.9;schedule=one-shot;rounds=1;
     * fineTuneEpochs=1;learningRate=0.001;batchSize=128;pruneOutputLayer=false;maxLayerSparsity=0.99},
     * followed by {@code ;nm=2:4} or {@code ;block=4x1} for those granularities only, and
     * {@code ;budget=nonzero_params<=25000[...]} for budget candidates only. Numerically equal doubles render
     * identically. Candidate ids and seeds are hashed from it, so changing this format changes every id.
     */
    public String canonical() {
        return "criterion=" + method.criterion().id()
                + ";granularity=" + method.granularity().id()
                + ";scope=" + method.scope().id()
                + ";sparsity=" + Canon.num(target.sparsity())
                + ";schedule=" + schedule.kind().id()
                + ";rounds=" + schedule.rounds()
                + ";fineTuneEpochs=" + fineTune.epochs()
                + ";learningRate=" + Canon.num(fineTune.learningRate())
                + ";batchSize=" + fineTune.batchSize()
                + ";pruneOutputLayer=" + caps.pruneOutputLayer()
                + ";maxLayerSparsity=" + Canon.num(caps.maxLayerSparsity())
                + (method.nm() != null ? ";nm=" + method.nm().id() : "")
                + (method.block() != null ? ";block=" + method.block().id() : "")
                + (target.budget() != null ? ";budget=" + target.budget().canonical() : "");
    }
}
