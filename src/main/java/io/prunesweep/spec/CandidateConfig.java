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
 * @param fineTuneEpochs   fine-tuning epochs after pruning, &ge; 0
 * @param learningRate     fine-tuning learning rate, &gt; 0
 * @param batchSize        fine-tuning mini-batch size, &ge; 1
 * @param pruneOutputLayer whether the output layer may be pruned too
 * @param maxLayerSparsity cap on any single layer's sparsity, in (0, 1]
 */
public record CandidateConfig(CriterionKind criterion, Granularity granularity, Scope scope, double sparsity,
        ScheduleKind schedule, int fineTuneEpochs, double learningRate, int batchSize, boolean pruneOutputLayer,
        double maxLayerSparsity) implements Serializable {

    private static final long serialVersionUID = 1L;

    public CandidateConfig {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(schedule, "schedule");
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1): " + sparsity);
        }
        if (fineTuneEpochs < 0) {
            throw new IllegalArgumentException("fineTuneEpochs must be >= 0: " + fineTuneEpochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite: " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (!(maxLayerSparsity > 0 && maxLayerSparsity <= 1)) {
            throw new IllegalArgumentException("maxLayerSparsity must be in (0, 1]: " + maxLayerSparsity);
        }
    }

    /**
     * A stable, human-readable, locale-independent rendering of every field, e.g.
     * {@code criterion=magnitude;granularity=element;scope=layer;sparsity=0.9;schedule=one-shot;
     * fineTuneEpochs=1;learningRate=0.001;batchSize=128;pruneOutputLayer=false;maxLayerSparsity=0.99}.
     * Numerically equal doubles render identically. Candidate ids and seeds are hashed from it, so
     * changing this format changes every id.
     */
    public String canonical() {
        return "criterion=" + criterion.id()
                + ";granularity=" + granularity.id()
                + ";scope=" + scope.id()
                + ";sparsity=" + Canon.num(sparsity)
                + ";schedule=" + schedule.id()
                + ";fineTuneEpochs=" + fineTuneEpochs
                + ";learningRate=" + Canon.num(learningRate)
                + ";batchSize=" + batchSize
                + ";pruneOutputLayer=" + pruneOutputLayer
                + ";maxLayerSparsity=" + Canon.num(maxLayerSparsity);
    }
}
