package io.prunesweep.report;

import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.metric.Metric;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.RunConfig;
import io.prunesweep.spec.Budget;
import io.prunesweep.spec.Caps;
import io.prunesweep.spec.CriterionKind;
import io.prunesweep.spec.FineTune;
import io.prunesweep.spec.Granularity;
import io.prunesweep.spec.PruneMethod;
import io.prunesweep.spec.Schedule;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.Scope;
import java.util.List;

/** Builds {@link ResultRow}s with plausible defaults so tests name only the fields they care about. */
final class Rows {
    private final String candidateId;
    private CriterionKind criterion = CriterionKind.MAGNITUDE;
    private ScheduleKind schedule = ScheduleKind.ONE_SHOT;
    private Budget budget;
    private String error;
    private long params = 10_000;
    private long nonzeroParams = 5_000;
    private long flops = 20_000;
    private long effectiveFlops = 10_000;
    private double valAccuracy = 0.9;
    private double testAccuracy = Double.NaN;
    private double latencyMs = 1.25;
    private double achieved = Double.NaN;
    private double shrunkLatencyMs = Double.NaN;
    private String executorId = "local";
    private int rung;
    private List<LayerCount> layers = List.of(new LayerCount(0, "DenseLayer", 8_000, 3_500),
            new LayerCount(1, "OutputLayer", 2_000, 1_500));

    private Rows(String candidateId) {
        this.candidateId = candidateId;
    }

    /** An ok row. */
    static Rows ok(String id) {
        return new Rows(id);
    }

    /** A failed row: no measurements, so NaN doubles, -1 counts and no layers in every file. */
    static Rows failed(String id, String reason) {
        Rows r = new Rows(id);
        r.error = reason;
        return r;
    }

    Rows valAccuracy(double v) {
        valAccuracy = v;
        return this;
    }

    Rows testAccuracy(double v) {
        testAccuracy = v;
        return this;
    }

    /** Sets nonzero params and the total, FLOPs and layer counts that follow from them. */
    Rows nonzero(long n) {
        nonzeroParams = n;
        params = Math.max(params, n);
        effectiveFlops = 2 * n;
        flops = Math.max(flops, effectiveFlops);
        layers = List.of(new LayerCount(0, "DenseLayer", params - 2_000, Math.max(0, n - 1_000)),
                new LayerCount(1, "OutputLayer", 2_000, Math.min(n, 1_000)));
        return this;
    }

    Rows criterion(CriterionKind v) {
        criterion = v;
        return this;
    }

    Rows schedule(ScheduleKind v) {
        schedule = v;
        return this;
    }

    Rows executorId(String v) {
        executorId = v;
        return this;
    }

    Rows latencyMs(double v) {
        latencyMs = v;
        return this;
    }

    Rows budget(String v) {
        budget = Budget.parse(v);
        return this;
    }

    /** The latency of the physically shrunk model (serially timed beside {@code latencyMs}). */
    Rows shrunkLatency(double ms) {
        shrunkLatencyMs = ms;
        return this;
    }

    /** The sparsity the plan achieved (the target is 0.5). */
    Rows achieved(double v) {
        achieved = v;
        return this;
    }

    Rows rung(int v) {
        rung = v;
        return this;
    }

    Rows layers(List<LayerCount> v) {
        layers = List.copyOf(v);
        return this;
    }

    ResultRow build() {
        RunConfig config = new RunConfig(new PruneMethod(criterion, Granularity.ELEMENT, Scope.LAYER), 0.5, budget,
                new Schedule(schedule), new FineTune(1, 1e-3, 32), new Caps(false, 0.95));
        Outcome outcome = error != null ? new Outcome.Failed(error)
                : new Outcome.Measured(new Measurements(new Footprint(params, nonzeroParams, 40_000, 21_000, 18_000,
                        flops, effectiveFlops, -1, layers), valAccuracy, 0.3, testAccuracy, latencyMs, 1500)
                        .withAchievedSparsity(achieved).withShrunkLatencyMs(shrunkLatencyMs));
        return new ResultRow(candidateId, config, outcome, new Provenance(7, rung, executorId, 0,
                "2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z", "spec123", "model456", "data789",
                "prunesweep 0.1, dl4j 1.0.0-M2.1, spark 3.5.1"));
    }

    /** The dense base model as a row. */
    static ResultRow baseline() {
        return ok("dense").nonzero(10_000).valAccuracy(0.93).build();
    }

    /** A summary over val accuracy and nonzero params. */
    static SweepSummary summary(ResultRow baseline, String kneeId) {
        return new SweepSummary("mnist-mlp", "spec123", "specs/mnist.yaml", "model456", "data789",
                "prunesweep 0.1", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z",
                List.of(Metric.VAL_ACCURACY, Metric.NONZERO_PARAMS), baseline, 0.8125, "(val_accuracy=0, nonzero_params=10000)",
                kneeId, 12, 9, 3);
    }
}
