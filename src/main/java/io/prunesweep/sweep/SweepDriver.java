package io.prunesweep.sweep;

import io.prunesweep.data.DataCache;
import io.prunesweep.metric.Metric;
import io.prunesweep.prune.PruneException;
import io.prunesweep.prune.Pruner;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.SearchSettings;
import io.prunesweep.spec.SensitivitySettings;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.storage.Storage;
import io.prunesweep.storage.StoragePath;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A sweep's order of work, without Spark: load the spec, open the output directory and take its lock, prepare
 * the base model and the dense baseline ({@link SweepSetup}), decide what a resume reuses ({@link ResumePlan}),
 * measure the sensitivity table and allocate the budgets when the spec has budget candidates
 * ({@link SensitivityStage}), run the candidates (one stage, or the rungs of successive halving; with a latency
 * objective each stage's latencies are re-measured serially before anything compares them, {@link SerialLatency}),
 * and build the front and the outputs ({@link SweepFinisher}). Where each candidate runs is the {@link CandidateRunner}'s
 * business: Spark tasks, or a plain loop.
 */
public final class SweepDriver {
    /**
     * A further output written from every row of the store once the front is known (front members with their
     * test accuracy): the spark package's {@code results.parquet}.
     *
     * @param fileName the file or directory name under the sweep directory, for the closing line
     * @param writer   writes it from the rows into the sweep directory
     */
    public record Output(String fileName, BiConsumer<List<ResultRow>, StoragePath> writer) {
        public Output {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(writer, "writer");
        }
    }

    private final CandidateRunner runner;
    private final Storage storage;
    private final Consumer<String> log;
    private final List<Output> outputs;

    /**
     * @param runner  where candidates and sensitivity cells run
     * @param storage what the output directory is read and written with (a URI needs the session's Hadoop
     *                settings)
     * @param log     progress and summary lines
     * @param outputs further outputs to write after the front (none for an in-process sweep)
     */
    public SweepDriver(CandidateRunner runner, Storage storage, Consumer<String> log, List<Output> outputs) {
        this.runner = runner;
        this.storage = Objects.requireNonNull(storage, "storage");
        this.log = log;
        this.outputs = List.copyOf(outputs);
    }

    /** A driver with Hadoop's default settings (plain paths and {@code file:} URIs) and no further outputs. */
    public SweepDriver(CandidateRunner runner, Consumer<String> log) {
        this(runner, Storage.withDefaults(), log, List.of());
    }

    /**
     * Runs (or resumes) a sweep under the output directory's lock, so two runs never overlap.
     *
     * @param specFile the YAML spec
     * @param out      local output directory
     * @param resume   what runs again besides candidates without a result
     * @param history  whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public SweepOutcome run(Path specFile, Path out, ResumeOptions resume, boolean history) {
        return run(specFile, out.toString(), resume, history);
    }

    /**
     * Runs (or resumes) a sweep under the output directory's lock, so two runs never overlap.
     *
     * @param specFile the YAML spec
     * @param out      output directory (a plain path or a URI), or null for the spec's
     * @param resume   what runs again besides candidates without a result
     * @param history  whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public SweepOutcome run(Path specFile, String out, ResumeOptions resume, boolean history) {
        SweepSpec spec = SpecLoader.load(specFile);
        ResultStore store = open(spec, out);
        try (SweepLock lock = SweepLock.acquire(store.root())) {
            return runLocked(spec, specFile, store, resume, history);
        }
    }

    /** Runs (or resumes) only the sensitivity analysis of a spec, under the output directory's lock. */
    public List<SensitivityRow> sensitivity(Path specFile, String out) {
        SweepSpec spec = SpecLoader.load(specFile);
        ResultStore store = open(spec, out);
        try (SweepLock lock = SweepLock.acquire(store.root())) {
            PreparedSweep p = SweepSetup.prepare(spec, specFile, store, runner.threadsPerTask(), runner.tables(), log);
            List<SensitivityRow> rows = sensitivity(stage(p));
            log.accept("outputs in " + store.root() + ": sensitivity.csv sensitivity.html");
            return rows;
        }
    }

    /** The one place the output directory is resolved and opened (checked and laid out before the lock). */
    private ResultStore open(SweepSpec spec, String out) {
        ResultStore store = new ResultStore(StoragePath.of(storage, out != null ? out : spec.output()).absolute());
        store.open(spec.name());
        return store;
    }

    private SweepOutcome runLocked(SweepSpec spec, Path specFile, ResultStore store, ResumeOptions resume,
                                   boolean history) {
        String started = Instant.now().toString();
        if (resume.retryFailed()) {
            log.accept("retrying " + store.forgetFailed() + " failed candidate(s)");
        }
        PreparedSweep p = SweepSetup.prepare(spec, specFile, store, runner.threadsPerTask(), runner.tables(), log);
        SerialLatency latency = new SerialLatency(p.splits().validation(), runner.threadsPerTask(), store);
        ResumePlan plan = ResumePlan.scan(store, Versions.current().commitLabel(), resume.rerunOtherCode());
        plan.messages().forEach(log);
        p = p.withCandidates(p.candidates(), plan.pending(store, p.candidates()));
        log.accept(String.format("sweep %s: %d candidates, %d already done, %d to run on %s", spec.name(),
                p.candidates().size(), p.candidates().size() - p.pending().size(), p.pending().size(),
                runner.where()));
        if (p.pending().isEmpty() && !spec.search().halving()) {
            log.accept("nothing to run: every candidate of this spec has a result in " + store.resultsDir());
        }
        SensitivityStage sensitivity = null;
        List<SensitivityRow> table = null;
        Map<String, Map<Integer, Double>> ratios = new TreeMap<>();
        if (spec.hasBudgets()) {
            // budget candidates need the sensitivity table: run (or reuse) it first
            sensitivity = stage(p);
            table = sensitivity(sensitivity);
            for (var a : sensitivity.allocations(table, p.candidates().stream().map(Candidate::config).toList())
                    .values()) {
                ratios.put(a.budget().id(), a.ratios());
                log.accept(String.format("budget %s: per-layer ratios %s, predicted %s %.0f -> %.0f, predicted accuracy "
                        + "loss %.2f pp", a.budget().id(), a.ratios(), a.budget().metric(), a.denseValue(),
                        a.predictedValue(), 100 * a.predictedLoss()));
            }
        }
        p = p.withJob(p.job().with(ratios, spec.search()));
        List<ResultRow> ran;
        if (spec.search().halving()) {
            Stages h = halving(p, plan, latency);
            ran = h.ran();
            p = h.prepared();
        } else {
            ran = runner.run(p, p.pending(), null, p.candidates().size(), log);
            serialLatency(p, p.candidates(), latency);
        }
        SweepOutcome outcome = SweepFinisher.finish(p, started, ran.size(), latency,
                table == null ? List.of() : table);
        outputs.forEach(o -> o.writer().accept(outcome.all(), store.root()));
        log.accept("");
        log.accept("Pareto front (" + String.join(" vs ", spec.objectives().stream().map(Metric::id).toList())
                + "), hypervolume " + String.format("%.4g", outcome.hypervolume()) + ", " + outcome.failed()
                + " failed:");
        log.accept(SweepFinisher.table(outcome, p.baseline()));
        if (history) {
            log.accept("history: " + SweepHistory.record(p, outcome, ran.size()));
        }
        log.accept("dataset loaded " + DataCache.loadCount() + " time(s) in this JVM");
        StringBuilder files = new StringBuilder();
        outputs.forEach(o -> files.append(o.fileName()).append(' '));
        log.accept("outputs in " + store.root() + ": " + files + "results.csv front.json front.csv report.html models/");
        return outcome;
    }

    /** The sweep with every rung's candidates, and the rows this run's tasks wrote. */
    private record Stages(PreparedSweep prepared, List<ResultRow> ran) {
    }

    /**
     * Successive halving: rung 0 runs every candidate with {@code search.minEpochs} fine-tune epochs; each next
     * rung keeps the best 1/eta of the previous one ({@link Halving}) and runs them with eta times the epochs, each
     * rung as its own stage of the runner. Every rung's rows are ordinary results (their ids differ by their
     * epochs), so a rerun skips finished rungs and, selection being deterministic, recomputes the same survivors.
     */
    private Stages halving(PreparedSweep p, ResumePlan plan, SerialLatency latency) {
        SearchSettings s = p.spec().search();
        double[] ref = SweepFinisher.reference(p.spec().objectives(), p.baseline());
        List<Candidate> rung = p.candidates();
        List<Candidate> all = new ArrayList<>(rung);
        List<Candidate> runNow = new ArrayList<>();
        List<ResultRow> ran = new ArrayList<>();
        for (int r = 0; r < s.rungs(); r++) {
            List<Candidate> pending = plan.pending(p.store(), rung);
            String stage = String.format("rung %d/%d (%d fine-tune epochs)", r, s.rungs() - 1, s.rungEpochs(r));
            log.accept(String.format("%s: %d candidates, %d already done, %d to run", stage, rung.size(),
                    rung.size() - pending.size(), pending.size()));
            runNow.addAll(pending);
            ran.addAll(runner.run(p, pending, stage, rung.size(), log));
            serialLatency(p, rung, latency);
            if (r == s.rungs() - 1) {
                break;
            }
            List<ResultRow> rows = latency.applied(rung.stream().map(c -> p.store().read(c.id())).toList());
            Set<String> keep = new HashSet<>(Halving.select(rows, p.spec().objectives(), ref, s.eta()));
            int epochs = s.rungEpochs(r + 1);
            rung = rung.stream().filter(c -> keep.contains(c.id()))
                    .map(c -> p.candidateOf(c.config().withFineTuneEpochs(epochs))).toList();
            log.accept(String.format("rung %d keeps %d of %d: %s", r, rung.size(), rows.size(),
                    keep.stream().sorted().toList()));
            all.addAll(rung);
        }
        return new Stages(p.withCandidates(all, runNow), ran);
    }

    /**
     * When latency is an objective, re-measures every ok row of a stage that was timed in its task (this run's
     * and earlier runs'), serially and with no task running, before halving or the front compares them; without
     * it, only the front's rows are re-measured ({@link SweepFinisher}).
     */
    private void serialLatency(PreparedSweep p, List<Candidate> stage, SerialLatency latency) {
        if (!p.spec().objectives().contains(Metric.LATENCY_MS)) {
            return;
        }
        List<ResultRow> rows = latency.applied(stage.stream().map(c -> p.store().read(c.id())).toList());
        long n = rows.stream().filter(SerialLatency::inTask).count();
        if (n > 0) {
            log.accept(String.format("latency_ms is an objective: re-measuring %d candidate(s) serially, %d rounds "
                    + "each", n, SerialLatency.ROUNDS));
            latency.remeasure(rows);
        }
    }

    private static SensitivityStage stage(PreparedSweep p) {
        SensitivitySettings s = p.spec().sensitivity();
        try {
            // a criterion the cells cannot score would fail every cell one by one, each kept as a failed row
            Pruner.check(p.base().net(), s.granularity(), s.criterion(), p.spec().space().caps().pruneOutputLayer());
            return new SensitivityStage(p);
        } catch (PruneException e) {
            throw new SweepException(p.specFile() + ": sensitivity.granularity = " + s.granularity().id()
                    + " with sensitivity.criterion = " + s.criterion().id() + ": " + e.getMessage(), 2);
        }
    }

    /** Measures the stage's missing cells, then writes the table's outputs and returns it. */
    private List<SensitivityRow> sensitivity(SensitivityStage stage) {
        List<SensitivityJob.Task> pending = stage.pending();
        PreparedSweep p = stage.sweep();
        log.accept(String.format("sensitivity %s: %d cells (%s), %d already done, %d to run", p.spec().name(),
                stage.tasks().size(), p.spec().sensitivity().criterion().id() + "/"
                        + p.spec().sensitivity().granularity().id(), stage.tasks().size() - pending.size(),
                pending.size()));
        if (!pending.isEmpty()) {
            runner.measure(stage, pending);
        }
        List<SensitivityRow> rows = stage.table();
        stage.writeOutputs(rows);
        long failed = rows.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            log.accept("sensitivity: " + failed + " cell(s) failed (see sensitivity.csv)");
        }
        return rows;
    }
}
