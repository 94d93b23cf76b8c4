package io.prunesweep.results;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.Outcome.Failed;
import io.prunesweep.results.Outcome.Measured;
import java.io.Serializable;
import java.util.Objects;

/**
 * One candidate's result: what was tried, how it ended, and where it came from. Written once, atomically,
 * by the task that ran it. Every file format flattens it through {@link ResultColumns}, in one place.
 *
 * @param candidateId stable candidate id
 * @param config      how the candidate was pruned and fine-tuned
 * @param outcome     its measurements, or why it failed
 * @param provenance  seed, rung, task, times, fingerprints and versions
 */
@JsonSerialize(using = ResultColumns.JsonOut.class)
@JsonDeserialize(using = ResultColumns.JsonIn.class)
public record ResultRow(String candidateId, RunConfig config, Outcome outcome, Provenance provenance)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ResultRow {
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("candidateId must not be blank");
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** Whether the candidate finished and was measured. */
    public boolean ok() {
        return outcome instanceof Measured;
    }

    /** The measurements of an ok row. */
    public Measurements measurements() {
        if (outcome instanceof Measured m) {
            return m.measurements();
        }
        throw new IllegalStateException("failed candidate " + candidateId + " has no measurements");
    }

    /** The failure reason, empty for an ok row. */
    public String error() {
        return outcome instanceof Failed f ? f.reason() : "";
    }

    /** The value of a metric for this row; NaN for a failed row. */
    public double value(Metric metric) {
        return ok() ? metric.of(measurements()) : Double.NaN;
    }

    /**
     * Whether this row's pruning plan removed noticeably less than its target sparsity
     * ({@link Measurements#capped}); false for a failed row and a row without an achieved sparsity.
     */
    public boolean capped() {
        return ok() && Measurements.capped(config.targetSparsity(), measurements().achievedSparsity());
    }

    /** The same row with another configuration. */
    public ResultRow withConfig(RunConfig c) {
        return new ResultRow(candidateId, c, outcome, provenance);
    }

    /** The same row with another outcome. */
    public ResultRow withOutcome(Outcome o) {
        return new ResultRow(candidateId, config, o, provenance);
    }

    /** A short human label: {@code magnitude/element/layer@0.9 one-shot ft1 lr0.001 rung 1}. */
    public String label() {
        return config.label() + (provenance.rung() > 0 ? " rung " + provenance.rung() : "");
    }
}
