package io.prunesweep.results;

import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import java.io.Serializable;
import java.util.List;

/**
 * One candidate's outcome: what was tried, how it went, what it measured, and where it came from. A
 * failed candidate has status {@code failed}, its reason in {@code error} and NaN/-1 metrics. Values that
 * were not measured are NaN (doubles) or -1 (counts). Written once, atomically, by the task that ran it.
 *
 * @param candidateId      stable candidate id
 * @param seed             candidate seed
 * @param criterion        criterion id
 * @param granularity      granularity id
 * @param scope            scope id
 * @param targetSparsity   requested sparsity
 * @param schedule         schedule id
 * @param fineTuneEpochs   fine-tune epochs
 * @param learningRate     fine-tune learning rate
 * @param batchSize        minibatch size
 * @param pruneOutputLayer whether the output layer could be pruned
 * @param maxLayerSparsity per-layer cap
 * @param status           {@code ok} or {@code failed}
 * @param error            failure reason, empty when ok
 * @param params           total parameters of the (masked) model
 * @param nonzeroParams    parameters not exactly zero
 * @param sparsity         1 − nonzero/total over all parameters
 * @param denseBytes       float32 dense size
 * @param sparseBytes      min(bitmask, CSR) size, see {@code io.prunesweep.eval.SizeMetrics}
 * @param zipBytes         DL4J zip size
 * @param flops            dense FLOPs per example
 * @param effectiveFlops   FLOPs of nonzero weights per example
 * @param shrunkParams     parameters of the physically shrunk model (structured granularity), else -1
 * @param valAccuracy      validation accuracy after fine-tuning
 * @param valLoss          validation loss after fine-tuning
 * @param testAccuracy     test accuracy, measured for Pareto-front members only (NaN otherwise)
 * @param latencyMs        median latency of one minibatch forward pass
 * @param fineTuneMs       wall time of fine-tuning
 * @param executorId       Spark executor (or "local") that ran it
 * @param attempt          Spark task attempt number
 * @param startedAt        ISO-8601 start
 * @param finishedAt       ISO-8601 end
 * @param specHash         hash of the sweep spec
 * @param modelFingerprint base model fingerprint
 * @param dataFingerprint  dataset fingerprint
 * @param versions         prunesweep/DL4J/Spark versions
 * @param layers           per-layer parameter counts of the masked model
 * @param rounds           rounds of the iterative and lottery schedules (1 for the others)
 * @param pattern          the N:M pattern ({@code 2:4}) or block shape ({@code 4x1}) for those granularities, else empty
 * @param budget           the budget of a budget candidate ({@code nonzero_params<=25000}), else empty
 * @param rung             the successive-halving rung the row comes from (0 without halving)
 */
public record ResultRow(String candidateId, long seed, String criterion, String granularity, String scope,
                        double targetSparsity, String schedule, int fineTuneEpochs, double learningRate,
                        int batchSize, boolean pruneOutputLayer, double maxLayerSparsity, String status,
                        String error, long params, long nonzeroParams, double sparsity, long denseBytes,
                        long sparseBytes, long zipBytes, long flops, long effectiveFlops, long shrunkParams,
                        double valAccuracy, double valLoss, double testAccuracy, double latencyMs, long fineTuneMs,
                        String executorId, int attempt, String startedAt, String finishedAt, String specHash,
                        String modelFingerprint, String dataFingerprint, String versions, List<LayerRow> layers,
                        String budget, int rung, int rounds, String pattern)
        implements Serializable {

    /** Status of a candidate that finished. */
    public static final String OK = "ok";
    /** Status of a candidate that threw. */
    public static final String FAILED = "failed";

    public ResultRow {
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("candidateId must not be blank");
        }
        if (!OK.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("status must be ok or failed, found " + status);
        }
        error = error == null ? "" : error;
        layers = layers == null ? List.of() : List.copyOf(layers);
        budget = budget == null ? "" : budget;
        pattern = pattern == null ? "" : pattern;
    }

    /** Whether the candidate finished. */
    public boolean ok() {
        return OK.equals(status);
    }

    /** The same row with a test accuracy (front members get one at aggregation time). */
    public ResultRow withTestAccuracy(double acc) {
        return new ResultRow(candidateId, seed, criterion, granularity, scope, targetSparsity, schedule,
                fineTuneEpochs, learningRate, batchSize, pruneOutputLayer, maxLayerSparsity, status, error, params,
                nonzeroParams, sparsity, denseBytes, sparseBytes, zipBytes, flops, effectiveFlops, shrunkParams,
                valAccuracy, valLoss, acc, latencyMs, fineTuneMs, executorId, attempt, startedAt, finishedAt,
                specHash, modelFingerprint, dataFingerprint, versions, layers, budget, rung, rounds, pattern);
    }

    /** The same row with another target sparsity (a budget row records the sparsity its allocation achieved). */
    public ResultRow withTargetSparsity(double target) {
        return new ResultRow(candidateId, seed, criterion, granularity, scope, target, schedule,
                fineTuneEpochs, learningRate, batchSize, pruneOutputLayer, maxLayerSparsity, status, error, params,
                nonzeroParams, sparsity, denseBytes, sparseBytes, zipBytes, flops, effectiveFlops, shrunkParams,
                valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, executorId, attempt, startedAt, finishedAt,
                specHash, modelFingerprint, dataFingerprint, versions, layers, budget, rung, rounds, pattern);
    }

    /** A short human label: {@code magnitude/element/layer@0.9 ft1}. */
    public String label() {
        return criterion + "/" + granularity + (pattern.isEmpty() ? "" : " " + pattern) + "/" + scope
                + (budget.isEmpty() ? "@" + targetSparsity : " budget " + budget) + " " + schedule
                + (rounds > 1 ? " x" + rounds : "") + " ft" + fineTuneEpochs + " lr" + learningRate
                + (rung > 0 ? " rung " + rung : "");
    }

    /** The value of a metric for this row; NaN for a failed row. */
    public double value(Metric metric) {
        return ok() ? metric.of(measurements()) : Double.NaN;
    }

    /** The measurements of an ok row. */
    public Measurements measurements() {
        if (!ok()) {
            throw new IllegalStateException("failed candidate " + candidateId + " has no measurements");
        }
        return new Measurements(new Footprint(params, nonzeroParams, denseBytes, sparseBytes, zipBytes, flops,
                effectiveFlops, shrunkParams, layers.stream().map(l -> new LayerCount(l.index(), l.type(), l.params(),
                l.nonzero())).toList()), valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs);
    }

    /**
     * Parameter counts of one layer.
     *
     * @param index   layer index
     * @param type    layer type
     * @param params  parameters
     * @param nonzero nonzero parameters
     */
    public record LayerRow(int index, String type, long params, long nonzero) implements Serializable {
        /** 1 − nonzero/params. */
        public double sparsity() {
            return params == 0 ? 0 : 1 - (double) nonzero / params;
        }
    }
}
