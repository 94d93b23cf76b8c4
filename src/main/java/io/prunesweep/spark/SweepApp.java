package io.prunesweep.spark;

import io.prunesweep.metric.Metric;
import io.prunesweep.results.Outcome;
import io.prunesweep.spec.SpecLoader;
import io.prunesweep.spec.SweepSpec;
import io.prunesweep.sweep.PreparedSweep;
import io.prunesweep.sweep.ResumeOptions;
import io.prunesweep.sweep.ResumePlan;
import io.prunesweep.sweep.Versions;
import io.prunesweep.results.ResultRow;
import io.prunesweep.results.ResultStore;
import io.prunesweep.sweep.SweepFinisher;
import io.prunesweep.sweep.SweepHistory;
import io.prunesweep.sweep.SweepLock;
import io.prunesweep.results.SweepOutcome;
import io.prunesweep.sweep.SweepSetup;
import io.prunesweep.spec.Candidate;
import io.prunesweep.spec.SearchSettings;
import io.prunesweep.sweep.Halving;
import io.prunesweep.results.SensitivityRow;
import io.prunesweep.sweep.SensitivityStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The public entry point for running a sweep, from the CLI, from {@code spark-submit} or from a Zeppelin
 * {@code %spark} paragraph (Scala: {@code SweepApp.run(spark, "conf/sweeps/quick.yaml")}). Only unchecked
 * exceptions, plain arguments, and return values that are records.
 */
public final class SweepApp {
    private SweepApp() {
    }

    /** Runs a spec into its own output directory on an existing session. */
    public static SweepOutcome run(SparkSession spark, String specFile) {
        return run(spark, Path.of(specFile), null, false, System.out::println);
    }

    /**
     * Runs (or resumes) a sweep.
     *
     * @param spark       the session; its master decides where candidates run
     * @param specFile    the YAML spec
     * @param out         output directory, or null for the spec's
     * @param retryFailed whether failed candidates run again
     * @param log         progress and summary lines
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, boolean retryFailed,
                                   Consumer<String> log) {
        return run(spark, specFile, out, retryFailed, false, log);
    }

    /**
     * Runs (or resumes) a sweep under the sweep directory's lock, so two runs never overlap.
     *
     * @param history whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, boolean retryFailed,
                                   boolean history, Consumer<String> log) {
        return run(spark, specFile, out, new ResumeOptions(retryFailed, false), history, log);
    }

    /**
     * Runs (or resumes) a sweep under the sweep directory's lock, so two runs never overlap.
     *
     * @param resume  what runs again besides candidates without a result
     * @param history whether to append this run's front to {@code <out>/history/} (scheduled runs)
     */
    public static SweepOutcome run(SparkSession spark, Path specFile, Path out, ResumeOptions resume,
                                   boolean history, Consumer<String> log) {
        SweepSpec spec = SpecLoader.load(specFile);
        Path dir0 = (out != null ? out : Path.of(spec.output())).toAbsolutePath().normalize();
        new ResultStore(dir0).open(spec.name());
        try (SweepLock lock = SweepLock.acquire(dir0)) {
            return runLocked(spark, specFile, spec, dir0, resume, history, log);
        }
    }

    private record HalvingRun(PreparedSweep prepared, List<ResultRow> ran) {
    }

    /**
     * Successive halving: rung 0 runs every candidate with {@code search.minEpochs} fine-tune epochs; each next
     * rung keeps the best 1/eta of the previous one ({@link Halving}) and runs them with eta times the epochs, each
     * rung as its own Spark job. Every rung's rows are ordinary results (their ids differ by their epochs), so a
     * rerun skips finished rungs and, selection being deterministic, recomputes the same survivors.
     */
    private static HalvingRun halving(SparkSession spark, PreparedSweep p, ResumePlan plan,
                                      Consumer<String> log) {
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
            ran.addAll(SparkSweep.run(spark, p, pending, stage, rung.size(), log));
            if (r == s.rungs() - 1) {
                break;
            }
            List<ResultRow> rows = rung.stream().map(c -> p.store().read(c.id())).toList();
            Set<String> keep = new HashSet<>(Halving.select(rows, p.spec().objectives(), ref, s.eta()));
            int epochs = s.rungEpochs(r + 1);
            rung = rung.stream().filter(c -> keep.contains(c.id()))
                    .map(c -> Candidate.of(c.config().withFineTuneEpochs(epochs), p.spec().seed(),
                            c.modelFingerprint(), c.dataFingerprint()))
                    .toList();
            log.accept(String.format("rung %d keeps %d of %d: %s", r, rung.size(), rows.size(), keep.stream().sorted()
                    .toList()));
            all.addAll(rung);
        }
        return new HalvingRun(p.withCandidates(all, runNow), ran);
    }

    private static SweepOutcome runLocked(SparkSession spark, Path specFile, SweepSpec spec, Path dir,
                                          ResumeOptions resume, boolean history, Consumer<String> log) {
        String started = Instant.now().toString();
        if (resume.retryFailed()) {
            ResultStore store = new ResultStore(dir.toAbsolutePath().normalize());
            if (java.nio.file.Files.exists(store.resultsDir())) {
                log.accept("retrying " + store.forgetFailed() + " failed candidate(s)");
            }
        }
        PreparedSweep p = SweepSetup.prepare(spec, specFile, dir, Sessions.threadsPerTask(spark), log);
        ResumePlan plan = ResumePlan.scan(p.store(), Versions.current().commitLabel(),
                resume.rerunOtherCode());
        plan.messages().forEach(log);
        p = p.withCandidates(p.candidates(), plan.pending(p.store(), p.candidates()));
        log.accept(String.format("sweep %s: %d candidates, %d already done, %d to run on %s (%d task slots)",
                spec.name(), p.candidates().size(), p.candidates().size() - p.pending().size(), p.pending().size(),
                spark.sparkContext().master(), spark.sparkContext().defaultParallelism()));
        if (p.pending().isEmpty() && !spec.search().halving()) {
            log.accept("nothing to run: every candidate of this spec has a result in " + p.store().resultsDir());
        }
        SensitivityStage sensitivity = null;
        List<SensitivityRow> table = null;
        Map<String, Map<Integer, Double>> ratios = new TreeMap<>();
        if (spec.hasBudgets()) {
            // budget candidates need the sensitivity table: run (or reuse) it first
            sensitivity = Sensitivity.stage(p, specFile);
            table = Sensitivity.run(spark, sensitivity, log);
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
            HalvingRun h = halving(spark, p, plan, log);
            ran = h.ran();
            p = h.prepared();
        } else {
            ran = SparkSweep.run(spark, p, log);
        }
        SweepOutcome outcome = SweepFinisher.finish(p, started, ran.size());
        if (table != null) {
            sensitivity.writeOutputs(table); // report.html was rewritten: put the sensitivity section back
        }
        ResultsFrame.writeParquet(spark, outcome.all(), p.store().root());
        log.accept("");
        log.accept("Pareto front (" + String.join(" vs ", spec.objectives().stream().map(Metric::id).toList())
                + "), hypervolume "
                + String.format("%.4g", outcome.hypervolume()) + ", " + outcome.failed() + " failed:");
        log.accept(SweepFinisher.table(outcome, p.baseline()));
        if (history) {
            log.accept("history: " + SweepHistory.record(p, outcome, ran.size()));
        }
        log.accept("dataset loaded " + io.prunesweep.data.DataCache.loadCount() + " time(s) in this JVM");
        log.accept("outputs in " + p.store().root() + ": results.parquet results.csv front.json front.csv report.html models/");
        return outcome;
    }

    /**
     * A sweep directory's results as a DataFrame (for notebooks), with the test accuracy of the current
     * front members filled in from {@code front.json} (result files hold validation metrics only).
     */
    public static Dataset<Row> results(SparkSession spark, String sweepDir) {
        List<ResultRow> rows = new ResultStore(Path.of(sweepDir)).readAll();
        Path front = Path.of(sweepDir, "front.json");
        if (java.nio.file.Files.isRegularFile(front)) {
            try {
                java.util.Map<String, Double> test = new java.util.HashMap<>();
                io.prunesweep.report.JsonWriter.readFront(front).forEach(r -> test.put(r.candidateId(),
                        r.measurements().testAccuracy()));
                rows = rows.stream().map(r -> test.containsKey(r.candidateId()) && r.ok()
                        ? r.withOutcome(new Outcome.Measured(r.measurements().withTestAccuracy(test.get(r.candidateId()))))
                        : r).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + front, e);
            }
        }
        return ResultsFrame.of(spark, rows);
    }

    /** Runs {@code body} in a new session (see {@link #session}) and stops the session afterwards. */
    public static <T> T withSession(String appName, String master, java.util.function.Function<SparkSession, T> body) {
        SparkSession spark = session(appName, master);
        try {
            return body.apply(spark);
        } finally {
            spark.stop();
        }
    }

    /** Creates (or reuses) a session with prunesweep's Kryo settings; master null = configured or local[*]. */
    public static SparkSession session(String appName, String master) {
        return Sessions.getOrCreate(appName, master);
    }
}
