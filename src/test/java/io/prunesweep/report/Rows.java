package io.prunesweep.report;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.ResultRow;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link ResultRow}s with plausible defaults so tests name only the fields they care about. */
final class Rows {
    private String candidateId;
    private long seed = 7;
    private String criterion = "magnitude";
    private String granularity = "element";
    private String scope = "layer";
    private double targetSparsity = 0.5;
    private String schedule = "oneshot";
    private int fineTuneEpochs = 1;
    private double learningRate = 1e-3;
    private int batchSize = 32;
    private boolean pruneOutputLayer;
    private double maxLayerSparsity = 0.95;
    private String status = ResultRow.OK;
    private String error = "";
    private long params = 10_000;
    private long nonzeroParams = 5_000;
    private double sparsity = 0.5;
    private long denseBytes = 40_000;
    private long sparseBytes = 21_000;
    private long zipBytes = 18_000;
    private long flops = 20_000;
    private long effectiveFlops = 10_000;
    private long shrunkParams = -1;
    private double valAccuracy = 0.9;
    private double valLoss = 0.3;
    private double testAccuracy = Double.NaN;
    private double latencyMs = 1.25;
    private long fineTuneMs = 1500;
    private String executorId = "local";
    private int attempt = 0;
    private String startedAt = "2024-01-01T00:00:00Z";
    private String finishedAt = "2024-01-01T00:00:02Z";
    private String specHash = "spec123";
    private String modelFingerprint = "model456";
    private String dataFingerprint = "data789";
    private String versions = "prunesweep 0.1, dl4j 1.0.0-M2.1, spark 3.5.1";
    private List<ResultRow.LayerRow> layers = new ArrayList<>(List.of(
            new ResultRow.LayerRow(0, "DenseLayer", 8_000, 3_500),
            new ResultRow.LayerRow(1, "OutputLayer", 2_000, 1_500)));

    private Rows(String candidateId) {
        this.candidateId = candidateId;
    }

    /** An ok row. */
    static Rows ok(String id) {
        return new Rows(id);
    }

    /** A failed row: NaN doubles, -1 counts, no layers. */
    static Rows failed(String id, String reason) {
        Rows r = new Rows(id);
        r.status = ResultRow.FAILED;
        r.error = reason;
        r.params = r.nonzeroParams = r.denseBytes = r.sparseBytes = r.zipBytes = -1;
        r.flops = r.effectiveFlops = r.shrunkParams = r.fineTuneMs = -1;
        r.sparsity = r.valAccuracy = r.valLoss = r.testAccuracy = r.latencyMs = Double.NaN;
        r.layers = new ArrayList<>();
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

    /** Sets nonzero params and the total, sparsity, FLOPs and layer counts that follow from them. */
    Rows nonzero(long n) {
        nonzeroParams = n;
        params = Math.max(params, n);
        sparsity = 1 - (double) n / params;
        effectiveFlops = 2 * n;
        flops = Math.max(flops, effectiveFlops);
        layers = new ArrayList<>(List.of(
                new ResultRow.LayerRow(0, "DenseLayer", params - 2_000, Math.max(0, n - 1_000)),
                new ResultRow.LayerRow(1, "OutputLayer", 2_000, Math.min(n, 1_000))));
        return this;
    }

    Rows criterion(String v) {
        criterion = v;
        return this;
    }

    Rows schedule(String v) {
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

    private String budget = "";
    private int rung;

    Rows budget(String v) {
        budget = v;
        return this;
    }

    Rows rung(int v) {
        rung = v;
        return this;
    }

    Rows layers(List<ResultRow.LayerRow> v) {
        layers = new ArrayList<>(v);
        return this;
    }

    ResultRow build() {
        return new ResultRow(candidateId, seed, criterion, granularity, scope, targetSparsity, schedule,
                fineTuneEpochs, learningRate, batchSize, pruneOutputLayer, maxLayerSparsity, status, error, params,
                nonzeroParams, sparsity, denseBytes, sparseBytes, zipBytes, flops, effectiveFlops, shrunkParams,
                valAccuracy, valLoss, testAccuracy, latencyMs, fineTuneMs, executorId, attempt, startedAt,
                finishedAt, specHash, modelFingerprint, dataFingerprint, versions, layers, budget, rung, 1, "");
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
