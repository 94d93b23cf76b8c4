package io.prunesweep.sweep;

import io.prunesweep.data.DataSource;
import io.prunesweep.data.DataSplits;
import io.prunesweep.data.LabeledData;
import io.prunesweep.eval.EvalResult;
import io.prunesweep.eval.ModelMeter;
import io.prunesweep.metric.Measurements;
import io.prunesweep.model.InputSpec;
import io.prunesweep.model.Net;
import io.prunesweep.results.Outcome;
import io.prunesweep.results.Provenance;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.RunConfig;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.CandidateConfig;
import io.prunesweep.spec.ScheduleKind;
import io.prunesweep.spec.SearchSettings;
import io.prunesweep.storage.StoragePath;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The work of one candidate, run on an executor (or in-process): the candidate's {@link PruningRecipe} on the
 * base model rebuilt from the shipped bytes, its measurements as a {@link ResultRow}, its models saved, and the
 * row written atomically. Everything it needs is in its final fields or in the per-JVM data cache; it never
 * captures a network or a dataset, so it serialises to a few hundred bytes plus nothing else.
 *
 * <p>A candidate that throws becomes a {@code failed} row with its reason instead of an exception, so a
 * deterministic failure (a diverging loss, say) is recorded once and never retried by Spark; a failure of
 * the place it ran (out of memory, I/O, data that differ on this executor: {@link TransientFailure#of})
 * propagates instead, writes nothing, and Spark retries the task.
 */
public final class CandidateJob implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DataSource data;
    private final StoragePath outDir;
    private final InputSpec input;
    private final long baseParams;
    private final String specHash;
    private final String modelFingerprint;
    private final String dataFingerprint;
    private final int threadsPerTask;
    private final long sweepSeed;
    private final Map<String, Map<Integer, Double>> allocations;
    private final SearchSettings search;

    /**
     * @param data             where executors read the dataset from
     * @param outDir           sweep output directory, with the Hadoop settings executors write it with
     * @param input            the model input
     * @param baseParams       parameter count of the base model, checked after rebuilding it
     * @param specHash         provenance
     * @param modelFingerprint provenance
     * @param dataFingerprint  provenance, also checked against the data the executor reads
     * @param threadsPerTask   native threads per task
     * @param sweepSeed        the sweep seed (lottery-reinit finds its masks with its lottery sibling's seed)
     */
    public CandidateJob(DataSource data, StoragePath outDir, InputSpec input, long baseParams, String specHash,
                        String modelFingerprint, String dataFingerprint, int threadsPerTask, long sweepSeed) {
        this(data, outDir, input, baseParams, specHash, modelFingerprint, dataFingerprint, threadsPerTask, sweepSeed,
                Map.of(), SearchSettings.grid());
    }

    private CandidateJob(DataSource data, StoragePath outDir, InputSpec input, long baseParams, String specHash,
                         String modelFingerprint, String dataFingerprint, int threadsPerTask, long sweepSeed,
                         Map<String, Map<Integer, Double>> allocations,
                         SearchSettings search) {
        this.allocations = Map.copyOf(allocations);
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

    /** Where the data comes from: the key of the per-JVM cache that a runner may fill first (shipped tables). */
    public DataSource data() {
        return data;
    }

    /**
     * The same job with the per-layer ratios of every budget (budget id → layer index → ratio, from
     * {@link BudgetAllocator}) and the search settings (a row's halving rung derives from its epochs).
     */
    public CandidateJob with(Map<String, Map<Integer, Double>> allocations,
                             SearchSettings search) {
        Map<String, Map<Integer, Double>> copy = new TreeMap<>();
        allocations.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
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
        new ResultStore(outDir).write(row);
        return row;
    }

    private ResultRow execute(Candidate c, byte[] modelBytes, byte[] initBytes, String executorId, int attempt,
                              String started) {
        CandidateConfig cfg = c.config();
        DataSplits splits = PruningRecipe.executorData(data, outDir.storage(), dataFingerprint,
                executorId + " running candidate " + c.id());
        Net net = PruningRecipe.rebuild(modelBytes, baseParams);
        Net initial = PruningRecipe.initialWeights(cfg.schedule().kind(), initBytes);
        // lottery-reinit must find the same masks as its lottery sibling: same data order and scores
        long maskSeed = cfg.schedule().kind() == ScheduleKind.LOTTERY_REINIT
                ? Candidate.of(cfg.withSchedule(ScheduleKind.LOTTERY), sweepSeed, modelFingerprint,
                        dataFingerprint).seed()
                : c.seed();
        PruningRecipe.Pruned done = PruningRecipe.forCandidate(cfg, maskSeed, budgetRatios(cfg))
                .run(net, splits.train(), initial, c.seed());
        EvalResult val = PruningRecipe.evaluate(net, splits.validation());
        if (!Double.isFinite(val.loss())) {
            throw new SweepException("validation loss is " + val.loss() + " after fine-tuning", 1);
        }
        Optional<Net> shrunk = done.shrunk();
        long zipBytes = done.save(outDir.resolve("candidates").resolve(c.id() + ".zip"), shrunk);
        // the network is unchanged since it was saved: its zip length is known, no second serialisation
        Measurements m = ModelMeter.measure(net, input.inputType(), val, shrunk.map(Net::numParams)
                .orElse(-1L), done.fineTuneMs(), splits.validation(), zipBytes).withTrainedForm(done.outcome().form())
                .withAchievedSparsity(done.outcome().plan().achieved());
        ResultRow r = row(c, new Outcome.Measured(m), executorId, attempt, started);
        if (cfg.target().budget() != null) {
            // a budget row's target is what the allocation asked for over the prunable units
            double achieved = done.outcome().plan().achieved();
            r = r.withConfig(r.config().withTargetSparsity(Math.round(achieved * 1e6) / 1e6));
        }
        return r;
    }

    /** The per-layer ratios allocated to a budget candidate's budget; null for any other candidate. */
    private Map<Integer, Double> budgetRatios(CandidateConfig cfg) {
        if (cfg.target().budget() == null) {
            return null;
        }
        Map<Integer, Double> ratios = allocations.get(cfg.target().budget().id());
        if (ratios == null) {
            throw new SweepException("no per-layer allocation for budget " + cfg.target().budget().id()
                    + " (the sensitivity stage must run first)", 1);
        }
        return ratios;
    }

    /** Measures a (pruned, fine-tuned) network into a row; also used for the dense baseline. */
    ResultRow measured(Candidate c, Net net, EvalResult val, long shrunkParams, long fineTuneMs,
                       LabeledData latencyData, String executorId, int attempt, String started) {
        Measurements m = ModelMeter.measure(net, input.inputType(), val, shrunkParams, fineTuneMs, latencyData);
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
