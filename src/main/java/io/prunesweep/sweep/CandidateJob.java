package io.prunesweep.sweep;

import io.prunesweep.data.DataCache;
import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.Evaluator;
import io.prunesweep.eval.FlopCounter;
import io.prunesweep.eval.FlopStats;
import io.prunesweep.eval.LatencyMeter;
import io.prunesweep.eval.LayerStats;
import io.prunesweep.eval.SizeMetrics;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.ModelStore;
import io.prunesweep.metric.Footprint;
import io.prunesweep.metric.LayerCount;
import io.prunesweep.metric.Measurements;
import io.prunesweep.prune.PruneSettings;
import io.prunesweep.prune.ScheduledPruning;
import io.prunesweep.prune.ScoringContext;
import io.prunesweep.prune.Surgeon;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.RunConfig;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.ScheduleKind;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The work of one candidate, run on an executor (or in-process): rebuild the base model, run the
 * candidate's pruning schedule ({@link ScheduledPruning}: prune and fine-tune with the mask held), measure, save the candidate's model, and write its result atomically. Everything it
 * needs is in its final fields or in the per-JVM {@link DataCache}; it never captures a network or a
 * dataset, so it serialises to a few hundred bytes plus nothing else.
 *
 * <p>A candidate that throws becomes a {@code failed} row with its reason instead of an exception, so a
 * deterministic failure (a diverging loss, say) is recorded once and never retried by Spark; a failure of
 * the place it ran (out of memory, I/O, data that differ on this executor: {@link TransientFailure#of})
 * propagates instead, writes nothing, and Spark retries the task.
 */
public final class CandidateJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Examples per forward pass for latency measurement. */
    public static final int LATENCY_BATCH = 128;

    private final DataSource data;
    private final String outDir;
    private final InputSpec input;
    private final long baseParams;
    private final String specHash;
    private final String modelFingerprint;
    private final String dataFingerprint;
    private final int threadsPerTask;
    private final long sweepSeed;
    private final java.util.Map<String, java.util.Map<Integer, Double>> allocations;
    private final io.prunesweep.spec.SearchSettings search;

    /**
     * @param data             where executors read the dataset from
     * @param outDir           sweep output directory (a filesystem all executors share)
     * @param input            the model input
     * @param baseParams       parameter count of the base model, checked after rebuilding it
     * @param specHash         provenance
     * @param modelFingerprint provenance
     * @param dataFingerprint  provenance, also checked against the data the executor reads
     * @param threadsPerTask   native threads per task
     * @param sweepSeed        the sweep seed (lottery-reinit finds its masks with its lottery sibling's seed)
     */
    public CandidateJob(DataSource data, String outDir, InputSpec input, long baseParams, String specHash,
                        String modelFingerprint, String dataFingerprint, int threadsPerTask, long sweepSeed) {
        this(data, outDir, input, baseParams, specHash, modelFingerprint, dataFingerprint, threadsPerTask, sweepSeed,
                java.util.Map.of(), io.prunesweep.spec.SearchSettings.grid());
    }

    private CandidateJob(DataSource data, String outDir, InputSpec input, long baseParams, String specHash,
                         String modelFingerprint, String dataFingerprint, int threadsPerTask, long sweepSeed,
                         java.util.Map<String, java.util.Map<Integer, Double>> allocations,
                         io.prunesweep.spec.SearchSettings search) {
        this.allocations = java.util.Map.copyOf(allocations);
        this.search = search;
        this.sweepSeed = sweepSeed;
        this.data = data;
        this.outDir = outDir;
        this.input = input;
        this.baseParams = baseParams;
        this.specHash = specHash;
        this.modelFingerprint = modelFingerprint;
        this.dataFingerprint = dataFingerprint;
        this.threadsPerTask = threadsPerTask;
    }

    /**
     * The same job with the per-layer ratios of every budget (budget id → layer index → ratio, from
     * {@link BudgetAllocator}) and the search settings (a row's halving rung derives from its epochs).
     */
    public CandidateJob with(java.util.Map<String, java.util.Map<Integer, Double>> allocations,
                             io.prunesweep.spec.SearchSettings search) {
        java.util.Map<String, java.util.Map<Integer, Double>> copy = new java.util.TreeMap<>();
        allocations.forEach((k, v) -> copy.put(k, java.util.Map.copyOf(v)));
        return new CandidateJob(data, outDir, input, baseParams, specHash, modelFingerprint, dataFingerprint,
                threadsPerTask, sweepSeed, copy, search);
    }

    /**
     * Runs one candidate and writes its result file.
     *
     * @param c          the candidate
     * @param modelBytes the base model zip (a broadcast value on Spark)
     * @param executorId where it runs
     * @param attempt    task attempt number
     * @return the row written
     */
    public ResultRow run(Candidate c, byte[] modelBytes, String executorId, int attempt) {
        return run(c, modelBytes, null, executorId, attempt);
    }

    /**
     * Runs one candidate and writes its result file.
     *
     * @param c          the candidate
     * @param modelBytes the base model zip (a broadcast value on Spark)
     * @param initBytes  the base model's initial weights (zip), needed by the lottery schedules; null or
     *                   empty when there is none
     * @param executorId where it runs
     * @param attempt    task attempt number
     * @return the row written
     */
    public ResultRow run(Candidate c, byte[] modelBytes, byte[] initBytes, String executorId, int attempt) {
        ThreadPolicy.apply(threadsPerTask);
        String started = Instant.now().toString();
        ResultRow row;
        try {
            row = execute(c, modelBytes, initBytes, executorId, attempt, started);
        } catch (RuntimeException | Error e) {
            Optional<RuntimeException> retry = TransientFailure.of(e, "candidate " + c.id() + " on executor "
                    + executorId + " (attempt " + attempt + ")");
            if (retry.isPresent()) {
                throw retry.get();
            }
            row = failed(c, TransientFailure.reason(e), executorId, attempt, started);
        }
        new ResultStore(Path.of(outDir)).write(row);
        return row;
    }

    private ResultRow execute(Candidate c, byte[] modelBytes, byte[] initBytes, String executorId, int attempt,
                              String started) {
        CandidateConfig cfg = c.config();
        DataSplits splits = executorData(data, dataFingerprint, executorId + " running candidate " + c.id());
        MultiLayerNetwork net = ModelStore.fromBytes(modelBytes, "base model");
        if (net.numParams() != baseParams) {
            throw new SweepException("rebuilt base model has " + net.numParams() + " parameters, expected "
                    + baseParams, 1);
        }
        MultiLayerNetwork initial = null;
        if (cfg.schedule().kind().needsInitialWeights()) {
            if (initBytes == null || initBytes.length == 0) {
                throw new SweepException("schedule " + cfg.schedule().kind().id() + " needs the base model's initial "
                        + "weights, which this sweep does not have", 1);
            }
            initial = ModelStore.fromBytes(initBytes, "initial weights");
        }
        // lottery-reinit must find the same masks as its lottery sibling: same data order and scores
        long maskSeed = cfg.schedule().kind() == ScheduleKind.LOTTERY_REINIT
                ? Candidate.of(cfg.withSchedule(ScheduleKind.LOTTERY), sweepSeed, modelFingerprint,
                        dataFingerprint).seed()
                : c.seed();
        java.util.Map<Integer, Double> ratios = null;
        if (cfg.target().budget() != null) {
            ratios = allocations.get(cfg.target().budget().id());
            if (ratios == null) {
                throw new SweepException("no per-layer allocation for budget " + cfg.target().budget().id()
                        + " (the sensitivity stage must run first)", 1);
            }
        }
        PruneSettings settings = PruneSettings.forCandidate(cfg, maskSeed, ratios);
        List<DataSet> taylor = ScoringContext.batchesFor(cfg.method().criterion(),
                splits.train().iterator(cfg.fineTune().batchSize(), true, maskSeed));
        long t0 = System.nanoTime();
        long perEpoch = (splits.train().size() + cfg.fineTune().batchSize() - 1) / cfg.fineTune().batchSize();
        ScheduledPruning.Outcome done = ScheduledPruning.run(net, cfg.schedule().kind(), cfg.schedule().rounds(),
                settings, n -> new ScoringContext(n, maskSeed, taylor),
                new ScheduledPruning.Training(splits.train().iterator(cfg.fineTune().batchSize(), true, maskSeed),
                        cfg.fineTune().epochs(), cfg.fineTune().learningRate(), perEpoch),
                initial, c.seed());
        long fineTuneMs = (System.nanoTime() - t0) / 1_000_000;
        if (done.masks().violations(net) != 0) {
            throw new SweepException("mask not held after fine-tuning", 1);
        }
        EvalResult val = Evaluator.evaluate(net, splits.validation().iterator(1024, false, 0));
        if (!Double.isFinite(val.loss())) {
            throw new SweepException("validation loss is " + val.loss() + " after fine-tuning", 1);
        }
        long shrunkParams = -1;
        Path dir = Path.of(outDir, "candidates");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cfg.method().granularity().structured()) {
            MultiLayerNetwork small = Surgeon.shrink(net, done.plan().removedUnits());
            shrunkParams = small.numParams();
            ModelStore.save(small, Optional.empty(), dir.resolve(c.id() + ".shrunk.zip"));
        }
        ModelStore.save(net, Optional.empty(), dir.resolve(c.id() + ".zip"));
        done.masks().save(dir.resolve(c.id() + ".masks.json"));
        ResultRow r = measured(c, net, val, shrunkParams, fineTuneMs, splits.validation(), executorId, attempt, started);
        if (cfg.target().budget() != null) {
            // a budget row's target is what the allocation asked for over the prunable units
            r = r.withConfig(r.config().withTargetSparsity(Math.round(done.plan().achieved() * 1e6) / 1e6));
        }
        return r;
    }

    /**
     * The data as this executor reads it, checked against the driver's fingerprint. The driver has read and
     * fingerprinted the same files before fan-out, so failing to read them here, or reading other bytes, is a
     * fault of this executor ({@link TransientFailure}), not of the candidate.
     */
    static DataSplits executorData(DataSource data, String dataFingerprint, String executor) {
        DataSplits splits;
        try {
            splits = DataCache.get(data);
        } catch (RuntimeException e) {
            throw new TransientFailure("the executor " + executor + " cannot read the data the driver read ("
                    + data.displayName() + "): " + TransientFailure.reason(e), e);
        }
        if (!splits.fingerprint().equals(dataFingerprint)) {
            throw new TransientFailure("the data read by the executor " + executor + " (" + data.displayName()
                    + ") has fingerprint " + splits.fingerprint() + " but the driver saw " + dataFingerprint
                    + ": executors must see the same files");
        }
        return splits;
    }

    /** Measures a (pruned, fine-tuned) network into a row; also used for the dense baseline. */
    ResultRow measured(Candidate c, MultiLayerNetwork net, EvalResult val, long shrunkParams, long fineTuneMs,
                       LabeledData latencyData, String executorId, int attempt, String started) {
        SizeMetrics size = SizeMetrics.of(net);
        FlopStats flops = FlopCounter.count(net, input.inputType());
        double latency = LatencyMeter.measure(net,
                latencyData.head(LATENCY_BATCH).toDataSet().getFeatures(), 3, 9).medianMs();
        List<LayerCount> layers = LayerStats.of(net).stream()
                .map(l -> new LayerCount(l.index(), l.type(), l.params(), l.nonzero())).toList();
        Footprint footprint = new Footprint(size.totalParams(), size.nonzeroParams(), size.denseBytes(),
                size.sparseBytes(), size.zipBytes(), flops.dense(), flops.effective(), shrunkParams, layers);
        Measurements m = new Measurements(footprint, val.accuracy(), val.loss(), Double.NaN, latency, fineTuneMs);
        return row(c, new Outcome.Measured(m), executorId, attempt, started);
    }

    private ResultRow row(Candidate c, Outcome outcome, String executorId, int attempt, String started) {
        return new ResultRow(c.id(), RunConfig.of(c.config()), outcome, new Provenance(c.seed(), rungOf(c.config()),
                executorId, attempt, started, Instant.now().toString(), specHash, modelFingerprint, dataFingerprint,
                Versions.summary()));
    }

    private int rungOf(CandidateConfig cfg) {
        return Math.max(0, search.rungOf(cfg.fineTune().epochs()));
    }

    private ResultRow failed(Candidate c, String reason, String executorId, int attempt, String started) {
        return row(c, new Outcome.Failed(reason), executorId, attempt, started);
    }
}
